import type { SessionRole } from '../../http/auth/session-token.js';
import type { Db } from '../knex.js';
import { TABLES } from '../tables.js';

/** What a one-time sign-in code stands for: the identity Zoho confirmed at the callback. */
export interface SigninCodeGrant {
  tenantId: string;
  zohoUserId: string;
  zohoOrgId: string;
  role: SessionRole;
  /** The widget origin the flow started from: only a redeem from there is honoured. */
  returnOrigin: string;
  expiresAt: string;
  /** A handed-off session's own end: the session it restores ends then too. */
  sessionExpiresAt?: string;
}

interface SigninCodeRow {
  code_hash: string;
  tenant_id: string;
  zoho_user_id: string;
  zoho_org_id: string;
  role: string;
  return_origin: string;
  expires_at: string;
  session_expires_at?: string | null;
}

/**
 * One-time sign-in codes by their SHA-256. A code is consumed by its first redeem (the delete
 * decides a race); expired ones are refused and purged.
 */
export class SigninCodeRepository {
  constructor(private readonly db: Db) {}

  async create(codeHash: string, grant: SigninCodeGrant): Promise<void> {
    const row: SigninCodeRow = {
      code_hash: codeHash,
      tenant_id: grant.tenantId,
      zoho_user_id: grant.zohoUserId,
      zoho_org_id: grant.zohoOrgId,
      role: grant.role,
      return_origin: grant.returnOrigin,
      expires_at: grant.expiresAt,
      session_expires_at: grant.sessionExpiresAt ?? null,
    };
    await this.db(TABLES.signinCodes).insert(row);
  }

  /** Returns the grant and deletes it; undefined when unknown, expired or already redeemed. */
  async consume(codeHash: string, now: string): Promise<SigninCodeGrant | undefined> {
    const row = await this.db<SigninCodeRow>(TABLES.signinCodes)
      .where({ code_hash: codeHash })
      .first();
    if (!row) return undefined;
    const deleted = await this.db(TABLES.signinCodes).where({ code_hash: codeHash }).delete();
    if (deleted !== 1 || row.expires_at <= now) return undefined;
    return {
      tenantId: row.tenant_id,
      zohoUserId: row.zoho_user_id,
      zohoOrgId: row.zoho_org_id,
      role: row.role === 'admin' ? 'admin' : 'user',
      returnOrigin: row.return_origin,
      expiresAt: row.expires_at,
      ...(row.session_expires_at ? { sessionExpiresAt: row.session_expires_at } : {}),
    };
  }

  async purgeExpired(now: string): Promise<number> {
    return this.db(TABLES.signinCodes).where('expires_at', '<=', now).delete();
  }
}
