import crypto from 'node:crypto';
import type { GatewayRecord, LineFields } from '../gateways.js';
import type { Side } from '../vocabulary.js';
import { fieldsOf, type CompiledMapping } from './compile.js';
import { normalize, stableStringify } from './values.js';

/** The normalized values of one side's mapped fields: what hashes and conflict bases are made of. */
export interface Projection {
  fields: Record<string, unknown>;
  lines?: Array<Record<string, unknown>>;
}

export function project(
  side: Side,
  record: Pick<GatewayRecord, 'fields' | 'lines'>,
  mappings: CompiledMapping[],
  lineMappings?: CompiledMapping[],
  lineField?: string,
): Projection {
  const { names, template } = sortedFields(mappings, side);
  // A copy of the template has every key already, in order: the stores below fill slots instead
  // of growing the object key by key (a projection is made twice for every record synced).
  const fields: Record<string, unknown> = { ...template };
  const source = record.fields;
  for (let i = 0; i < names.length; i++) fields[names[i]!] = normalize(source[names[i]!]);
  if (!lineMappings) return { fields };
  const rows: LineFields[] =
    record.lines ?? ((lineField ? record.fields[lineField] : undefined) as LineFields[]) ?? [];
  const lineFieldNames = sortedFields(lineMappings, side).names;
  const lines = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const f of lineFieldNames) out[f] = normalize(row[f]);
    return out;
  });
  return { fields, lines };
}

interface FieldOrder {
  names: string[];
  /** Every name, in order, set to null. */
  template: Record<string, null>;
}

const fieldOrder = new WeakMap<CompiledMapping[], Partial<Record<Side, FieldOrder>>>();

/**
 * A side's mapped fields, each once, in sorted order: a projection built in that order is hashed
 * without sorting its keys (`stableStringify`). Worked out once per list of mappings (a run's).
 */
function sortedFields(mappings: CompiledMapping[], side: Side): FieldOrder {
  let bySide = fieldOrder.get(mappings);
  if (!bySide) fieldOrder.set(mappings, (bySide = {}));
  let order = bySide[side];
  if (!order) {
    const names = [...new Set(mappings.flatMap((m) => fieldsOf(m, side)))].sort();
    order = { names, template: Object.fromEntries(names.map((n) => [n, null])) };
    bySide[side] = order;
  }
  return order;
}

/**
 * The canonical text of each projection hashed, while the projection lives: a link stores its
 * projections as its base (`baseJson`), and serialising them again cost as much as hashing.
 * Kept on the projection under a non-enumerable symbol, not in a WeakMap: a WeakMap entry for
 * each of a record's two projections cost ~0.9 µs each to add and to collect (ADR 0088), and a
 * non-enumerable symbol is invisible to JSON, spreads, `Object.keys` and deep equality.
 */
const TEXT = Symbol('canonical text');
type Hashed = Projection & { [TEXT]?: string };

/** SHA-256 of the projection's canonical JSON: equal content, equal hash, on any machine. */
export function hashProjection(p: Projection): string {
  // Always written anew (a projection changed after an earlier hash still hashes right).
  const text = stableStringify(p);
  Object.defineProperty(p, TEXT, { value: text, writable: true, configurable: true });
  return crypto.hash('sha256', text, 'hex');
}

/**
 * JSON of a link's base: JSON.parse gives what JSON.stringify's text would, but each projection
 * hashed already is written as the text its hash was made of (keys sorted) instead of again.
 */
export function baseJson(base: { sage?: Projection; zoho?: Projection } | null): string {
  if (base === null || typeof base !== 'object') return JSON.stringify(base);
  let out = '{';
  for (const side of ['sage', 'zoho'] as const) {
    const p = base[side];
    if (p === undefined) continue;
    if (out.length > 1) out += ',';
    out += `"${side}":${(p !== null && (p as Hashed)[TEXT]) || JSON.stringify(p)}`;
  }
  return `${out}}`;
}

export const pick = (p: Projection | undefined, fields: string[]): unknown[] =>
  fields.map((f) => (p ? p.fields[f] : undefined) ?? null);
