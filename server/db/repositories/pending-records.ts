import type { PendingRecord, PendingStore } from '../../sync/stores.js';
import type { ModuleName, Side } from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { nowIso } from '../rows.js';
import { TABLES } from '../tables.js';

export type { PendingRecord };

interface PendingRow {
  record_id: string;
  kind: string;
  reason: string;
  attempts: number | string;
  next_attempt_at: string | null;
}

/**
 * Records a run could not finish and later runs must come back to: children waiting for a
 * parent's link, and records whose write failed (retried with backoff).
 */
export class PendingRecordRepository implements PendingStore {
  constructor(private readonly db: Db) {}

  async put(
    tenantId: string,
    module: ModuleName,
    side: Side,
    records: PendingRecord[],
  ): Promise<void> {
    // The last entry for a record wins (one statement cannot touch the same row twice).
    const latest = new Map(records.map((r) => [r.id, r]));
    const createdAt = nowIso();
    const rows = [...latest.values()].map((r) => ({
      tenant_id: tenantId,
      module,
      side,
      record_id: r.id,
      kind: r.kind,
      reason: r.reason,
      attempts: r.attempts,
      next_attempt_at: r.nextAttemptAt ?? null,
      created_at: createdAt,
    }));
    // One statement per 500 records (9 columns each, under SQLite's bound-variable cap).
    for (let i = 0; i < rows.length; i += 500) {
      await this.db(TABLES.pendingRecords)
        .insert(rows.slice(i, i + 500))
        .onConflict(['tenant_id', 'module', 'side', 'record_id'])
        .merge(['kind', 'reason', 'attempts', 'next_attempt_at']);
    }
  }

  /** Children waiting for a parent (kept for callers that only hold those). */
  add(
    tenantId: string,
    module: ModuleName,
    side: Side,
    records: Array<{ id: string; reason: string }>,
  ): Promise<void> {
    return this.put(
      tenantId,
      module,
      side,
      records.map((r) => ({ ...r, kind: 'parent', attempts: 0 })),
    );
  }

  async list(tenantId: string, module: ModuleName, side: Side): Promise<PendingRecord[]> {
    const rows = (await this.db(TABLES.pendingRecords)
      .where({ tenant_id: tenantId, module, side })
      .orderBy('created_at')
      .select('record_id', 'kind', 'reason', 'attempts', 'next_attempt_at')) as PendingRow[];
    return rows.map((r) => ({
      id: r.record_id,
      kind: r.kind === 'retry' ? 'retry' : 'parent',
      reason: r.reason,
      attempts: Number(r.attempts),
      nextAttemptAt: r.next_attempt_at ?? undefined,
    }));
  }

  async remove(tenantId: string, module: ModuleName, side: Side, ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    // SQLite caps bound variables per statement: remove in slices.
    for (let i = 0; i < ids.length; i += 500) {
      await this.db(TABLES.pendingRecords)
        .where({ tenant_id: tenantId, module, side })
        .whereIn('record_id', ids.slice(i, i + 500))
        .delete();
    }
  }

  async countRetries(
    tenantId: string,
    module: ModuleName,
    limit: number,
  ): Promise<{ waiting: number; exhausted: number }> {
    const rows = (await this.db(TABLES.pendingRecords)
      .where({ tenant_id: tenantId, module, kind: 'retry' })
      .select('attempts')) as Array<{ attempts: number | string }>;
    const exhausted = rows.filter((r) => Number(r.attempts) >= limit).length;
    return { waiting: rows.length - exhausted, exhausted };
  }
}
