import type { ChangePage, GatewayRecord, ListChangesOptions } from '../sync/gateways.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { advanceModified, laterDeletion, parseCursor } from './crm-change-cursor.js';
import { toGatewayRecord } from './crm-record-shape.js';
import { MAX_PER_PAGE, type ZohoRecordsApi } from './records-api.js';

export interface ChangeReadContext {
  records: ZohoRecordsApi;
  /** The fields to read (asked when the listing starts, after the count has been sent). */
  fields(module: ModuleName): Promise<string[]>;
  /** True once per module and run: its first listing also asks Zoho for the count of changes. */
  firstListing(module: ModuleName): boolean;
  now(): Date;
}

/**
 * One page of a module's changes since the cursor: the modified log read until `limit` records
 * past the cursor's instant, then, once it is exhausted, the deleted log. Both logs advance in
 * the one cursor (`crm-change-cursor.ts`).
 */
export async function listZohoChanges(
  ctx: ChangeReadContext,
  module: ModuleName,
  cursorText: string | undefined,
  options: ListChangesOptions = {},
): Promise<ChangePage> {
  const { records } = ctx;
  const cursor = parseCursor(cursorText);
  const since = cursor.m ?? options.since;
  const limit = Math.max(options.limit ?? MAX_PER_PAGE, 1);
  const out: GatewayRecord[] = [];
  let more = false;
  // The first listing of a module also asks Zoho how many records changed since the cursor (one
  // call, beside the listing): the run's estimated total. Zoho's count may lag by minutes and
  // is only an estimate, so a count that cannot be had is left out and never fails the run.
  const estimate = ctx.firstListing(module)
    ? records.count(module, { since }).catch(() => undefined)
    : undefined;
  // Pages are read on until the instant moves, so a crowd of records sharing one Modified_Time
  // can never pin the cursor (the inclusive If-Modified-Since re-sends that instant's records).
  for await (const page of records.listModified(module, {
    since,
    fields: await ctx.fields(module),
    perPage: Math.min(limit, MAX_PER_PAGE),
  })) {
    out.push(...page.records.map((r) => toGatewayRecord(module, r)));
    more = page.more;
    const last = out[out.length - 1]?.version;
    if (out.length >= limit && more && last && (!since || last > new Date(since).toISOString()))
      break;
  }
  const { fresh, next } = advanceModified(cursor, out, options.since);
  const deleted: string[] = [];
  if (!more) {
    let latest = cursor.d;
    for await (const batch of records.listDeleted(module, {
      since: cursor.d ?? cursor.m ?? options.since,
    })) {
      for (const d of batch) {
        deleted.push(d.id);
        latest = laterDeletion(latest, d.deletedTime);
      }
    }
    // The first run starts the deleted log where the modified log started.
    next.d = latest ?? next.m ?? ctx.now().toISOString();
  }
  const estimatedChanges = await estimate;
  return {
    records: fresh,
    deleted: [...new Set(deleted)],
    nextCursor: JSON.stringify(next),
    hasMore: more,
    ...(estimatedChanges !== undefined ? { estimatedChanges } : {}),
  };
}
