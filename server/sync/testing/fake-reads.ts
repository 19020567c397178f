import type { ChangePage, GatewayRecord, ListChangesOptions, RecordPage } from '../gateways.js';
import type { ModuleName } from '../vocabulary.js';
import type { FakeClock } from './clock.js';
import { FakeStore } from './fake-store.js';

/** The reads both fake systems share: change listing, full listing and get by id or key. */
export abstract class FakeReads {
  readonly store: FakeStore;

  constructor(clock: FakeClock) {
    this.store = new FakeStore(clock);
  }

  async listChanges(
    module: ModuleName,
    cursor: string | undefined,
    options: ListChangesOptions = {},
  ): Promise<ChangePage> {
    return this.store.changes(module, cursor, options.since, options.limit ?? 100);
  }

  async listAll(module: ModuleName, pageToken?: string): Promise<RecordPage> {
    return this.store.page(module, pageToken);
  }

  async get(module: ModuleName, ids: string[]): Promise<Map<string, GatewayRecord>> {
    const out = new Map<string, GatewayRecord>();
    for (const id of ids) {
      const r = this.store.read(module, id);
      if (r) out.set(id, r);
    }
    return out;
  }
}
