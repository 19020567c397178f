import { CATALOG } from '../catalog/index.js';
import type {
  ChangePage,
  CrmGateway,
  CrmUpsert,
  GatewayRecord,
  ListChangesOptions,
  RecordPage,
  SageKeyWrite,
  WriteResult,
} from '../gateways.js';
import { compileMappings } from '../mapping/compile.js';
import { zohoReadFields } from '../mapping/read-fields.js';
import type { ModuleName } from '../vocabulary.js';
import type { FakeClock } from './clock.js';
import { FakeReads } from './fake-reads.js';

/**
 * An in-memory Zoho CRM that behaves like the v8 API where the engine can tell: 19-digit ids,
 * upserts that match on the unique Sage key field (update) or insert, MANDATORY_NOT_FOUND for a
 * missing mandatory field, lookups stored as {id}, a deleted-records log. Reads return only the
 * selected fields (the catalog's defaults until the engine selects), as Zoho returns only the
 * fields its `fields` parameter names: a field the engine forgets to ask for reads as absent.
 */
export class FakeCrm extends FakeReads implements CrmGateway {
  /** Set by a test to play an org whose field list is known (see CrmGateway.fieldNames). */
  fieldNames?: (module: ModuleName) => Promise<string[] | undefined>;
  private nextId = 5725767000000400000n;

  constructor(clock: FakeClock) {
    super(clock);
  }

  /** The fields each module's reads return, as the engine last selected them. */
  readonly selected = new Map<ModuleName, string[]>();

  selectFields(module: ModuleName, fields: string[]): void {
    this.selected.set(module, fields);
  }

  /** A record as a read naming the selected fields returns it (the id always comes). */
  private shown(module: ModuleName, r: GatewayRecord): GatewayRecord {
    const def = CATALOG[module];
    const names = new Set(
      this.selected.get(module) ??
        zohoReadFields(def, compileMappings(module, def.defaultMappings)),
    );
    const fields = Object.fromEntries(Object.entries(r.fields).filter(([k]) => names.has(k)));
    const lines = def.lines && !names.has(def.lines.zohoField) ? undefined : r.lines;
    return { ...r, fields, lines };
  }

  override async listChanges(
    module: ModuleName,
    cursor: string | undefined,
    options?: ListChangesOptions,
  ): Promise<ChangePage> {
    const page = await super.listChanges(module, cursor, options);
    return { ...page, records: page.records.map((r) => this.shown(module, r)) };
  }

  override async listAll(module: ModuleName, pageToken?: string): Promise<RecordPage> {
    const page = await super.listAll(module, pageToken);
    return { ...page, records: page.records.map((r) => this.shown(module, r)) };
  }

  override async get(module: ModuleName, ids: string[]): Promise<Map<string, GatewayRecord>> {
    const found = await super.get(module, ids);
    return new Map([...found].map(([id, r]) => [id, this.shown(module, r)]));
  }

  /** Seeds a record as if typed in Zoho (appears in the modified-since listing). */
  seed(
    module: ModuleName,
    fields: Record<string, unknown>,
    lines?: Array<Record<string, unknown>>,
  ): GatewayRecord {
    return this.store.put(module, String(++this.nextId), fields, lines);
  }

  edit(module: ModuleName, id: string, fields: Record<string, unknown>): GatewayRecord {
    const current = this.store.read(module, id);
    if (!current) throw new Error(`no ${module} ${id}`);
    return this.store.put(module, id, { ...current.fields, ...fields }, current.lines);
  }

  byKey(module: ModuleName, sageKey: string): GatewayRecord | undefined {
    const field = CATALOG[module].zohoKeyField;
    for (const [id, stored] of this.store.table(module)) {
      if (stored.fields[field] === sageKey) return this.store.read(module, id);
    }
    return undefined;
  }

  async findBySageKeys(
    module: ModuleName,
    sageKeys: string[],
  ): Promise<Map<string, GatewayRecord>> {
    const out = new Map<string, GatewayRecord>();
    for (const key of sageKeys) {
      const r = this.byKey(module, key);
      if (r) out.set(key, this.shown(module, r));
    }
    return out;
  }

  /** Upsert calls made, and how many records each carried. */
  readonly upsertCalls: number[] = [];

  async upsert(module: ModuleName, records: CrmUpsert[]): Promise<WriteResult[]> {
    this.upsertCalls.push(records.length);
    const def = CATALOG[module];
    return records.map((u): WriteResult => {
      const failed = this.store.takeFailure('upsert');
      if (failed) return failed;
      const existing =
        this.byKey(module, u.sageKey) ?? (u.zohoId ? this.store.read(module, u.zohoId) : undefined);
      const fields = { ...(existing?.fields ?? {}), ...u.fields, [def.zohoKeyField]: u.sageKey };
      const missing = def.zohoMandatory.find(
        (f) => fields[f] === undefined || fields[f] === null || fields[f] === '',
      );
      if (missing)
        return {
          ok: false,
          code: 'MANDATORY_NOT_FOUND',
          message: 'required field not found',
          field: missing,
          retryable: false,
        };
      const id = existing?.id ?? String(++this.nextId);
      const r = this.store.put(module, id, fields, u.lines ?? existing?.lines);
      this.store.writes.push({ op: existing ? 'update' : 'create', module, id, fields: u.fields });
      return { ok: true, id, version: r.version, created: !existing };
    });
  }

  /** setSageKeys calls made, and how many keys each carried. */
  readonly setSageKeysCalls: number[] = [];

  async setSageKeys(module: ModuleName, keys: SageKeyWrite[]): Promise<WriteResult[]> {
    this.setSageKeysCalls.push(keys.length);
    if (keys.length > 100)
      throw new Error(`Zoho takes at most 100 records a call, got ${keys.length}`);
    return keys.map(({ zohoId, sageKey, also }): WriteResult => {
      const failed = this.store.takeFailure('setSageKey');
      if (failed) return failed;
      const current = this.store.read(module, zohoId);
      if (!current)
        return {
          ok: false,
          code: 'INVALID_DATA',
          message: 'the id given seems to be invalid',
          retryable: false,
        };
      const r = this.store.put(
        module,
        zohoId,
        { ...current.fields, ...also, [CATALOG[module].zohoKeyField]: sageKey },
        current.lines,
      );
      this.store.writes.push({ op: 'setSageKey', module, id: zohoId });
      return { ok: true, id: zohoId, version: r.version, created: false };
    });
  }

  async delete(module: ModuleName, id: string): Promise<WriteResult> {
    if (!this.store.remove(module, id))
      return {
        ok: false,
        code: 'INVALID_DATA',
        message: 'the id given seems to be invalid',
        retryable: false,
      };
    this.store.writes.push({ op: 'delete', module, id });
    return { ok: true, id, version: this.store.clock.now().toISOString(), created: false };
  }

  async markInactive(module: ModuleName, id: string): Promise<WriteResult> {
    const marker = CATALOG[module].inactive.zoho;
    const current = this.store.read(module, id);
    if (!marker || !current)
      return { ok: false, code: 'INVALID_DATA', message: 'cannot mark inactive', retryable: false };
    const r = this.store.put(
      module,
      id,
      { ...current.fields, [marker.field]: marker.value },
      current.lines,
    );
    this.store.writes.push({ op: 'markInactive', module, id });
    return { ok: true, id, version: r.version, created: false };
  }
}
