import type { ModuleName } from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { TABLES } from '../tables.js';

/** When a module's runs last ended well and last failed (for /metrics' staleness alerts). */
export interface ModuleOutcome {
  module: ModuleName;
  /** The newest `succeeded` or `partial` run's end: the run went through and moved its cursors. */
  lastSuccessAt?: string;
  /** The newest `failed` run's end. */
  lastFailureAt?: string;
}

/** The module's newest finished run failed: no good run has ended since its last failure. */
export const isFailing = (o: ModuleOutcome): boolean =>
  o.lastFailureAt !== undefined && (o.lastSuccessAt ?? '') < o.lastFailureAt;

/**
 * Per module of one tenant, the newest good and failed ends of its module runs. Dry runs wrote
 * nothing and "Sync to Sage" (`record`) runs carry one record, so neither says the module syncs.
 */
export class ModuleOutcomeRepository {
  constructor(private readonly db: Db) {}

  async ofTenant(tenantId: string): Promise<ModuleOutcome[]> {
    const rows = await this.db(TABLES.runs)
      .where({ tenant_id: tenantId })
      .andWhere('dry_run', false)
      .andWhereNot({ kind: 'record' })
      .whereNotNull('finished_at')
      .select('module')
      .select(
        this.db.raw(
          "max(case when status in ('succeeded', 'partial') then finished_at end) as last_success_at",
        ),
        this.db.raw("max(case when status = 'failed' then finished_at end) as last_failure_at"),
      )
      .groupBy('module')
      .orderBy('module');
    return (
      rows as Array<{
        module: string;
        last_success_at: string | null;
        last_failure_at: string | null;
      }>
    ).map((r) => ({
      module: r.module as ModuleName,
      ...(r.last_success_at ? { lastSuccessAt: r.last_success_at } : {}),
      ...(r.last_failure_at ? { lastFailureAt: r.last_failure_at } : {}),
    }));
  }
}
