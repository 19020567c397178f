import type { ModuleFilter } from '../model/index.js';
import { z } from 'zod';
import type { Side } from '../vocabulary.js';
import { isEmpty, normalize } from './values.js';

export const FILTER_OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'empty',
  'not_empty',
  'greater_than',
  'less_than',
] as const;
export const filterOperator = z.enum(FILTER_OPERATORS);

function matches(filter: ModuleFilter, value: unknown): boolean {
  const actual = normalize(value);
  const expected = normalize(filter.value);
  const text = (v: unknown) => String(v ?? '').toLowerCase();
  switch (filter.operator) {
    case 'equals':
      return text(actual) === text(expected);
    case 'not_equals':
      return text(actual) !== text(expected);
    case 'in':
      return Array.isArray(expected) && expected.some((e) => text(e) === text(actual));
    case 'not_in':
      return !Array.isArray(expected) || !expected.some((e) => text(e) === text(actual));
    case 'contains':
      return text(actual).includes(text(expected));
    case 'starts_with':
      return text(actual).startsWith(text(expected));
    case 'empty':
      return isEmpty(value);
    case 'not_empty':
      return !isEmpty(value);
    case 'greater_than':
      return order(actual, expected) > 0;
    case 'less_than':
      return order(actual, expected) < 0;
    default:
      return false;
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}(?:[T ].*)?$/;

/** A date value's instant: Zoho's YYYY-MM-DD or ISO date-time, Sage's YYYYMMDD. */
function instantOf(value: unknown): number | undefined {
  const text = String(value ?? '').trim();
  const iso = /^\d{8}$/.test(text)
    ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6)}`
    : text;
  if (!DATE.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Whether a value given to greater_than / less_than can be compared: a number or a date. */
export function isOrderedFilterValue(value: unknown): boolean {
  const v = normalize(value);
  return (typeof v === 'number' && Number.isFinite(v)) || instantOf(v) !== undefined;
}

/**
 * The sign of actual - expected. A date (`2026-01-01`) compares dates: as numbers, Zoho's
 * `2026-03-01T10:00:00-06:00` and the date were both NaN, so every record was filtered out.
 * Anything else compares as numbers, as before; what cannot be compared is NaN (no match).
 */
function order(actual: unknown, expected: unknown): number {
  if (typeof expected === 'string' && instantOf(expected) !== undefined) {
    const at = instantOf(actual);
    return at === undefined ? Number.NaN : at - instantOf(expected)!;
  }
  return Number(actual) - Number(expected);
}

/**
 * Whether a record passes the module's filters. Only filters on the sides whose record is at hand
 * count; returns the first failing criterion so the skip event can say why.
 */
export function passesFilters(
  filters: ModuleFilter[],
  match: 'all' | 'any',
  records: Partial<Record<Side, Record<string, unknown>>>,
): { pass: true } | { pass: false; reason: string } {
  const applicable = filters.filter((f) => records[f.side] !== undefined);
  if (applicable.length === 0) return { pass: true };
  const results = applicable.map((f) => ({ f, ok: matches(f, records[f.side]?.[f.field]) }));
  const pass = match === 'all' ? results.every((r) => r.ok) : results.some((r) => r.ok);
  if (pass) return { pass: true };
  const failed = results.find((r) => !r.ok)?.f ?? applicable[0];
  return {
    pass: false,
    reason: `filtered out: ${failed?.side} ${failed?.field} ${failed?.operator} ${JSON.stringify(failed?.value ?? null)}`,
  };
}
