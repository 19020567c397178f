import type { ZohoRecordsApi } from './records-api.js';

/** COQL takes at most 50 values in one `in`. */
const BATCH = 50;
/**
 * The values a query may carry: account numbers and names of that shape (letters, digits and the
 * separators Sage puts between segments). Nothing else reaches a query, so none can change its
 * meaning; a value of another shape is simply not found.
 */
const SAFE = /^[A-Za-z0-9 ._/-]{1,60}$/;
const FIELD = /^[A-Za-z][A-Za-z0-9_]{0,60}$/;

/**
 * Zoho ids of a module's records by one text field's value (the GL hierarchy's main accounts, by
 * number): one COQL call per 50 values, a credit per call. The first record found for a value
 * wins; values not found are absent.
 */
export async function idsByField(
  records: ZohoRecordsApi,
  module: string,
  field: string,
  values: string[],
): Promise<Map<string, string>> {
  const wanted = [...new Set(values.map((v) => v.trim()))].filter((v) => SAFE.test(v));
  const out = new Map<string, string>();
  if (!FIELD.test(field) || !FIELD.test(module)) return out;
  for (let i = 0; i < wanted.length; i += BATCH) {
    const list = wanted
      .slice(i, i + BATCH)
      .map((v) => `'${v}'`)
      .join(', ');
    const { records: rows } = await records.coql(
      `select id, ${field} from ${module} where ${field} in (${list}) limit 200`,
    );
    for (const r of rows) {
      const value = typeof r[field] === 'string' ? r[field].trim() : undefined;
      if (value && typeof r.id === 'string' && !out.has(value)) out.set(value, r.id);
    }
  }
  return out;
}
