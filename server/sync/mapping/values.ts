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
  if (typeof value === 'string') {
    const trimmed = value.trim();
    if (trimmed === '') return null;
    // Only a digit or a minus sign can start a number: names and emails skip both regexes.
    const first = trimmed.charCodeAt(0);
    if (first !== 45 && (first < 48 || first > 57)) return trimmed;
    return NUMERIC.test(trimmed) && !/^0\d/.test(trimmed) ? Number(trimmed) : trimmed;
  }
  if (isEmpty(value)) return null;
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

/**
 * JSON with sorted keys, so equal content always gives equal text (and equal hashes). The text
 * is what every stored link hash was made from: it must never change for the same value.
 * Written for speed (it runs for every hash of every record, the sync's hottest function):
 * primitives without a JSON.stringify call where the text is the same, and keys sorted only when
 * they are not in order already (projections are built in sorted order, see `project`).
 */
export function stableStringify(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // JSON's number text is JavaScript's; NaN and the infinities are null, -0 is 0.
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return 'null';
    case 'object':
      break;
    default:
      return JSON.stringify(value);
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      out += stableStringify(value[i]);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let sorted = true;
  let flat = Object.getPrototypeOf(record) === Object.prototype;
  for (let i = 0; i < keys.length; i++) {
    if (i > 0 && keys[i - 1]! > keys[i]!) sorted = false;
    const v = record[keys[i]!];
    if (typeof v === 'object' ? v !== null : typeof v === 'function' || typeof v === 'symbol') {
      flat = false;
    }
  }
  // Keys in order and only primitive values (a projection's fields, built in order): JSON's own
  // text is the same (it too omits undefined and writes NaN and the infinities as null), and
  // JSON.stringify writes it natively.
  if (sorted && flat) return JSON.stringify(record);
  // Array.prototype.sort's order (UTF-16 code units), as the stored hashes were made with.
  if (!sorted) keys.sort();
  let out = '{';
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(k);
    out += ':';
    out += stableStringify(v);
  }
  return `${out}}`;
}

/** Splits a comma-separated field list from a mapping row ("AddressLine1,AddressLine2"). */
export const fieldList = (spec: string): string[] =>
  spec
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
