import type { ModuleName, Side } from '../../sync/vocabulary.js';
import type { CursorStore } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { nowIso } from '../rows.js';
import { TABLES } from '../tables.js';

/** Where change detection resumes per tenant, module and side. The value is opaque to storage. */
export class CursorRepository implements CursorStore {
  constructor(private readonly db: Db) {}

  async get(tenantId: string, module: ModuleName, side: Side): Promise<string | undefined> {
    const row = (await this.db(TABLES.cursors)
      .where({ tenant_id: tenantId, module, side })
      .first('value')) as { value: string } | undefined;
    return row?.value;
  }

  async set(tenantId: string, module: ModuleName, side: Side, value: string): Promise<void> {
    await this.db(TABLES.cursors)
      .insert({ tenant_id: tenantId, module, side, value, updated_at: nowIso() })
      .onConflict(['tenant_id', 'module', 'side'])
      .merge();
  }
}
