import type { Db } from '../knex.js';
import { lockTenantRow } from '../rows.js';
import { TABLES } from '../tables.js';

/** Zoho profile names whose users are admins in the extension, per tenant. */
export class ZohoAdminProfileRepository {
  constructor(private readonly db: Db) {}

  async list(tenantId: string): Promise<string[]> {
    const rows: Array<{ profile_name: string }> = await this.db(TABLES.zohoAdminProfiles)
      .select('profile_name')
      .where({ tenant_id: tenantId })
      .orderBy('profile_name');
    return rows.map((r) => r.profile_name);
  }

  /** Replaces the tenant's list (names deduplicated). */
  async replace(tenantId: string, names: string[]): Promise<void> {
    const unique = [...new Set(names)];
    await this.db.transaction(async (trx) => {
      await lockTenantRow(trx, tenantId);
      await trx(TABLES.zohoAdminProfiles).where({ tenant_id: tenantId }).delete();
      if (unique.length > 0) {
        await trx(TABLES.zohoAdminProfiles).insert(
          unique.map((profile_name) => ({ tenant_id: tenantId, profile_name })),
        );
      }
    });
  }
}
