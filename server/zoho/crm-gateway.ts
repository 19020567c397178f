import { createHash } from 'node:crypto';
import { idsByField } from './record-names.js';
import { z } from 'zod';
import { AVAILABLE, type ModuleAvailability } from '../sync/availability.js';
import { CATALOG } from '../sync/catalog/index.js';
import type {
  ChangePage,
  CrmGateway,
  CrmUpsert,
  GatewayRecord,
  ListChangesOptions,
  RecordPage,
  SageKeyWrite,
  WriteResult,
} from '../sync/gateways.js';
import { compileMappings } from '../sync/mapping/compile.js';
import { zohoReadFields } from '../sync/mapping/read-fields.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { ZohoApiError, ZohoError, ZohoRequestError, ZohoUnavailableError } from './errors.js';
import { MAX_FIELDS, MAX_PER_PAGE, type WriteOutcome, type ZohoRecordsApi } from './records-api.js';
import type { ZohoRecord } from './schemas.js';
import { ZohoDealDirectory } from './deal-directory.js';
import { LAST_SYNCED_FIELD, SYNC_STATUS_FIELD } from './extension-fields.js';

/**
 * The sync engine's CrmGateway over the Zoho REST client. Records keep Zoho's API names; the
 * engine's mapping does the rest. Writes to a record the engine already links go by id (an
 * upsert on Sage_Key would insert a second record when Zoho's copy lacks the key); new records go
 * as upserts on the unique Sage_Key field, so a retried create updates instead of duplicating.
 */

/** Zoho's COQL takes at most 50 values in one `in (...)` (COQL limitations, v8 docs). */
const COQL_IN_LIMIT = 50;
/** Keys COQL can carry quoted in an `in` list as they are. */
const COQL_SAFE_KEY = /^[^',\\()]+$/;

/**
 * The change cursor: the last Modified_Time and deleted_time read (ISO instants), and what was
 * delivered at that last instant, so the next run does not deliver it again.
 */
const cursorSchema = z.object({
  m: z.string().optional(),
  d: z.string().optional(),
  /** The records already delivered at instant `m`: id → a tag of their content. */
  s: z.record(z.string(), z.string()).optional(),
});
type Cursor = z.infer<typeof cursorSchema>;

/** A short tag of a record's content: tells a same-second edit from a record already read. */
const contentTag = (r: GatewayRecord): string =>
  createHash('sha1')
    .update(JSON.stringify([r.fields, r.lines ?? null]))
    .digest('base64')
    .slice(0, 12);

function parseCursor(text: string | undefined): Cursor {
  if (!text) return {};
  try {
    return cursorSchema.parse(JSON.parse(text));
  } catch {
    throw new ZohoRequestError(`unreadable Zoho change cursor: ${text.slice(0, 80)}`);
  }
}

/** The fields read before the engine selects the tenant's: the catalog's default mapping's. */
export function defaultZohoFields(module: ModuleName): string[] {
  return zohoReadFields(CATALOG[module], compileMappings(module, CATALOG[module].defaultMappings));
}

export interface CrmGatewayOptions {
  /** Field metadata (`GET /settings/fields`): lets the engine leave out mappings to missing fields. */
  metadata?: { getFields(module: string): Promise<Array<{ api_name: string }>> };
  now?: () => Date;
  /** Whether the org has a module (edition, custom module created): `module-availability.ts`. */
  availability?: (module: ModuleName) => Promise<ModuleAvailability>;
  /** The tenant's daily credits against this product's share (`credit-cap.ts`). */
  credits?: CrmGateway['credits'];
}

export class ZohoCrmGateway implements CrmGateway {
  constructor(
    private readonly records: ZohoRecordsApi,
    private readonly options: CrmGatewayOptions = {},
  ) {}

  private readonly known = new Map<ModuleName, Promise<string[] | undefined>>();

  async credits(): Promise<{ used: number; budget: number | null; dailyCredits: number | null }> {
    return (await this.options.credits?.()) ?? { used: 0, budget: null, dailyCredits: null };
  }

  async availability(module: ModuleName): Promise<ModuleAvailability> {
    return (await this.options.availability?.(module)) ?? AVAILABLE;
  }

  idsByField(module: ModuleName, field: string, values: string[]): Promise<Map<string, string>> {
    return values.length === 0
      ? Promise.resolve(new Map())
      : idsByField(this.records, module, field, values);
  }

  /** Deals that orders and invoices link to (ADR 0066). */
  get deals(): ZohoDealDirectory {
    this.dealDirectory ??= new ZohoDealDirectory(
      this.records,
      async (call) => (await this.write(call, 1))[0]!,
    );
    return this.dealDirectory;
  }
  private dealDirectory?: ZohoDealDirectory;
  private readonly selected = new Map<ModuleName, string[]>();
  /** Modules whose change count was asked for (once per gateway, i.e. per run batch). */
  private readonly counted = new Set<ModuleName>();

  selectFields(module: ModuleName, fields: string[]): void {
    this.selected.set(module, [...new Set(fields)]);
  }

  async fieldNames(module: ModuleName): Promise<string[] | undefined> {
    const metadata = this.options.metadata;
    if (!metadata) return undefined;
    let names = this.known.get(module);
    if (!names) {
      names = metadata.getFields(module).then((fields) => fields.map((f) => f.api_name));
      names.catch(() => this.known.delete(module));
      this.known.set(module, names);
    }
    return names;
  }

  /** The fields to read: the selected ones the org has (Zoho refuses unknown names in `fields`). */
  private async fields(module: ModuleName): Promise<string[]> {
    const wanted = this.selected.get(module) ?? defaultZohoFields(module);
    const known = await this.fieldNames(module);
    const fields = known ? wanted.filter((f) => known.includes(f)) : wanted;
    // Cutting the list would leave some mappings reading nothing while the run says it synced.
    if (fields.length > MAX_FIELDS) {
      throw new ZohoRequestError(
        `${module}: the mapping and filters name ${fields.length} Zoho fields; Zoho reads at most ${MAX_FIELDS} a call, so map fewer`,
      );
    }
    return fields;
  }

  private toRecord(module: ModuleName, r: ZohoRecord): GatewayRecord {
    const { id, ...rest } = r;
    const lineField = CATALOG[module].lines?.zohoField;
    const lines =
      lineField && Array.isArray(rest[lineField])
        ? (rest[lineField] as Array<Record<string, unknown>>)
        : undefined;
    const modified = typeof rest.Modified_Time === 'string' ? rest.Modified_Time : undefined;
    return {
      id,
      version: modified ? new Date(modified).toISOString() : new Date(0).toISOString(),
      fields: rest,
      lines,
    };
  }

  async listChanges(
    module: ModuleName,
    cursorText: string | undefined,
    options: ListChangesOptions = {},
  ): Promise<ChangePage> {
    const cursor = parseCursor(cursorText);
    const since = cursor.m ?? options.since;
    const limit = Math.max(options.limit ?? MAX_PER_PAGE, 1);
    const out: GatewayRecord[] = [];
    let more = false;
    // The first listing of a module also asks Zoho how many records changed since the cursor (one
    // call, beside the listing): the run's estimated total. Zoho's count may lag by minutes and
    // is only an estimate, so a count that cannot be had is left out and never fails the run.
    const estimate = this.counted.has(module)
      ? undefined
      : this.records.count(module, { since }).catch(() => undefined);
    this.counted.add(module);
    // If-Modified-Since is inclusive (and to the second): the records at the cursor's instant
    // come again. Those the cursor lists with the same content are dropped here, so a quiet run
    // hands the engine nothing to read details for; one edited again within that second differs
    // in content and is delivered. Pages are read on until the instant moves, so a crowd of
    // records sharing one Modified_Time can never pin the cursor.
    for await (const page of this.records.listModified(module, {
      since,
      fields: await this.fields(module),
      perPage: Math.min(limit, MAX_PER_PAGE),
    })) {
      out.push(...page.records.map((r) => this.toRecord(module, r)));
      more = page.more;
      const last = out[out.length - 1]?.version;
      if (out.length >= limit && more && last && (!since || last > new Date(since).toISOString()))
        break;
    }
    const lastModified = out.reduce<string | undefined>(
      (max, r) => (!max || r.version > max ? r.version : max),
      cursor.m,
    );
    const seenBefore = cursor.s ?? {};
    const tags = new Map(out.map((r) => [r, contentTag(r)]));
    const fresh = out.filter(
      (r) => !(cursor.m && r.version === cursor.m && seenBefore[r.id] === tags.get(r)),
    );
    const seen: Record<string, string> = lastModified === cursor.m ? { ...seenBefore } : {};
    for (const r of out) if (r.version === lastModified) seen[r.id] = tags.get(r)!;
    const next: Cursor = { m: lastModified ?? cursor.m ?? options.since, d: cursor.d };
    if (Object.keys(seen).length > 0) next.s = seen;
    const deleted: string[] = [];
    if (!more) {
      let latest = cursor.d;
      for await (const batch of this.records.listDeleted(module, {
        since: cursor.d ?? cursor.m ?? options.since,
      })) {
        for (const d of batch) {
          deleted.push(d.id);
          // Zoho stamps deleted_time in the org's offset (+05:30, -07:00): compare instants,
          // never the strings, or the cursor moves backwards for orgs east of UTC.
          const at = Date.parse(d.deletedTime);
          if (!Number.isNaN(at) && (!latest || at > Date.parse(latest))) {
            latest = new Date(at).toISOString();
          }
        }
      }
      // The first run starts the deleted log where the modified log started.
      next.d = latest ?? next.m ?? (this.options.now?.() ?? new Date()).toISOString();
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

  async listAll(module: ModuleName): Promise<RecordPage> {
    const records: GatewayRecord[] = [];
    for await (const page of this.records.listModified(module, {
      fields: await this.fields(module),
    })) {
      records.push(...page.records.map((r) => this.toRecord(module, r)));
    }
    return { records };
  }

  async get(module: ModuleName, ids: string[]): Promise<Map<string, GatewayRecord>> {
    const out = new Map<string, GatewayRecord>();
    const unique = [...new Set(ids)].filter((id) => /^\d+$/.test(id));
    // COQL reads 50 ids per call (a credit per call, not per record); it has no subforms, so
    // orders and invoices, whose lines matter, are read one by one.
    if (!CATALOG[module].lines && unique.length > 1) {
      try {
        const fields = (await this.fields(module)).filter((f) => f !== 'id');
        const batches: string[][] = [];
        for (let i = 0; i < unique.length; i += COQL_IN_LIMIT)
          batches.push(unique.slice(i, i + COQL_IN_LIMIT));
        // Side by side: the transport holds them to the tenant's concurrency.
        const answers = await Promise.all(
          batches.map((batch) =>
            this.records.coql(
              `select ${fields.join(', ')} from ${module} where id in (${batch.join(', ')}) limit 200`,
            ),
          ),
        );
        for (const { records } of answers) {
          for (const r of records) {
            if (typeof r.id === 'string') out.set(r.id, this.toRecord(module, r as ZohoRecord));
          }
        }
        return out;
      } catch (error) {
        if (!(error instanceof ZohoApiError)) throw error;
        out.clear(); // e.g. a field COQL cannot select: read one by one instead
      }
    }
    for (const id of unique) {
      const r = await this.records.getRecord(module, id, await this.fields(module));
      if (r) out.set(id, this.toRecord(module, r));
    }
    return out;
  }

  async findBySageKeys(
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
    const fields = await this.fields(module);
    const keep = (r: Record<string, unknown>, wanted: readonly string[]) => {
      const key = r[field];
      if (typeof key === 'string' && typeof r.id === 'string' && wanted.includes(key))
        out.set(key, this.toRecord(module, r as ZohoRecord));
    };
    const batches: Array<Promise<void>> = [];
    for (let i = 0; i < byCoql.length; i += COQL_IN_LIMIT) {
      const batch = byCoql.slice(i, i + COQL_IN_LIMIT);
      const select = fields.filter((f) => f !== 'id');
      batches.push(
        this.records
          .coql(
            `select ${select.join(', ')} from ${module} where ${field} in (${batch.map((k) => `'${k}'`).join(', ')}) limit ${COQL_IN_LIMIT}`,
          )
          .then(({ records }) => records.forEach((r) => keep(r, batch))),
      );
    }
    for (let i = 0; i < bySearch.length; i += 10) {
      const batch = bySearch.slice(i, i + 10);
      batches.push(
        this.records
          .search(
            module,
            { or: batch.map((k) => ({ field, op: 'equals' as const, value: k })) },
            { fields },
          )
          .then((found) => found.forEach((r) => keep(r, batch))),
      );
    }
    // Side by side: the transport holds them to the tenant's concurrency.
    await Promise.all(batches);
    return out;
  }

  /**
   * The extension's sync stamp (`Sage_Sync_Status` Synced, `Sage_Last_Synced` now), carried in the
   * writes the product makes anyway (upserts from Sage, the key after Sage created a record), so
   * a rep sees on the record and in list views when the product last wrote it, at no extra
   * credit. Only the fields the org has: Zoho refuses a write naming an unknown field.
   */
  private async syncStamp(module: ModuleName): Promise<Record<string, unknown>> {
    const known = await this.fieldNames(module).catch(() => undefined);
    if (!known) return {};
    const stamp: Record<string, unknown> = {};
    if (known.includes(SYNC_STATUS_FIELD)) stamp[SYNC_STATUS_FIELD] = 'Synced';
    if (known.includes(LAST_SYNCED_FIELD)) {
      // Zoho's datetime format: seconds, with an offset.
      const now = (this.options.now?.() ?? new Date()).toISOString();
      stamp[LAST_SYNCED_FIELD] = `${now.slice(0, 19)}+00:00`;
    }
    return stamp;
  }

  async upsert(module: ModuleName, records: CrmUpsert[]): Promise<WriteResult[]> {
    const def = CATALOG[module];
    const stamp = await this.syncStamp(module);
    const body = (u: CrmUpsert) => ({
      ...u.fields,
      ...stamp,
      [def.zohoKeyField]: u.sageKey,
      ...(u.lines && def.lines ? { [def.lines.zohoField]: u.lines } : {}),
    });
    const results: WriteResult[] = new Array(records.length);
    const byId = records.map((u, i) => ({ u, i })).filter((x) => x.u.zohoId);
    const byKey = records.map((u, i) => ({ u, i })).filter((x) => !x.u.zohoId);
    if (byId.length > 0) {
      const rows = byId.map(({ u }) => ({ id: u.zohoId, ...body(u) }));
      const outcomes = await this.write(() => this.records.update(module, rows), byId.length);
      outcomes.forEach((o, j) => (results[byId[j]!.i] = o));
    }
    if (byKey.length > 0) {
      const rows = byKey.map(({ u }) => body(u));
      const outcomes = await this.write(
        () => this.records.upsert(module, rows, { duplicateCheckFields: [def.zohoKeyField] }),
        byKey.length,
      );
      outcomes.forEach((o, j) => (results[byKey[j]!.i] = o));
    }
    return results;
  }

  /** One update call per 100 keys: a credit per 100 Zoho-born records Sage created. */
  async setSageKeys(module: ModuleName, keys: SageKeyWrite[]): Promise<WriteResult[]> {
    const field = CATALOG[module].zohoKeyField;
    const stamp = await this.syncStamp(module);
    const batches = Array.from({ length: Math.ceil(keys.length / 100) }, (_, i) =>
      keys.slice(i * 100, (i + 1) * 100),
    );
    // Side by side: the transport holds them to the tenant's concurrency limit.
    const results = await Promise.all(
      batches.map((batch) =>
        this.write(
          () =>
            this.records.update(
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
  async delete(module: ModuleName, id: string): Promise<WriteResult> {
    const [result] = await this.write(() => this.records.deleteRecords(module, [id]), 1);
    return result!;
  }

  async markInactive(module: ModuleName, id: string): Promise<WriteResult> {
    const marker = CATALOG[module].inactive.zoho;
    const known = await this.fieldNames(module);
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
    const [result] = await this.write(
      () => this.records.update(module, [{ id, [marker.field]: marker.value }]),
      1,
    );
    return result!;
  }

  private now(): string {
    return (this.options.now?.() ?? new Date()).toISOString();
  }

  /** Per-record outcomes as WriteResults; a failed call becomes one failure per record. */
  private async write(call: () => Promise<WriteOutcome[]>, count: number): Promise<WriteResult[]> {
    try {
      const outcomes = await call();
      return outcomes.map((o): WriteResult =>
        o.ok
          ? {
              ok: true,
              id: o.id,
              version: o.modifiedTime ? new Date(o.modifiedTime).toISOString() : this.now(),
              created: o.action === 'insert',
              tries: o.tries,
            }
          : {
              ok: false,
              code: o.code,
              message: o.message,
              field: o.field,
              retryable: o.code === 'RECORD_LOCKED',
              tries: o.tries,
            },
      );
    } catch (error) {
      const f = failure(error);
      return Array.from({ length: count }, () => f);
    }
  }
}

function failure(error: unknown): Extract<WriteResult, { ok: false }> {
  // The call's tries (429s and 5xx retried) go with the failure into each record's event.
  const tries = error instanceof ZohoError ? error.tries : undefined;
  if (error instanceof ZohoApiError) {
    const retryable = error.status === 429 || error.status >= 500;
    return { ok: false, code: error.code, message: error.message, retryable, tries };
  }
  if (error instanceof ZohoUnavailableError) {
    return { ok: false, code: 'UNAVAILABLE', message: error.message, retryable: true, tries };
  }
  if (error instanceof Error)
    return { ok: false, code: error.name, message: error.message, retryable: true };
  return { ok: false, code: 'UNKNOWN', message: String(error), retryable: true };
}
