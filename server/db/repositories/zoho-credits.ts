import type { Db } from '../knex.js';
import { toNumber } from '../rows.js';
import { TABLES } from '../tables.js';

/** The UTC hour bucket of a time: `YYYY-MM-DDTHH`. */
export const creditHour = (at: Date): string => at.toISOString().slice(0, 13);

/**
 * Zoho API credits this product spent per tenant, in hourly buckets, so the rolling 24 h total
 * (what Zoho limits) is a sum of the last 24 buckets, shared by every backend process.
 */
export class ZohoCreditRepository {
  constructor(private readonly db: Db) {}

  async add(tenantId: string, credits: number, at: Date = new Date()): Promise<void> {
    const table = TABLES.zohoCreditUsage;
    await this.db(table)
      .insert({ tenant_id: tenantId, hour: creditHour(at), credits })
      .onConflict(['tenant_id', 'hour'])
      .merge({ credits: this.db.raw('??.?? + ?', [table, 'credits', credits]) });
  }

  /** Credits used in the 24 hours up to `now` (by whole hours, the current one included). */
  async usedInLast24h(tenantId: string, now: Date = new Date()): Promise<number> {
    const from = creditHour(new Date(now.getTime() - 23 * 3600_000));
    const row = await this.db(TABLES.zohoCreditUsage)
      .where({ tenant_id: tenantId })
      .andWhere('hour', '>=', from)
      .sum({ total: 'credits' })
      .first();
    return row?.total === null || row?.total === undefined ? 0 : toNumber(row.total);
  }

  /** The hourly buckets of those 24 hours, oldest first: when each leaves the window. */
  async hoursInLast24h(
    tenantId: string,
    now: Date = new Date(),
  ): Promise<Array<{ hour: string; credits: number }>> {
    const from = creditHour(new Date(now.getTime() - 23 * 3600_000));
    const rows: Array<{ hour: string; credits: unknown }> = await this.db(TABLES.zohoCreditUsage)
      .where({ tenant_id: tenantId })
      .andWhere('hour', '>=', from)
      .orderBy('hour', 'asc')
      .select('hour', 'credits');
    return rows.map((r) => ({ hour: r.hour, credits: toNumber(r.credits) }));
  }

  async prune(tenantId: string, before: Date): Promise<number> {
    return this.db(TABLES.zohoCreditUsage)
      .where({ tenant_id: tenantId })
      .andWhere('hour', '<', creditHour(before))
      .delete();
  }
}
