import { DATE_UPDATED, TIME_UPDATED } from './entities.js';

/**
 * One Sage row as the agent hands it on: Sage's column names, values in Sage's formats (dates
 * YYYYMMDD, times decimal hours, numbers as decimal strings), null for a null column.
 */
export type SageRow = Record<string, string | null>;

/** Where a row sits in the feed's order. Date "00000000" holds rows that were never stamped. */
export interface Position {
  date: string;
  /** Decimal hours as Sage wrote it ("14.50833"); compared as a number, kept as text. */
  time: string;
  key: string[];
}

export const NEVER_STAMPED = '00000000';

/** Sage stores TimeUpdated as a string of decimal hours; blanks count as midnight. */
export function hoursOf(time: string | null | undefined): number {
  if (!time) return 0;
  const hours = Number(time.trim());
  return Number.isFinite(hours) ? hours : 0;
}

export function keyOf(row: SageRow, keyColumns: readonly string[]): string[] {
  return keyColumns.map((column) => row[column] ?? '');
}

export function positionOf(row: SageRow, keyColumns: readonly string[]): Position {
  return {
    date: row[DATE_UPDATED] || NEVER_STAMPED,
    time: row[TIME_UPDATED] ?? '',
    key: keyOf(row, keyColumns),
  };
}

export function compareKeys(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? '';
    const y = b[i] ?? '';
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The feed's total order: DateUpdated, then TimeUpdated as a number, then the key. */
export function comparePositions(a: Position, b: Position): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  const ha = hoursOf(a.time);
  const hb = hoursOf(b.time);
  if (ha !== hb) return ha < hb ? -1 : 1;
  return compareKeys(a.key, b.key);
}
