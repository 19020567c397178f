import type { ModuleName, RecordAction } from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { toNumber } from '../rows.js';
import { TABLES } from '../tables.js';

/** Records decided per UTC day, module and action (the settings tab's activity chart). */
export interface DailyActivity {
  /** YYYY-MM-DD (UTC). */
  day: string;
  module: ModuleName;
  action: RecordAction;
  count: number;
}

/**
 * Read-only aggregates over the audit log. Dry runs are left out: they wrote nothing. Times are
 * fixed-width ISO-8601 UTC strings, so the first ten characters are the UTC day on both databases.
 */
export class ActivityRepository {
  constructor(private readonly db: Db) {}

  async perDay(
    tenantId: string,
    range: { from: string; to?: string; module?: ModuleName },
  ): Promise<DailyActivity[]> {
    const e = TABLES.recordEvents;
    const r = TABLES.runs;
    const day = this.db.raw(`substr(${e}.created_at, 1, 10)`);
    const query = this.db(e)
      .join(r, `${r}.id`, `${e}.run_id`)
      .where(`${e}.tenant_id`, tenantId)
      .andWhere(`${r}.tenant_id`, tenantId)
      .andWhere(`${r}.dry_run`, false)
      .andWhere(`${e}.created_at`, '>=', range.from)
      .select({ day, module: `${e}.module`, action: `${e}.action` })
      .count({ count: '*' })
      .groupByRaw(`substr(${e}.created_at, 1, 10), ${e}.module, ${e}.action`)
      .orderBy([{ column: 'day' }, { column: 'module' }, { column: 'action' }]);
    if (range.to) query.andWhere(`${e}.created_at`, '<', range.to);
    if (range.module) query.andWhere(`${e}.module`, range.module);
    const rows = (await query) as Array<{
      day: string;
      module: string;
      action: string;
      count: number | string;
    }>;
    return rows.map((row) => ({
      day: row.day,
      module: row.module as ModuleName,
      action: row.action as RecordAction,
      count: toNumber(row.count),
    }));
  }
}
