import { AVAILABLE, type ModuleAvailability } from '../sync/availability.js';
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
import type { ModuleName } from '../sync/vocabulary.js';
import { type BatchedReadContext, findBySageKeys, readByIds } from './crm-batched-reads.js';
import { listZohoChanges } from './crm-changes.js';
import { CrmFieldSelection, type FieldMetadata } from './crm-field-selection.js';
import { toGatewayRecord } from './crm-record-shape.js';
import { writeResults } from './crm-write-results.js';
import * as writes from './crm-writes.js';
import { ZohoDealDirectory } from './deal-directory.js';
import { idsByField } from './record-names.js';
import type { ZohoRecordsApi } from './records-api.js';

export { defaultZohoFields } from './crm-field-selection.js';

/**
 * The sync engine's CrmGateway over the Zoho REST client: a facade that holds one run batch's
 * state (the fields selected and known per module, which modules were counted) and hands each
 * job to its own module: the change feed (`crm-changes.ts`, cursor in `crm-change-cursor.ts`),
 * batched reads by id and by Sage key (`crm-batched-reads.ts`), and writes (`crm-writes.ts`,
 * stamped by `crm-sync-stamp.ts`, outcomes by `crm-write-results.ts`).
 */

export interface CrmGatewayOptions {
  /** Field metadata (`GET /settings/fields`): lets the engine leave out mappings to missing fields. */
  metadata?: FieldMetadata;
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
  ) {
    this.selection = new CrmFieldSelection(options.metadata);
    this.reads = { records, fields: (module) => this.selection.fields(module) };
    this.writes = {
      records,
      fieldNames: (module) => this.selection.fieldNames(module),
      now: () => this.now(),
    };
  }

  private readonly selection: CrmFieldSelection;
  /** What the reads need: the client and the fields to read. */
  private readonly reads: BatchedReadContext;
  /** What the writes need: the client, the org's field names (for stamps) and the clock. */
  private readonly writes: writes.WriteContext;
  /** Modules whose change count was asked for (once per gateway, i.e. per run batch). */
  private readonly counted = new Set<ModuleName>();
  private dealDirectory?: ZohoDealDirectory;

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

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
      async (call) => (await writeResults(call, 1, () => this.now()))[0]!,
    );
    return this.dealDirectory;
  }

  selectFields(module: ModuleName, fields: string[]): void {
    this.selection.select(module, fields);
  }

  fieldNames(module: ModuleName): Promise<string[] | undefined> {
    return this.selection.fieldNames(module);
  }

  listChanges(
    module: ModuleName,
    cursorText: string | undefined,
    options: ListChangesOptions = {},
  ): Promise<ChangePage> {
    const firstListing = (m: ModuleName) => {
      const first = !this.counted.has(m);
      this.counted.add(m);
      return first;
    };
    return listZohoChanges(
      { ...this.reads, firstListing, now: () => this.now() },
      module,
      cursorText,
      options,
    );
  }

  async listAll(module: ModuleName): Promise<RecordPage> {
    const records: GatewayRecord[] = [];
    for await (const page of this.records.listModified(module, {
      fields: await this.selection.fields(module),
    })) {
      records.push(...page.records.map((r) => toGatewayRecord(module, r)));
    }
    return { records };
  }

  get(module: ModuleName, ids: string[]): Promise<Map<string, GatewayRecord>> {
    return readByIds(this.reads, module, ids);
  }

  findBySageKeys(module: ModuleName, sageKeys: string[]): Promise<Map<string, GatewayRecord>> {
    return findBySageKeys(this.reads, module, sageKeys);
  }

  upsert(module: ModuleName, records: CrmUpsert[]): Promise<WriteResult[]> {
    return writes.upsertRecords(this.writes, module, records);
  }

  setSageKeys(module: ModuleName, keys: SageKeyWrite[]): Promise<WriteResult[]> {
    return writes.setSageKeys(this.writes, module, keys);
  }

  delete(module: ModuleName, id: string): Promise<WriteResult> {
    return writes.deleteRecord(this.writes, module, id);
  }

  markInactive(module: ModuleName, id: string): Promise<WriteResult> {
    return writes.markInactive(this.writes, module, id);
  }
}
