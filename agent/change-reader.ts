import type { AgentDataSource } from './data-source.js';
import { ENTITY_KEYS, type EntityName } from './entities.js';
import {
  comparePositions,
  NEVER_STAMPED,
  positionOf,
  type Position,
  type SageRow,
} from './sage-row.js';

export interface ChangePage {
  rows: SageRow[];
  /** True when rows after the last one returned exist. */
  hasMore: boolean;
  /** Rows after `after`, this page's included, when asked for and the source can count. */
  remaining?: number;
}

/**
 * One page of the change feed: rows strictly after `after` in (DateUpdated, TimeUpdated, key)
 * order, at most `pageSize` of them. Without `after` the feed starts before the first row,
 * including rows that were never stamped.
 *
 * TimeUpdated is a string of decimal hours, so SQL cannot order by it ("9.5" sorts after
 * "14.2"), and the ProvideX driver offers no numeric cast we can rely on. SQL therefore narrows
 * and orders by DateUpdated only; each day is sorted here. A day is always read whole, so rows
 * sharing one timestamp can never be split by a page boundary the key cannot resume from.
 */
export async function readChangePage(
  source: AgentDataSource,
  entity: EntityName,
  after: Position | undefined,
  pageSize: number,
  options: { count?: boolean } = {},
): Promise<ChangePage> {
  const keyColumns = ENTITY_KEYS[entity];
  const startDate = after?.date ?? NEVER_STAMPED;
  // Positions are computed once per row, not inside the sort comparator.
  const ordered = (rows: SageRow[]) =>
    rows
      .map((row) => ({ row, position: positionOf(row, keyColumns) }))
      .filter(({ position }) => !after || comparePositions(position, after) > 0)
      .sort((a, b) => comparePositions(a.position, b.position))
      .map(({ row }) => row);

  const collected = ordered(await source.rowsUpdatedOn(entity, startDate));
  // What is left: the rest of the start day (read whole anyway) and one COUNT beyond it.
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
