import type { SecretBox, StoredSecret } from '../../security/secret-box.js';
import { defineSecret } from './stored-secret.js';
import type { Db } from '../knex.js';
import { nowIso } from '../rows.js';
import { TABLES } from '../tables.js';

export interface ZohoConnection {
  tenantId: string;
  dataCentre: string;
  accountsServer: string;
  apiDomain: string;
  refreshToken: string;
  scope: string;
  connectedByUserId?: string;
  connectedAt: string;
  /** The org's edition (`license_details.paid_type`), which sets the default concurrency limit. */
  edition?: string;
  /** While the org is on trial: when the trial ends, and the (paid) edition it falls back to. */
  trialEndsAt?: string;
  editionAfterTrial?: string;
  /** ['zoho_refresh_token'] when the stored token cannot be opened (reading it then throws). */
  unreadableSecrets: StoredSecret[];
}

interface ZohoConnectionRow {
  tenant_id: string;
  data_centre: string;
  accounts_server: string;
  api_domain: string;
  refresh_token_secret: string;
  scope: string;
  connected_by_user_id: string | null;
  connected_at: string;
  updated_at: string;
  edition?: string | null;
  trial_ends_at?: string | null;
  edition_after_trial?: string | null;
}

const NO_SHARED_TOKEN = {
  access_token_secret: null,
  access_token_fingerprint: null,
  access_token_expires_ms: null,
  refresh_lease_owner: null,
  refresh_lease_until_ms: null,
};

/** The tenant's Zoho grant: the refresh token (sealed) and where its org lives. */
export class ZohoConnectionRepository {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async save(
    input: Omit<ZohoConnection, 'connectedAt' | 'unreadableSecrets'> & { connectedAt?: string },
  ): Promise<void> {
    const row: ZohoConnectionRow = {
      tenant_id: input.tenantId,
      data_centre: input.dataCentre,
      accounts_server: input.accountsServer,
      api_domain: input.apiDomain,
      refresh_token_secret: this.box.seal(input.refreshToken),
      scope: input.scope,
      connected_by_user_id: input.connectedByUserId ?? null,
      connected_at: input.connectedAt ?? nowIso(),
      updated_at: nowIso(),
      ...(input.edition !== undefined ? { edition: input.edition } : {}),
      // Every grant says afresh whether the org is on trial (a paid org's reconnect clears it).
      trial_ends_at: input.trialEndsAt ?? null,
      edition_after_trial: input.editionAfterTrial ?? null,
    };
    // A new grant starts without the old grant's shared access token (ADR 0032).
    await this.db(TABLES.zohoConnections)
      .insert({ ...row, ...NO_SHARED_TOKEN })
      .onConflict('tenant_id')
      .merge();
  }

  async get(tenantId: string): Promise<ZohoConnection | undefined> {
    const r = await this.db<ZohoConnectionRow>(TABLES.zohoConnections)
      .where({ tenant_id: tenantId })
      .first();
    if (!r) return undefined;
    const unreadableSecrets: StoredSecret[] = [];
    const connection = {
      tenantId: r.tenant_id,
      dataCentre: r.data_centre,
      accountsServer: r.accounts_server,
      apiDomain: r.api_domain,
      scope: r.scope,
      connectedByUserId: r.connected_by_user_id ?? undefined,
      connectedAt: r.connected_at,
      edition: r.edition ?? undefined,
      trialEndsAt: r.trial_ends_at ?? undefined,
      editionAfterTrial: r.edition_after_trial ?? undefined,
      unreadableSecrets,
    } as ZohoConnection;
    // Reading refreshToken throws if it cannot be opened; a reconnect or disconnect never must.
    defineSecret(
      connection,
      'refreshToken',
      r.refresh_token_secret,
      this.box,
      'zoho_refresh_token',
      unreadableSecrets,
    );
    return connection;
  }

  /** Tenants that have a Zoho grant (one query, for the scheduler's plan). */
  async connectedTenantIds(): Promise<Set<string>> {
    const rows = await this.db<ZohoConnectionRow>(TABLES.zohoConnections).select('tenant_id');
    return new Set(rows.map((r) => r.tenant_id));
  }

  async setEdition(tenantId: string, edition: string): Promise<void> {
    await this.db(TABLES.zohoConnections)
      .where({ tenant_id: tenantId })
      .update({ edition, updated_at: nowIso() });
  }

  async delete(tenantId: string): Promise<void> {
    await this.db(TABLES.zohoConnections).where({ tenant_id: tenantId }).delete();
  }
}
