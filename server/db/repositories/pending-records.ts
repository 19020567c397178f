import type { ModuleName, Side } from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { nowIso } from '../rows.js';
import { TABLES } from '../tables.js';

/** Records a run held back (waiting for a parent's link), retried first by the next run. */
export class PendingRecordRepository {
  constructor(private readonly db: Db) {}

  async add(
    tenantId: string,
    module: ModuleName,
    side: Side,
    records: Array<{ id: string; reason: string }>,
  ): Promise<void> {
    for (const r of records) {
      await this.db(TABLES.pendingRecords)
        .insert({
          tenant_id: tenantId,
          module,
          side,
          record_id: r.id,
          reason: r.reason,
          created_at: nowIso(),
        })
        .onConflict(['tenant_id', 'module', 'side', 'record_id'])
        .merge(['reason']);
    }
  }

  async list(tenantId: string, module: ModuleName, side: Side): Promise<string[]> {
    const rows = (await this.db(TABLES.pendingRecords)
      .where({ tenant_id: tenantId, module, side })
      .orderBy('created_at')
      .select('record_id')) as Array<{ record_id: string }>;
    return rows.map((r) => r.record_id);
  }

  async remove(tenantId: string, module: ModuleName, side: Side, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db(TABLES.pendingRecords)
      .where({ tenant_id: tenantId, module, side })
      .whereIn('record_id', ids)
      .delete();
  }
}
