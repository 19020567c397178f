import type { GatewayRecord } from '../sync/gateways.js';
import { CATALOG } from '../sync/catalog/index.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { toGatewayRecord } from './crm-record-shape.js';
import { ZohoApiError } from './errors.js';
import type { ZohoRecordsApi } from './records-api.js';
import type { ZohoRecord } from './schemas.js';

/**
 * Reads of many records at once, by Zoho id or by Sage key, over COQL where Zoho allows it: a
 * credit per call of 50 instead of one per record. COQL has no subforms, so modules with lines
 * (orders, invoices) are read by the record API or search instead.
 */

/** Zoho's COQL takes at most 50 values in one `in (...)` (COQL limitations, v8 docs). */
const COQL_IN_LIMIT = 50;
/** Keys COQL can carry quoted in an `in` list as they are. */
const COQL_SAFE_KEY = /^[^',\\()]+$/;
/** Zoho's search takes at most 10 criteria joined by `or`. */
const SEARCH_OR_LIMIT = 10;

export interface BatchedReadContext {
  records: ZohoRecordsApi;
  fields(module: ModuleName): Promise<string[]>;
}

const slices = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size),
  );

/** Records by Zoho id; ids not found (or not of Zoho's numeric shape) are absent. */
export async function readByIds(
  ctx: BatchedReadContext,
  module: ModuleName,
  ids: string[],
): Promise<Map<string, GatewayRecord>> {
  const out = new Map<string, GatewayRecord>();
  const unique = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
  // COQL reads 50 ids per call (a credit per call, not per record); it has no subforms, so
  // orders and invoices, whose lines matter, are read one by one.
  if (!CATALOG[module].lines && unique.length > 1) {
    try {
      const fields = (await ctx.fields(module)).filter((f) => f !== 'id');
      // Side by side: the transport holds them to the tenant's concurrency.
      const answers = await Promise.all(
        slices(unique, COQL_IN_LIMIT).map((batch) =>
          ctx.records.coql(
            `select ${fields.join(', ')} from ${module} where id in (${batch.join(', ')}) limit 200`,
          ),
        ),
      );
      for (const { records } of answers) {
        for (const r of records) {
          if (typeof r.id === 'string') out.set(r.id, toGatewayRecord(module, r as ZohoRecord));
        }
      }
      return out;
    } catch (error) {
      if (!(error instanceof ZohoApiError)) throw error;
      out.clear(); // e.g. a field COQL cannot select: read one by one instead
    }
  }
  for (const id of unique) {
    const r = await ctx.records.getRecord(module, id, await ctx.fields(module));
    if (r) out.set(id, toGatewayRecord(module, r));
  }
  return out;
}

/** Records by the Sage key Zoho holds in the module's unique key field; keys not found are absent. */
export async function findBySageKeys(
  ctx: BatchedReadContext,
  module: ModuleName,
  sageKeys: string[],
): Promise<Map<string, GatewayRecord>> {
  const field = CATALOG[module].zohoKeyField;
  const out = new Map<string, GatewayRecord>();
  const keys = [...new Set(sageKeys)];
  // COQL takes 50 values in one `in (...)` (Zoho's documented limit) for a credit, five times
  // what a search's 10 conditions take. It has no subforms, and its list is split on commas,
  // so modules with lines and keys with a quote, comma or backslash go through search.
  const byCoql = CATALOG[module].lines ? [] : keys.filter((k) => COQL_SAFE_KEY.test(k));
  const bySearch = keys.filter((k) => !byCoql.includes(k));
  const fields = await ctx.fields(module);
  const keep = (r: Record<string, unknown>, wanted: readonly string[]) => {
    const key = r[field];
    if (typeof key === 'string' && typeof r.id === 'string' && wanted.includes(key))
      out.set(key, toGatewayRecord(module, r as ZohoRecord));
  };
  const select = fields.filter((f) => f !== 'id');
  const batches: Array<Promise<void>> = [
    ...slices(byCoql, COQL_IN_LIMIT).map((batch) =>
      ctx.records
        .coql(
          `select ${select.join(', ')} from ${module} where ${field} in (${batch.map((k) => `'${k}'`).join(', ')}) limit ${COQL_IN_LIMIT}`,
        )
        .then(({ records }) => records.forEach((r) => keep(r, batch))),
    ),
    ...slices(bySearch, SEARCH_OR_LIMIT).map((batch) =>
      ctx.records
        .search(
          module,
          { or: batch.map((k) => ({ field, op: 'equals' as const, value: k })) },
          { fields },
        )
        .then((found) => found.forEach((r) => keep(r, batch))),
    ),
  ];
  // Side by side: the transport holds them to the tenant's concurrency.
  await Promise.all(batches);
  return out;
}
