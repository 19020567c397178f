import { ZohoRequestError } from './errors.js';

/**
 * Search criteria for `GET /{module}/search`: `((Field:op:value)and(...))`. Values are escaped
 * the way Zoho asks (`\` before `(`, `)`, `,` and `\`), so a customer name like "Smith, J (UK)"
 * cannot break or widen the query. Zoho accepts at most 10 conditions.
 */

export type CriteriaOperator =
  | 'equals'
  | 'not_equal'
  | 'starts_with'
  | 'in'
  | 'greater_than'
  | 'greater_equal'
  | 'less_than'
  | 'less_equal';

export interface Condition {
  field: string;
  op: CriteriaOperator;
  value: string | number | boolean | Array<string | number>;
}

export type Criteria = Condition | { and: Criteria[] } | { or: Criteria[] };

export const MAX_CONDITIONS = 10;

export const escapeCriteriaValue = (value: string): string =>
  value.replace(/[\\(),]/g, (c) => `\\${c}`);

function render(c: Criteria, count: { n: number }): string {
  if ('and' in c || 'or' in c) {
    const [joiner, parts] = 'and' in c ? ['and', c.and] : ['or', c.or];
    if (parts.length === 0) throw new ZohoRequestError(`an empty "${joiner}" group`);
    if (parts.length === 1) return render(parts[0]!, count);
    return `(${parts.map((p) => render(p, count)).join(joiner)})`;
  }
  if (!/^[A-Za-z0-9_.]+$/.test(c.field))
    throw new ZohoRequestError(`"${c.field}" is not a field API name`);
  count.n++;
  const values = Array.isArray(c.value) ? c.value : [c.value];
  if (c.op !== 'in' && values.length !== 1) throw new ZohoRequestError(`${c.op} takes one value`);
  if (values.length === 0) throw new ZohoRequestError('"in" needs at least one value');
  return `(${c.field}:${c.op}:${values.map((v) => escapeCriteriaValue(String(v))).join(',')})`;
}

export function buildCriteria(criteria: Criteria): string {
  const count = { n: 0 };
  const text = render(criteria, count);
  if (count.n > MAX_CONDITIONS) {
    throw new ZohoRequestError(
      `Zoho search takes at most ${MAX_CONDITIONS} conditions, got ${count.n}`,
    );
  }
  return text;
}
