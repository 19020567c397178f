import type { SecretBox, StoredSecret } from '../../security/secret-box.js';
import type { SageSettingsStore } from '../../sync/stores.js';
import { DEFAULT_AR_DIVISION } from '../../sage/ar-division.js';
import { defineSecret } from './stored-secret.js';
import type { Db } from '../knex.js';
import { nowIso } from '../rows.js';
import { TABLES } from '../tables.js';

export interface SageConnection {
  tenantId: string;
  endpointUrl: string;
  companyCode: string;
  username: string;
  password: string;
  timeZone: string;
  lengthProfile: '2018' | '2023';
  agentUrl?: string;
  agentToken?: string;
  /** The eBWS seats this tenant grants the product; unset takes SAGE_EBWS_SESSIONS. */
  ebwsSessions?: number;
  /** AR division (two digits) for customers created from Zoho when the mapping sets none. */
  defaultDivision: string;
  updatedAt: string;
  /** Stored secrets that cannot be opened (reading one throws a SecretDecryptionError). */
  unreadableSecrets: StoredSecret[];
}

export type SageConnectionInput = Omit<
  SageConnection,
  'updatedAt' | 'unreadableSecrets' | 'defaultDivision'
> & {
  /** Left out: DEFAULT_AR_DIVISION ('01'). */
  defaultDivision?: string;
};

interface SageConnectionRow {
  tenant_id: string;
  endpoint_url: string;
  company_code: string;
  username: string;
  password_secret: string;
  time_zone: string;
  length_profile: string;
  agent_url: string | null;
  agent_token_secret: string | null;
  ebws_sessions: number | null;
  default_division: string;
  updated_at: string;
}

/** The tenant's Sage 100 settings. The password and agent token are sealed before they reach SQL. */
export class SageConnectionRepository implements SageSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async save(input: SageConnectionInput): Promise<void> {
    const row: SageConnectionRow = {
      tenant_id: input.tenantId,
      endpoint_url: input.endpointUrl,
      company_code: input.companyCode,
      username: input.username,
      password_secret: this.box.seal(input.password),
      time_zone: input.timeZone,
      length_profile: input.lengthProfile,
      agent_url: input.agentUrl ?? null,
      agent_token_secret: input.agentToken ? this.box.seal(input.agentToken) : null,
      ebws_sessions: input.ebwsSessions ?? null,
      default_division: input.defaultDivision ?? DEFAULT_AR_DIVISION,
      updated_at: nowIso(),
    };
    await this.db(TABLES.sageConnections).insert(row).onConflict('tenant_id').merge();
  }

  async get(tenantId: string): Promise<SageConnection | undefined> {
    const r = await this.db<SageConnectionRow>(TABLES.sageConnections)
      .where({ tenant_id: tenantId })
      .first();
    if (!r) return undefined;
    const unreadableSecrets: StoredSecret[] = [];
    const connection = {
      tenantId: r.tenant_id,
      endpointUrl: r.endpoint_url,
      companyCode: r.company_code,
      username: r.username,
      timeZone: r.time_zone,
      lengthProfile: r.length_profile as SageConnection['lengthProfile'],
      agentUrl: r.agent_url ?? undefined,
      ebwsSessions: r.ebws_sessions === null ? undefined : Number(r.ebws_sessions),
      defaultDivision: r.default_division,
      updatedAt: r.updated_at,
      unreadableSecrets,
    } as SageConnection;
    // Opened here but thrown only when read: a repair never needs the old secret (issue 10).
    const { box } = this;
    defineSecret(
      connection,
      'password',
      r.password_secret,
      box,
      'sage_password',
      unreadableSecrets,
    );
    if (r.agent_token_secret) {
      defineSecret(
        connection,
        'agentToken',
        r.agent_token_secret,
        box,
        'sage_agent_token',
        unreadableSecrets,
      );
    } else {
      connection.agentToken = undefined;
    }
    return connection;
  }
}
