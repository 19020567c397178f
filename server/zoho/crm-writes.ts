import type { CrmUpsert, SageKeyWrite, WriteResult } from '../sync/gateways.js';
import { CATALOG } from '../sync/catalog/index.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { subformRows } from './crm-line-rows.js';
import { syncStamp } from './crm-sync-stamp.js';
import { writeResults } from './crm-write-results.js';
import type { WriteOutcome, ZohoRecordsApi } from './records-api.js';

/**
 * The gateway's writes to Zoho. Writes to a record the engine already links go by id (an upsert
 * on Sage_Key would insert a second record when Zoho's copy lacks the key); new records go as
 * upserts on the unique Sage_Key field, so a retried create updates instead of duplicating.
 */

/** Zoho takes at most 100 records in one update call. */
const UPDATE_LIMIT = 100;

export interface WriteContext {
  records: ZohoRecordsApi;
  fieldNames(module: ModuleName): Promise<string[] | undefined>;
  now(): Date;
}

const write = (ctx: WriteContext, call: () => Promise<WriteOutcome[]>, count: number) =>
  writeResults(call, count, () => ctx.now());

/** Records from Sage, stamped as synced; results in the order given. */
export async function upsertRecords(
  ctx: WriteContext,
  module: ModuleName,
  records: CrmUpsert[],
): Promise<WriteResult[]> {
  const def = CATALOG[module];
  const stamp = await syncStamp(
    (m) => ctx.fieldNames(m),
    module,
    () => ctx.now(),
  );
  const body = (u: CrmUpsert) => ({
    ...u.fields,
    ...stamp,
    [def.zohoKeyField]: u.sageKey,
    ...(u.lines && def.lines
      ? { [def.lines.zohoField]: subformRows(def.lines, u.lines, u.currentLines) }
      : {}),
  });
  const results: WriteResult[] = new Array(records.length);
  const byId = records.map((u, i) => ({ u, i })).filter((x) => x.u.zohoId);
  const byKey = records.map((u, i) => ({ u, i })).filter((x) => !x.u.zohoId);
  if (byId.length > 0) {
    const rows = byId.map(({ u }) => ({ id: u.zohoId, ...body(u) }));
    const outcomes = await write(ctx, () => ctx.records.update(module, rows), byId.length);
    outcomes.forEach((o, j) => (results[byId[j]!.i] = o));
  }
  if (byKey.length > 0) {
    const rows = byKey.map(({ u }) => body(u));
    const outcomes = await write(
      ctx,
      () => ctx.records.upsert(module, rows, { duplicateCheckFields: [def.zohoKeyField] }),
      byKey.length,
    );
    outcomes.forEach((o, j) => (results[byKey[j]!.i] = o));
  }
  return results;
}

/** One update call per 100 keys: a credit per 100 Zoho-born records Sage created. */
export async function setSageKeys(
  ctx: WriteContext,
  module: ModuleName,
  keys: SageKeyWrite[],
): Promise<WriteResult[]> {
  const field = CATALOG[module].zohoKeyField;
  const stamp = await syncStamp(
    (m) => ctx.fieldNames(m),
    module,
    () => ctx.now(),
  );
  const batches = Array.from({ length: Math.ceil(keys.length / UPDATE_LIMIT) }, (_, i) =>
    keys.slice(i * UPDATE_LIMIT, (i + 1) * UPDATE_LIMIT),
  );
  // Side by side: the transport holds them to the tenant's concurrency limit.
  const results = await Promise.all(
    batches.map((batch) =>
      write(
        ctx,
        () =>
          ctx.records.update(
            module,
            batch.map((k) => ({ id: k.zohoId, ...k.also, ...stamp, [field]: k.sageKey })),
          ),
        batch.length,
      ),
    ),
  );
  return results.flat();
}

/** Deletes to Zoho's recycle bin (the admin can restore it there for 60 days). */
export async function deleteRecord(
  ctx: WriteContext,
  module: ModuleName,
  id: string,
): Promise<WriteResult> {
  const [result] = await write(ctx, () => ctx.records.deleteRecords(module, [id]), 1);
  return result!;
}

/** Sets the catalog's inactive marker; NOT_SUPPORTED when the module or the org has none. */
export async function markInactive(
  ctx: WriteContext,
  module: ModuleName,
  id: string,
): Promise<WriteResult> {
  const marker = CATALOG[module].inactive.zoho;
  const known = await ctx.fieldNames(module);
  if (marker && known && !known.includes(marker.field)) {
    return {
      ok: false,
      code: 'NOT_SUPPORTED',
      message: `this org's ${module} has no ${marker.field} field: add it as a custom field or use another delete policy`,
      retryable: false,
    };
  }
  if (!marker) {
    return {
      ok: false,
      code: 'NOT_SUPPORTED',
      message: `${module} has no inactive field in Zoho`,
      retryable: false,
    };
  }
  const [result] = await write(
    ctx,
    () => ctx.records.update(module, [{ id, [marker.field]: marker.value }]),
    1,
  );
  return result!;
}
