import type { AgentDataSource } from './data-source.js';
import { ENTITY_KEYS, type EntityName } from './entities.js';
import {
  compareKeys,
  hoursOf,
  keyOf,
  NEVER_STAMPED,
  positionOf,
  type Position,
  type SageRow,
} from './sage-row.js';
import {
  decodeFingerprints,
  EMPTY_DIGEST,
  groupIdOf,
  keyDigest,
  keyFingerprint,
  xorDigest,
  type KnownGroup,
} from './stamp-groups.js';

export interface ChangePage {
  rows: SageRow[];
  /** True when rows after the last one returned exist. */
  hasMore: boolean;
  /** Rows after `after`, this page's included, when asked for and the source can count. */
  remaining?: number;
}

export interface ChangePageOptions {
  count?: boolean;
  /** Stamp groups the caller holds already: left out while their rows are exactly those. */
  known?: readonly KnownGroup[];
}

/** The known groups by id, fingerprints decoded once per call. */
type KnownById = ReadonlyMap<string, { group: KnownGroup; fingerprints?: Set<number> }>;

/**
 * Leaves out what the caller holds: a small known group whose rows are still exactly the ones it
 * holds (same count, same key digest), and any row of a large known group whose key is among its
 * fingerprints. `rows` must hold each group whole: a group is compared over all of its rows, not
 * only those after the caller's position.
 */
function withoutKnown(rows: SageRow[], keyColumns: readonly string[], known: KnownById): SageRow[] {
  if (known.size === 0) return rows;
  const tally = new Map<string, { count: number; digest: string }>();
  const leftOut = new Set<SageRow>();
  for (const row of rows) {
    const id = groupIdOf(row.DateUpdated, row.TimeUpdated);
    const held = known.get(id);
    if (!held) continue;
    const key = keyOf(row, keyColumns);
    if (held.fingerprints) {
      if (held.fingerprints.has(keyFingerprint(key))) leftOut.add(row);
      continue;
    }
    const group = tally.get(id) ?? { count: 0, digest: EMPTY_DIGEST };
    group.count++;
    group.digest = xorDigest(group.digest, keyDigest(key));
    tally.set(id, group);
  }
  const unchanged = new Set<string>();
  for (const [id, group] of tally) {
    const held = known.get(id)?.group;
    if (held && held.count === group.count && held.digest === group.digest) unchanged.add(id);
  }
  if (unchanged.size === 0 && leftOut.size === 0) return rows;
  return rows.filter(
    (row) => !leftOut.has(row) && !unchanged.has(groupIdOf(row.DateUpdated, row.TimeUpdated)),
  );
}

interface Sortable {
  row: SageRow;
  date: string;
  hours: number;
  key: string[];
}

/** comparePositions over a row's precomputed position. */
function compareSortable(a: Sortable, date: string, hours: number, key: string[]): number {
  if (a.date !== date) return a.date < date ? -1 : 1;
  if (a.hours !== hours) return a.hours < hours ? -1 : 1;
  return compareKeys(a.key, key);
}

/**
 * One page of the change feed: rows strictly after `after` in (DateUpdated, TimeUpdated, key)
 * order, at most `pageSize` of them. Without `after` the feed starts before the first row,
 * including rows that were never stamped.
 *
 * TimeUpdated is a string of decimal hours, so SQL cannot order by it ("9.5" sorts after
 * "14.2"), and the ProvideX driver offers no numeric cast we can rely on. SQL therefore narrows
 * by DateUpdated and, on the start day, to the stamps from `after`'s hour on (a superset the
 * source may widen); each day is sorted here. Every stamp from the start on is read whole, so rows
 * sharing one timestamp can never be split by a page boundary the key cannot resume from, and a
 * known group is compared over all of its rows.
 */
export async function readChangePage(
  source: AgentDataSource,
  entity: EntityName,
  after: Position | undefined,
  pageSize: number,
  options: ChangePageOptions = {},
): Promise<ChangePage> {
  const keyColumns = ENTITY_KEYS[entity];
  const startDate = after?.date ?? NEVER_STAMPED;
  const known: KnownById = new Map(
    (options.known ?? []).map((group) => [
      groupIdOf(group.date, group.time),
      group.fingerprints === undefined
        ? { group }
        : { group, fingerprints: decodeFingerprints(group.fingerprints) },
    ]),
  );
  // Positions (their hours as numbers) are computed once per row, not inside the comparator: a
  // first sync's stamp group is the whole table, read and sorted on every page.
  const afterHours = after ? hoursOf(after.time) : 0;
  const ordered = (rows: SageRow[]) => {
    const sortable: Sortable[] = [];
    for (const row of withoutKnown(rows, keyColumns, known)) {
      const position = positionOf(row, keyColumns);
      const entry = { row, date: position.date, hours: hoursOf(position.time), key: position.key };
      if (!after || compareSortable(entry, after.date, afterHours, after.key) > 0) {
        sortable.push(entry);
      }
    }
    sortable.sort((a, b) => compareSortable(a, b.date, b.hours, b.key));
    return sortable.map(({ row }) => row);
  };

  const collected = ordered(
    after && startDate !== NEVER_STAMPED && source.rowsUpdatedFrom
      ? await source.rowsUpdatedFrom(entity, startDate, after.time)
      : await source.rowsUpdatedOn(entity, startDate),
  );
  // What is left: the rest of the start day (read anyway) and one COUNT beyond it.
  const remaining =
    options.count && source.countUpdatedAfter
      ? collected.length + (await source.countUpdatedAfter(entity, startDate))
      : undefined;
  const told = remaining === undefined ? {} : { remaining };
  if (collected.length > pageSize)
    return { rows: collected.slice(0, pageSize), hasMore: true, ...told };

  let day: string | undefined;
  let dayRows: SageRow[] = [];
  let stoppedEarly = false;
  for await (const row of source.rowsUpdatedAfter(entity, startDate)) {
    const rowDay = row.DateUpdated || NEVER_STAMPED;
    if (rowDay !== day) {
      collected.push(...ordered(dayRows));
      dayRows = [];
      day = rowDay;
      if (collected.length >= pageSize) {
        stoppedEarly = true;
        break;
      }
    }
    dayRows.push(row);
  }
  collected.push(...ordered(dayRows));
  return {
    rows: collected.slice(0, pageSize),
    hasMore: stoppedEarly || collected.length > pageSize,
    ...told,
  };
}
