import { CATALOG, sageKeyFields } from '../catalog/index.js';
import type { GatewayRecord, LineFields, SageGateway, WriteResult } from '../gateways.js';
import type { ModuleName } from '../vocabulary.js';
import type { FakeClock } from './clock.js';
import { FakeReads } from './fake-reads.js';

/**
 * An in-memory Sage 100 that behaves like eBWS + the agent feed where the engine can tell: keys
 * reserved by a counter that advances whether or not the create happens (GetNextCustomerNo),
 * WS_AlreadyExists on a create with a used key, CI_NoKey on an update of a missing record,
 * strings trimmed and upper-cased codes (State) as Sage stores them.
 */
export class FakeSage extends FakeReads implements SageGateway {
  private counter = 0;
  /** Set by a test to play Sage's pre-check (see SageGateway.validate). */
  validate?: (
    module: ModuleName,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ) => string[];

  constructor(clock: FakeClock) {
    super(clock);
  }

  /** Seeds a record as if typed in Sage (appears in the change feed). */
  seed(module: ModuleName, fields: Record<string, unknown>, lines?: LineFields[]): GatewayRecord {
    const key = CATALOG[module].sageKey.map((p) => String(fields[p.field])).join('-');
    return this.store.put(module, key, this.normalise(fields), lines);
  }

  edit(module: ModuleName, key: string, fields: Record<string, unknown>): GatewayRecord {
    const current = this.store.read(module, key);
    if (!current) throw new Error(`no ${module} ${key}`);
    return this.store.put(
      module,
      key,
      this.normalise({ ...current.fields, ...fields }),
      current.lines,
    );
  }

  async nextKey(module: ModuleName, fields: Record<string, unknown>): Promise<string> {
    this.counter++;
    this.store.writes.push({ op: 'nextKey', module, id: String(this.counter) });
    switch (module) {
      case 'Accounts':
        return `01-${String(this.counter).padStart(7, '0')}`;
      case 'Contacts': {
        const base = String(fields.ContactName ?? 'CONTACT')
          .toUpperCase()
          .replace(/[^A-Z0-9]/g, '')
          .slice(0, 7);
        return `${fields.ARDivisionNo}-${fields.CustomerNo}-${base}${String(this.counter).padStart(3, '0')}`;
      }
      default:
        return String(this.counter).padStart(7, '0');
    }
  }

  async create(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult> {
    const failed = this.store.takeFailure('create');
    if (failed) return failed;
    if (this.store.read(module, key)) {
      return {
        ok: false,
        code: 'WS_AlreadyExists',
        message: 'Record already exists',
        retryable: false,
      };
    }
    const keyFields = sageKeyFields(CATALOG[module].sageKey, key);
    const r = this.store.put(module, key, this.normalise({ ...fields, ...keyFields }), lines);
    this.store.writes.push({ op: 'create', module, id: key, fields });
    return { ok: true, id: key, version: r.version, created: true };
  }

  async update(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult> {
    const failed = this.store.takeFailure('update');
    if (failed) return failed;
    const current = this.store.read(module, key);
    if (!current)
      return { ok: false, code: 'CI_NoKey', message: 'Customer does not exist', retryable: false };
    const r = this.store.put(
      module,
      key,
      this.normalise({ ...current.fields, ...fields }),
      lines ?? current.lines,
    );
    this.store.writes.push({ op: 'update', module, id: key, fields });
    return { ok: true, id: key, version: r.version, created: false };
  }

  async delete(module: ModuleName, key: string): Promise<WriteResult> {
    if (!this.store.remove(module, key))
      return { ok: false, code: 'CI_NoKey', message: 'Record does not exist', retryable: false };
    this.store.writes.push({ op: 'delete', module, id: key });
    return { ok: true, id: key, version: this.store.clock.now().toISOString(), created: false };
  }

  async markInactive(module: ModuleName, key: string): Promise<WriteResult> {
    const marker = CATALOG[module].inactive.sage;
    if (!marker)
      return {
        ok: false,
        code: 'NOT_SUPPORTED',
        message: `${module} has no inactive flag in Sage`,
        retryable: false,
      };
    const result = await this.update(module, key, { [marker.field]: marker.value });
    if (result.ok) this.store.writes.push({ op: 'markInactive', module, id: key });
    return result;
  }

  private normalise(fields: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) {
      if (v === null || v === undefined) continue;
      out[k] = typeof v === 'string' ? (k === 'State' ? v.trim().toUpperCase() : v.trim()) : v;
    }
    return out;
  }
}
