import { moduleInEdition, type SimModuleState, type SimOrg, type SimRecord } from './store.js';
import { compare, fieldValue, project } from './record-reads.js';

/**
 * A COQL subset: `select <fields> from <Module> where <conditions joined by and/or>`
 * [order by <field> [asc|desc]] [limit <offset>, <count> | limit <count> [offset <n>]]`, with the
 * operators =, !=, <, <=, >, >=, like, not like, in, not in, is null, is not null.
 */

export class CoqlError extends Error {
  constructor(
    readonly code: 'SYNTAX_ERROR' | 'INVALID_QUERY' | 'LIMIT_EXCEEDED',
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const QUERY =
  /^\s*select\s+(.+?)\s+from\s+([A-Za-z0-9_]+)(?:\s+where\s+(.+?))?(?:\s+order\s+by\s+([A-Za-z0-9_.]+)(?:\s+(asc|desc))?)?(?:\s+limit\s+(\d+)(?:\s*,\s*(\d+))?(?:\s+offset\s+(\d+))?)?\s*$/is;

const COND =
  /^([A-Za-z0-9_.]+)\s*(=|!=|<=|>=|<|>|not\s+like|like|not\s+in|in|is\s+not\s+null|is\s+null)\s*(.*)$/is;

/** Splits on a keyword outside quotes and parentheses. */
function splitTop(text: string, keyword: 'and' | 'or'): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "'" && text[i - 1] !== '\\') quoted = !quoted;
    if (quoted) continue;
    if (c === '(') depth++;
    if (c === ')') depth--;
    const ahead = text.slice(i, i + keyword.length + 2).toLowerCase();
    if (depth === 0 && ahead === ` ${keyword} `) {
      parts.push(text.slice(start, i));
      start = i + keyword.length + 2;
      i = start - 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim());
}

function literal(raw: string): string {
  const t = raw.trim();
  if (t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/\\'/g, "'");
  if (/^-?\d+(\.\d+)?$/.test(t) || /^(true|false)$/i.test(t)) return t;
  throw new CoqlError('SYNTAX_ERROR', `invalid value ${t}`, { near: t });
}

function condition(module: SimModuleState, text: string): (r: SimRecord) => boolean {
  const m = COND.exec(text.trim());
  if (!m) throw new CoqlError('SYNTAX_ERROR', `cannot read condition: ${text}`);
  const [, name = '', rawOp = '', rest = ''] = m;
  const op = rawOp.toLowerCase().replace(/\s+/g, ' ');
  const field = module.def.fields.find((f) => f.api_name === name.split('.')[0]);
  if (!field && name !== 'id') {
    throw new CoqlError('INVALID_QUERY', 'invalid column given', { column_name: name });
  }
  if (op === 'is null') return (r) => fieldValue(r, name) == null || fieldValue(r, name) === '';
  if (op === 'is not null') return (r) => fieldValue(r, name) != null && fieldValue(r, name) !== '';
  if (op === 'in' || op === 'not in') {
    const inner = /^\((.*)\)$/s.exec(rest.trim());
    if (!inner) throw new CoqlError('SYNTAX_ERROR', 'in needs a list');
    const values = (inner[1] ?? '').split(',').map(literal);
    const hit = (r: SimRecord) => values.some((v) => compare(field, fieldValue(r, name), v) === 0);
    return op === 'in' ? hit : (r) => !hit(r);
  }
  const value = literal(rest);
  if (op === 'like' || op === 'not like') {
    const re = new RegExp(
      `^${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/%/g, '.*')}$`,
      'i',
    );
    const hit = (r: SimRecord) => re.test(String(fieldValue(r, name) ?? ''));
    return op === 'like' ? hit : (r) => !hit(r);
  }
  return (r) => {
    const c = compare(field, fieldValue(r, name), value);
    if (Number.isNaN(c)) return op === '!=';
    return op === '='
      ? c === 0
      : op === '!='
        ? c !== 0
        : op === '<'
          ? c < 0
          : op === '<='
            ? c <= 0
            : op === '>'
              ? c > 0
              : c >= 0;
  };
}

export interface CoqlResult {
  data: Array<Record<string, unknown>>;
  more: boolean;
  limit: number;
}

export function runCoql(org: SimOrg, query: string, nowMs: number): CoqlResult {
  const m = QUERY.exec(query);
  if (!m)
    throw new CoqlError('SYNTAX_ERROR', 'error at or near the query', { near: query.slice(0, 40) });
  const [, cols = '', moduleName = '', where, orderBy, orderDir, a, b, offsetText] = m;
  // Zoho refuses a query without a WHERE clause.
  if (!where) throw new CoqlError('SYNTAX_ERROR', 'missing clause', { clause: 'where' });
  const module = moduleInEdition(org, moduleName, nowMs);
  if (!module) throw new CoqlError('INVALID_QUERY', 'invalid module given', { module: moduleName });
  const fields = cols.split(',').map((c) => c.trim());
  if (fields.length > 50) throw new CoqlError('LIMIT_EXCEEDED', 'too many columns', { limit: 50 });
  for (const name of fields) {
    if (name !== 'id' && !module.def.fields.some((f) => f.api_name === name.split('.')[0])) {
      throw new CoqlError('INVALID_QUERY', 'invalid column given', { column_name: name });
    }
  }
  const filters = splitTop(where, 'or').map((alt) =>
    splitTop(alt, 'and').map((c) => condition(module, c)),
  );
  let rows = [...module.records.values()].filter((r) =>
    filters.some((all) => all.every((f) => f(r))),
  );
  const sortField = orderBy ?? 'id';
  const sortDef = module.def.fields.find((f) => f.api_name === sortField);
  rows.sort((x, y) => {
    if (sortField === 'id') return x.seq - y.seq;
    if (sortField === 'Modified_Time') return x.modifiedMs - y.modifiedMs || x.seq - y.seq;
    const c = compare(sortDef, fieldValue(x, sortField), String(fieldValue(y, sortField) ?? ''));
    return (Number.isNaN(c) ? 0 : c) || x.seq - y.seq;
  });
  if (orderDir?.toLowerCase() === 'desc') rows = rows.reverse();
  // "limit offset, count" or "limit count [offset n]".
  const offset = b !== undefined ? Number(a) : Number(offsetText ?? 0);
  const limit = b !== undefined ? Number(b) : Number(a ?? 200);
  if (limit > 2000) throw new CoqlError('LIMIT_EXCEEDED', 'limit exceeds 2000', { limit: 2000 });
  const page = rows.slice(offset, offset + limit);
  return {
    data: page.map((r) => project(r, fields, org.time_zone)),
    more: rows.length > offset + limit,
    limit,
  };
}
