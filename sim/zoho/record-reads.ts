import type { SimField } from './modules.js';
import type { SimModuleState, SimRecord } from './store.js';
import { zohoTime } from './store.js';

/** Reading records: field projection, value comparison, and the search `criteria` grammar. */

/** A field's value as Zoho answers it; record times in the org's time zone. */
export function fieldValue(rec: SimRecord, name: string, timeZone = 'UTC'): unknown {
  if (name === 'id') return rec.id;
  if (name === 'Modified_Time') return zohoTime(rec.modifiedMs, timeZone);
  if (name === 'Created_Time') return zohoTime(rec.createdMs, timeZone);
  const [base, sub] = name.split('.');
  const value = rec.data[base ?? name];
  if (sub && value && typeof value === 'object') return (value as Record<string, unknown>)[sub];
  return value;
}

export function project(
  rec: SimRecord,
  fields: string[],
  timeZone = 'UTC',
): Record<string, unknown> {
  const out: Record<string, unknown> = { id: rec.id };
  for (const name of fields) {
    if (name === 'id') continue;
    const v = fieldValue(rec, name, timeZone);
    out[name] = v === undefined ? null : v;
  }
  return out;
}

/** Compares a stored value with a query value by the field's type: -1, 0, 1, or NaN when unlike. */
export function compare(field: SimField | undefined, stored: unknown, query: string): number {
  if (stored === null || stored === undefined) return Number.NaN;
  const v =
    typeof stored === 'object' && stored !== null && 'id' in stored
      ? String((stored as { id: unknown }).id)
      : stored;
  if (field?.data_type === 'datetime') {
    const a = Date.parse(String(v));
    const b = Date.parse(query);
    return Math.sign(a - b);
  }
  if (typeof v === 'number') return Math.sign(v - Number(query));
  if (typeof v === 'boolean') return String(v) === query.toLowerCase() ? 0 : 1;
  const a = String(v).toLowerCase();
  const b = query.toLowerCase();
  return a < b ? -1 : a > b ? 1 : 0;
}

export class CriteriaError extends Error {}

type Node =
  | { kind: 'cond'; field: string; op: string; values: string[] }
  | { kind: 'bool'; op: 'and' | 'or'; left: Node; right: Node };

const SEARCH_OPS = new Set([
  'equals',
  'not_equal',
  'starts_with',
  'in',
  'greater_than',
  'greater_equal',
  'less_than',
  'less_equal',
]);

/** Parses `((Field:equals:va\(l\))and(Other:in:a,b))`: `\` escapes `(`, `)`, `,` and `\`. */
export function parseCriteria(text: string): { node: Node; count: number } {
  let i = 0;
  let count = 0;
  const expect = (c: string) => {
    if (text[i] !== c) throw new CriteriaError(`expected "${c}" at ${i}`);
    i++;
  };
  const group = (): Node => {
    expect('(');
    let node: Node;
    if (text[i] === '(') {
      node = group();
      while (text.startsWith('and', i) || text.startsWith('or', i)) {
        const op = text.startsWith('and', i) ? 'and' : 'or';
        i += op.length;
        node = { kind: 'bool', op, left: node, right: group() };
      }
    } else {
      const colon1 = text.indexOf(':', i);
      const colon2 = text.indexOf(':', colon1 + 1);
      if (colon1 < 0 || colon2 < 0) throw new CriteriaError('expected field:operator:value');
      const field = text.slice(i, colon1);
      const op = text.slice(colon1 + 1, colon2);
      if (!/^[A-Za-z0-9_.]+$/.test(field) || !SEARCH_OPS.has(op)) {
        throw new CriteriaError(`bad condition ${field}:${op}`);
      }
      i = colon2 + 1;
      const values: string[] = [];
      let current = '';
      for (;;) {
        const c = text[i];
        if (c === undefined) throw new CriteriaError('unterminated condition');
        if (c === '\\') {
          current += text[i + 1] ?? '';
          i += 2;
          continue;
        }
        if (c === ')') break;
        if (c === ',' && op === 'in') {
          values.push(current);
          current = '';
          i++;
          continue;
        }
        if (c === '(' || c === ',') throw new CriteriaError(`unescaped "${c}" in a value`);
        current += c;
        i++;
      }
      values.push(current);
      count++;
      node = { kind: 'cond', field, op, values };
    }
    expect(')');
    return node;
  };
  const node = group();
  if (i !== text.length) throw new CriteriaError('trailing text after the criteria');
  return { node, count };
}

export function matchesCriteria(module: SimModuleState, rec: SimRecord, node: Node): boolean {
  if (node.kind === 'bool') {
    return node.op === 'and'
      ? matchesCriteria(module, rec, node.left) && matchesCriteria(module, rec, node.right)
      : matchesCriteria(module, rec, node.left) || matchesCriteria(module, rec, node.right);
  }
  const field = module.def.fields.find((f) => f.api_name === node.field.split('.')[0]);
  const stored = fieldValue(rec, node.field);
  const first = node.values[0] ?? '';
  switch (node.op) {
    case 'equals':
      return compare(field, stored, first) === 0;
    case 'not_equal':
      return compare(field, stored, first) !== 0;
    case 'starts_with':
      return String(stored ?? '')
        .toLowerCase()
        .startsWith(first.toLowerCase());
    case 'in':
      return node.values.some((v) => compare(field, stored, v) === 0);
    case 'greater_than':
      return compare(field, stored, first) > 0;
    case 'greater_equal':
      return compare(field, stored, first) >= 0;
    case 'less_than':
      return compare(field, stored, first) < 0;
    default:
      return compare(field, stored, first) <= 0;
  }
}

/** Records of a module in Zoho's order for `sort_by`: the field, then insertion order. */
export function sortRecords(
  records: SimRecord[],
  sortBy: 'id' | 'Created_Time' | 'Modified_Time',
  order: 'asc' | 'desc',
): SimRecord[] {
  const key = (r: SimRecord) =>
    sortBy === 'Modified_Time' ? r.modifiedMs : sortBy === 'Created_Time' ? r.createdMs : r.seq;
  const sorted = [...records].sort((a, b) => key(a) - key(b) || a.seq - b.seq);
  return order === 'desc' ? sorted.reverse() : sorted;
}
