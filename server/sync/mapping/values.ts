/**
 * Value comparison shared by hashing, diffs and conflict detection. Two systems spell the same
 * value differently ("1500" vs 1500.00, "" vs null, {id} vs id), and a sync that compares raw
 * values writes forever; everything here compares normalized values.
 */

export function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (typeof value === 'string') return value.trim() === '';
  if (Array.isArray(value)) return value.length === 0;
  return false;
}

const NUMERIC = /^-?\d+(\.\d+)?$/;

/** A canonical form: trimmed strings, numbers for numeric strings, lookup objects as their id. */
export function normalize(value: unknown): unknown {
  if (isEmpty(value)) return null;
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return NUMERIC.test(trimmed) && !/^0\d/.test(trimmed) ? Number(trimmed) : trimmed;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string' || typeof record.id === 'number') return String(record.id);
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record).sort()) {
      if (key.startsWith('$')) continue;
      out[key] = normalize(record[key]);
    }
    return out;
  }
  return value;
}

export function sameValue(a: unknown, b: unknown): boolean {
  return stableStringify(normalize(a)) === stableStringify(normalize(b));
}

/** JSON with sorted keys, so equal content always gives equal text (and equal hashes). */
export function stableStringify(value: unknown): string {
  if (value === undefined) return 'null';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const record = value as Record<string, unknown>;
  // A plain loop: this runs for every hash of every record (the sync's hottest function).
  const keys = Object.keys(record).sort();
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += `${JSON.stringify(k)}:${stableStringify(v)}`;
  }
  return `${out}}`;
}

/** Splits a comma-separated field list from a mapping row ("AddressLine1,AddressLine2"). */
export const fieldList = (spec: string): string[] =>
  spec
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
