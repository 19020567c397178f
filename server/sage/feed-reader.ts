import type { Logger } from 'pino';
import { ENTITY_KEYS, type EntityName } from '../../agent/entities.js';
import { comparePositions, keyOf, positionOf } from '../../agent/sage-row.js';
import type { AgentPosition } from './agent-client.js';
import type { AgentChangePage, SageRecord } from './agent-schemas.js';
import { contentHash } from './feed-hash.js';
import {
  keyText,
  parseWatermark,
  serialiseWatermark,
  type FeedPosition,
  type FeedWatermark,
} from './feed-watermark.js';
import { readStartFor } from './feed-window.js';
import { sageToInstant } from './sage-time.js';

/** The one agent call the reader needs; AgentClient implements it. */
export interface ChangePagePort {
  getChanges(
    entity: EntityName,
    after: AgentPosition | undefined,
    pageSize: number,
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

export interface FeedBatch {
  entity: EntityName;
  /** Rows new or changed since the watermark; may be empty when a page held only known rows. */
  changes: FeedChange[];
  /** Rows the agent returned for this page, including those dropped as already delivered. */
  rowsRead: number;
  /** The watermark to store once `changes` are stored; commit() stores it. */
  watermark: string;
  /** Confirms the batch is stored: saves `watermark` (through saveWatermark) and lets the feed read on. */
  commit(): Promise<void>;
}

export interface ReadChangesOptions {
  /** Seconds of real time re-read before the watermark on every poll. */
  overlapSeconds: number;
  /** Rows per agent call (at most the agent's MaxPageSize). */
  pageSize: number;
  /** The Sage server's IANA time zone (the tenant's setting). */
  timeZone: string;
  /** Persists a watermark; called by FeedBatch.commit(). */
  saveWatermark?: (watermark: string) => Promise<void>;
}

/** Thrown when the next page is pulled before the previous batch was committed. */
export class FeedUncommittedBatchError extends Error {
  constructor(entity: string) {
    super(
      `${entity}: the previous batch was not committed; store it and call commit() before reading on`,
    );
    this.name = 'FeedUncommittedBatchError';
  }
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

/**
 * Reads an entity's changes since `watermark`, page by page, until the agent has no more.
 *
 * Each poll re-reads an overlap window before the watermark (widened across a DST fall-back) and
 * drops rows whose key and content hash were already delivered, so rows written late by a
 * workstation whose clock lags, or sharing a timestamp across pages, are neither lost nor
 * delivered twice. The stored position never moves past the Sage server's own clock, so a row
 * stamped in the future by a clock running ahead cannot make later rows look old. Our own clock
 * is never used. Each batch carries the watermark to store; the next page is read only after the
 * caller has stored the batch and called commit().
 */
export async function* readChanges(
  port: ChangePagePort,
  entity: EntityName,
  watermark: string | undefined,
  options: ReadChangesOptions,
  logger: Logger,
): AsyncGenerator<FeedBatch, void, undefined> {
  const keyColumns = ENTITY_KEYS[entity];
  // Many rows share a stamp; converting each stamp once keeps luxon off the hot path.
  const utcByStamp = new Map<string, string | null>();
  const utc = (position: FeedPosition): string | null => {
    const stamp = `${position.date} ${position.time}`;
    let value = utcByStamp.get(stamp);
    if (value === undefined) {
      value = utcOf(position, options.timeZone, logger);
      if (utcByStamp.size > 10_000) utcByStamp.clear();
      utcByStamp.set(stamp, value);
    }
    return value;
  };
  const state: FeedWatermark = parseWatermark(watermark);
  let furthest = state.position;
  let after: AgentPosition | undefined;
  if (state.position) {
    const start = readStartFor(state.position, options.overlapSeconds, options.timeZone);
    after = { date: start.date, time: start.time, key: [] };
  }

  for (;;) {
    const page = await port.getChanges(entity, after, options.pageSize);
    const changes: FeedChange[] = [];
    for (const record of page.records) {
      const position = positionOf(record, keyColumns);
      // Rows must come strictly in order; an agent that does not move forward would loop forever.
      if (after && comparePositions(position, after) <= 0)
        throw new FeedOrderError(entity, after, position);
      const key = keyOf(record, keyColumns);
      const hash = contentHash(record);
      const id = keyText(key);
      if (state.seen.get(id)?.hash !== hash) {
        changes.push({
          entity,
          key,
          record,
          hash,
          updatedAt: utc(position),
        });
      }
      state.seen.set(id, { hash, date: position.date, time: position.time });
      furthest = laterOf(furthest, position);
      after = position;
    }

    // The resume point: the furthest row read, but never beyond what Sage's clock says is now.
    const now: FeedPosition = { date: page.sageNow.date, time: page.sageNow.time, key: [] };
    const resume = furthest && comparePositions({ ...furthest, key: [] }, now) > 0 ? now : furthest;
    if (resume) {
      const start = readStartFor(resume, options.overlapSeconds, options.timeZone);
      const startPosition: FeedPosition = { ...start, key: [] };
      for (const [id, row] of state.seen) {
        if (comparePositions({ ...row, key: [] }, startPosition) < 0) state.seen.delete(id);
      }
    }
    const next = serialiseWatermark({ position: resume, seen: state.seen });

    let committed = false;
    yield {
      entity,
      changes,
      rowsRead: page.records.length,
      watermark: next,
      commit: async () => {
        await options.saveWatermark?.(next);
        committed = true;
      },
    };
    if (!committed) throw new FeedUncommittedBatchError(entity);
    if (!page.hasMore || page.records.length === 0) return;
  }
}

function utcOf(position: FeedPosition, zone: string, logger: Logger): string | null {
  if (position.date === '00000000') return null;
  try {
    return sageToInstant(position.date, position.time, zone).toISOString();
  } catch (error) {
    logger.warn({ date: position.date, time: position.time, err: error }, 'unreadable Sage stamp');
    return null;
  }
}
