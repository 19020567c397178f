import type { Logger } from 'pino';
import { ENTITY_KEYS, type EntityName } from '../../agent/entities.js';
import { comparePositions, keyOf, NEVER_STAMPED, positionOf } from '../../agent/sage-row.js';
import type { AgentPosition } from './agent-client.js';
import type { AgentChangePage, AgentPageEnd, SageRecord } from './agent-schemas.js';
import { contentHash } from './feed-hash.js';
import { groupIdOf, type KnownGroup } from '../../agent/stamp-groups.js';
import { admitRow, knownFrom, pruneBefore } from './feed-groups.js';
import type { FeedPosition, FeedWatermark } from './feed-watermark.js';
import { readStartFor } from './feed-window.js';
import { instantToSage, sageToInstant } from './sage-time.js';

/** The one agent call the feed needs; AgentClient implements it. */
export interface ChangePagePort {
  getChanges(
    entity: EntityName,
    after: AgentPosition | undefined,
    pageSize: number,
    options?: {
      count?: boolean;
      known?: readonly KnownGroup[];
      /** Told the page's end ahead of its rows, when the agent writes it first (ADR 0081). */
      onPageEnd?: (end: AgentPageEnd) => void;
    },
  ): Promise<AgentChangePage>;
}

export interface FeedChange {
  entity: EntityName;
  /** Key parts in the entity's key order, e.g. ["01", "ABF"] for AR_Customer. */
  key: string[];
  /** The row with Sage's column names and formats. */
  record: SageRecord;
  /** Content hash over every column but the update stamps. */
  hash: string;
  /** DateUpdated + TimeUpdated as a UTC instant (ISO 8601); null when never stamped. */
  updatedAt: string | null;
}

export interface FeedPageOptions {
  /** Seconds of real time re-read before the watermark on every poll. */
  overlapSeconds: number;
  /** Rows per agent call (at most the agent's MaxPageSize). */
  pageSize: number;
  /** The Sage server's IANA time zone (the tenant's setting). */
  timeZone: string;
  /** Without a watermark: start at this instant instead of before the first row (backfills). */
  since?: Date;
  /** At the start of a poll, ask the agent how many rows are left (a run's estimated total). */
  count?: boolean;
}

/** The agent returned a row at or before the position asked for: its order is broken. */
export class FeedOrderError extends Error {
  constructor(entity: string, after: FeedPosition, got: FeedPosition) {
    super(
      `${entity}: the agent returned ${JSON.stringify(got)} for rows after ${JSON.stringify(after)}`,
    );
    this.name = 'FeedOrderError';
  }
}

function laterOf(a: FeedPosition | undefined, b: FeedPosition): FeedPosition {
  return !a || comparePositions(b, a) > 0 ? b : a;
}

/** Where the next agent call starts: right after the last row of an unfinished poll, else at
 * the overlap window before the position, else at `since`, else before the first row. */
function startOf(state: FeedWatermark, options: FeedPageOptions): AgentPosition | undefined {
  if (state.continueAfter) return state.continueAfter;
  if (state.position) {
    return { ...readStartFor(state.position, options.overlapSeconds, options.timeZone), key: [] };
  }
  if (options.since) return { ...instantToSage(options.since, options.timeZone), key: [] };
  return undefined;
}

/** Converts stamps to UTC once each: many rows share a stamp, and luxon is not cheap. */
export function stampConverter(zone: string, logger: Logger): (p: FeedPosition) => string | null {
  const cache = new Map<string, string | null>();
  return (position) => {
    if (position.date === NEVER_STAMPED) return null;
    const stamp = `${position.date} ${position.time}`;
    let value = cache.get(stamp);
    if (value === undefined) {
      try {
        value = sageToInstant(position.date, position.time, zone).toISOString();
      } catch (error) {
        logger.warn({ date: position.date, time: position.time, err: error }, 'bad Sage stamp');
        value = null;
      }
      if (cache.size > 10_000) cache.clear();
      cache.set(stamp, value);
    }
    return value;
  };
}

/**
 * Reads one page of an entity's changes and advances `state` (the parsed watermark) in place.
 *
 * A poll re-reads an overlap window before the position (widened across a DST fall-back). The
 * request names the stamp groups already delivered there, so the agent sends only what changed,
 * and rows already delivered are dropped (feed-groups.ts), so rows written late by a workstation
 * whose clock lags, or sharing a timestamp across pages, are neither lost nor delivered twice. The position never moves past the Sage server's own clock, so a row stamped
 * in the future by a clock running ahead cannot make later rows look old. Our clock is not used.
 */
export async function readFeedPage(
  port: ChangePagePort,
  entity: EntityName,
  state: FeedWatermark,
  options: FeedPageOptions,
  utc: (position: FeedPosition) => string | null,
): Promise<FeedPageResult> {
  const request = pageRequest(state, options);
  const page = await sendRequest(port, entity, request);
  return admitPage(entity, state, options, utc, request, page);
}

export interface FeedPageResult {
  changes: FeedChange[];
  rowsRead: number;
  hasMore: boolean;
  remaining?: number;
}

/** The agent call a page makes from `state`, and what admitting its rows needs. */
export interface PageRequest {
  after: AgentPosition | undefined;
  pageSize: number;
  count: boolean;
  known: KnownGroup[];
  /** The groups first read in this poll, so far (admitRow adds to it). */
  fresh: Set<string>;
  /** The group the page continues, when the poll's last page ended inside it. */
  continuing: string | undefined;
}

export function pageRequest(state: FeedWatermark, options: FeedPageOptions): PageRequest {
  // Counted once a poll, at its start: later pages of the poll continue after its last row.
  const count = options.count === true && !state.continueAfter;
  const after = startOf(state, options);
  const continuing =
    state.continueAfter && groupIdOf(state.continueAfter.date, state.continueAfter.time);
  const fresh = new Set<string>(continuing && state.continueFresh ? [continuing] : []);
  const known = knownFrom(state, after, fresh);
  return { after, pageSize: options.pageSize, count, known, fresh, continuing };
}

/** What the agent is sent for a request: two requests with the same text ask the same. */
export function requestText(request: PageRequest): string {
  const { after, pageSize, count, known } = request;
  return JSON.stringify([after, pageSize, count, known]);
}

export function sendRequest(
  port: ChangePagePort,
  entity: EntityName,
  request: PageRequest,
  onPageEnd?: (end: AgentPageEnd) => void,
): Promise<AgentChangePage> {
  return port.getChanges(entity, request.after, request.pageSize, {
    ...(request.count ? { count: true } : {}),
    ...(request.known.length ? { known: request.known } : {}),
    ...(onPageEnd ? { onPageEnd } : {}),
  });
}

/** A page's end as the agent's PageEnd states it: whether more follow, its last row's position. */
export function pageEndOf(entity: EntityName, page: AgentChangePage): AgentPageEnd {
  const last = page.records.at(-1);
  return {
    hasMore: page.hasMore,
    ...(last ? { last: positionOf(last, ENTITY_KEYS[entity]) } : {}),
  };
}

/** Whether two page ends name the same place (a PageEnd and the rows it came before). */
export function samePageEnd(a: AgentPageEnd, b: AgentPageEnd): boolean {
  return (
    a.hasMore === b.hasMore &&
    (a.last === undefined
      ? b.last === undefined
      : b.last !== undefined &&
        a.last.date === b.last.date &&
        a.last.time === b.last.time &&
        a.last.key.length === b.last.key.length &&
        a.last.key.every((part, i) => part === b.last!.key[i]))
  );
}

/**
 * The next page's request from a page's end, before its rows are admitted, when it can be known
 * before: it starts after the page's last row, and names the groups at or after that row's
 * stamp. Admitting the page changes only its rows' groups, and of those only the last row's is at
 * that stamp; when that group is first read in this poll it is left out of the next request
 * anyway. Undefined when the page is the poll's last, or its last row belongs to a group held
 * from before the poll (the page may rebuild it). The end is the parsed page's (pageEndOf) or the
 * agent's PageEnd read ahead of the rows (ADR 0081); the caller still compares the request with
 * pageRequest after admitting (requestText).
 */
export function nextRequestBeforeAdmitting(
  state: FeedWatermark,
  options: FeedPageOptions,
  request: PageRequest,
  end: AgentPageEnd,
): PageRequest | undefined {
  const after = end.last;
  if (!end.hasMore || !after) return undefined;
  const id = groupIdOf(after.date, after.time);
  if (state.groups.has(id) && !request.fresh.has(id)) return undefined;
  const fresh = new Set([id]);
  const known = knownFrom(state, after, fresh);
  return { after, pageSize: options.pageSize, count: false, known, fresh, continuing: id };
}

/**
 * Admits the rows of the page `request` was answered with and advances `state` (the parsed
 * watermark) in place; see readFeedPage.
 */
export function admitPage(
  entity: EntityName,
  state: FeedWatermark,
  options: FeedPageOptions,
  utc: (position: FeedPosition) => string | null,
  request: PageRequest,
  page: AgentChangePage,
): FeedPageResult {
  const keyColumns = ENTITY_KEYS[entity];
  const { fresh, continuing } = request;
  let after = request.after;
  const changes: FeedChange[] = [];
  let furthest = state.position;
  let previousGroup = continuing;
  for (const record of page.records) {
    const position = positionOf(record, keyColumns);
    // Rows must come strictly in order; an agent that does not move forward would loop forever.
    if (after && comparePositions(position, after) <= 0) {
      throw new FeedOrderError(entity, after, position);
    }
    const key = keyOf(record, keyColumns);
    const hash = contentHash(record);
    if (admitRow(state, { key, hash, position }, fresh, previousGroup)) {
      changes.push({ entity, key, record, hash, updatedAt: utc(position) });
    }
    previousGroup = groupIdOf(position.date, position.time);
    furthest = laterOf(furthest, position);
    after = position;
  }

  // The resume point: the furthest row read, but never beyond what Sage's clock says is now.
  const now: FeedPosition = { date: page.sageNow.date, time: page.sageNow.time, key: [] };
  state.position = furthest && comparePositions({ ...furthest, key: [] }, now) > 0 ? now : furthest;
  if (state.position) {
    const start = readStartFor(state.position, options.overlapSeconds, options.timeZone);
    pruneBefore(state, { ...start, key: [] });
  }
  const hasMore = page.hasMore && page.records.length > 0;
  state.continueAfter = hasMore ? after : undefined;
  const last = after && groupIdOf(after.date, after.time);
  state.continueFresh = hasMore && last !== undefined && fresh.has(last) ? true : undefined;
  // The agent counts the overlap window's rows too; those this page dropped as already delivered
  // are not changes (the window sits at the start of the poll, so within its first page).
  const dropped = page.records.length - changes.length;
  const remaining =
    page.remaining === undefined ? undefined : Math.max(changes.length, page.remaining - dropped);
  return {
    changes,
    rowsRead: page.records.length,
    hasMore,
    ...(remaining !== undefined ? { remaining } : {}),
  };
}
