import type { LengthTable } from '../catalog/types.js';
import { isEmpty } from '../mapping/values.js';

/**
 * What the target would reject, caught before any call: missing mandatory values, picklist
 * values it does not know. Over-long text is trimmed at a word boundary with a warning instead,
 * because losing the tail of a name beats not syncing the record.
 */
export function trimToLengths(
  fields: Record<string, unknown>,
  lengths: LengthTable,
  warnings: string[],
): void {
  for (const field in fields) {
    const value = fields[field];
    if (typeof value !== 'string') continue;
    const max = lengths[field];
    if (max === undefined) continue;
    const trimmed = trimAtWord(value, max);
    if (trimmed === value) continue;
    fields[field] = trimmed;
    warnings.push(`${field} trimmed to ${max} characters ("${trimmed}")`);
  }
}

/**
 * A value cut to `max` characters, counted in code points (an emoji is one character and is
 * never split into a lone surrogate), at the last space when that keeps more than half.
 */
export function trimAtWord(value: string, max: number): string {
  // No more UTF-16 units than `max` is no more code points either: nothing to cut, no copy.
  if (value.length <= max) return value;
  const chars = [...value];
  if (chars.length <= max) return value;
  const head = chars.slice(0, max + 1);
  const cut = head.lastIndexOf(' ');
  return (cut > max / 2 ? head.slice(0, cut) : head.slice(0, max)).join('').trimEnd();
}

export function missingMandatory(mandatory: string[], merged: Record<string, unknown>): string[] {
  return mandatory.filter((f) => isEmpty(merged[f]));
}

/** One address as Zoho's email fields take it: Sage's EmailAddress often holds two ("a@x; b@y"). */
const ZOHO_EMAIL = /^[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+$/;

/**
 * The record's email field, when it holds what Zoho refuses. Sent anyway, Zoho answered
 * INVALID_DATA, and the record failed and was retried eight times with the same value.
 */
export function badEmail(field: string | undefined, fields: Record<string, unknown>): string[] {
  if (field === undefined) return [];
  const value = fields[field];
  if (isEmpty(value) || ZOHO_EMAIL.test(String(value).trim())) return [];
  return [
    `${field} "${String(value)}" is not one email address Zoho accepts (like name@example.com)`,
  ];
}

export function badPicklistValues(
  picklists: Record<string, string[]>,
  fields: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const field in picklists) {
    const value = fields[field];
    if (isEmpty(value)) continue;
    const allowed = picklists[field]!;
    if (!allowed.includes(String(value))) {
      problems.push(`${field} "${String(value)}" is not a value of the Zoho picklist`);
    }
  }
  return problems;
}
