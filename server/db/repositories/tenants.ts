import crypto from 'node:crypto';
import type { Db } from '../knex.js';
import { nowIso } from '../rows.js';
import { TABLES } from '../tables.js';

export interface Tenant {
  id: string;
  zohoOrgId: string;
  name: string;
  status: 'active' | 'suspended';
  createdAt: string;
  updatedAt: string;
}

interface TenantRow {
  id: string;
  zoho_org_id: string;
  name: string;
  status: string;
  created_at: string;
  updated_at: string;
}

const fromRow = (r: TenantRow): Tenant => ({
  id: r.id,
  zohoOrgId: r.zoho_org_id,
  name: r.name,
  status: r.status as Tenant['status'],
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** One tenant per Zoho CRM organisation. */
export class TenantRepository {
  constructor(private readonly db: Db) {}

  async create(input: { zohoOrgId: string; name: string }): Promise<Tenant> {
    const now = nowIso();
    const row: TenantRow = {
      id: crypto.randomUUID(),
      zoho_org_id: input.zohoOrgId,
      name: input.name,
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    await this.db(TABLES.tenants).insert(row);
    return fromRow(row);
  }

  async get(id: string): Promise<Tenant | undefined> {
    const row = await this.db<TenantRow>(TABLES.tenants).where({ id }).first();
    return row && fromRow(row);
  }

  /**
   * Forgets what the tenant knows of its two systems: record links, cursors, records owed a retry,
   * conflicts, match proposals, and its Zoho connection and channels. Settings, mappings, filters,
   * notifications and the run log stay. The local sandbox calls this at every start: its
   * simulated Zoho and Sage begin anew, so links to their old records were wrong.
   */
  async forgetSystems(tenantId: string): Promise<void> {
    await this.db.transaction(async (trx) => {
      // Conflicts first: they reference links.
      for (const table of [
        TABLES.conflicts,
        TABLES.matchProposals,
        TABLES.pendingRecords,
        TABLES.links,
        TABLES.cursors,
        TABLES.zohoNotificationChannels,
        TABLES.zohoConnections,
      ]) {
        await trx(table).where({ tenant_id: tenantId }).delete();
      }
    });
  }

  async findByZohoOrgId(zohoOrgId: string): Promise<Tenant | undefined> {
    const row = await this.db<TenantRow>(TABLES.tenants).where({ zoho_org_id: zohoOrgId }).first();
    return row && fromRow(row);
  }

  async list(): Promise<Tenant[]> {
    const rows = await this.db<TenantRow>(TABLES.tenants).orderBy('created_at');
    return rows.map(fromRow);
  }

  async setStatus(id: string, status: Tenant['status']): Promise<void> {
    await this.db(TABLES.tenants).where({ id }).update({ status, updated_at: nowIso() });
  }
}
