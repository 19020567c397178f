import crypto from 'node:crypto';
import { SecretDecryptionError, type SecretBox } from '../../security/secret-box.js';
import type { Db } from '../knex.js';
import { TABLES } from '../tables.js';

/** A tenant's current access token as every process on this database sees it. */
export interface SharedAccessToken {
  accessToken: string;
  expiresAtMs: number;
}

/** The fingerprint that identifies a token without storing it in the clear. */
export const tokenFingerprint = (accessToken: string): string =>
  crypto.createHash('sha256').update(accessToken).digest('hex').slice(0, 32);

interface TokenColumns {
  access_token_secret: string | null;
  access_token_expires_ms: number | string | null;
}

/**
 * The shared access token and its refresh lease, kept on the tenant's `zoho_connections` row
 * (ADR 0032). Every statement is one conditional UPDATE, so on Postgres and SQLite alike exactly
 * one process wins a lease and a refused token is discarded only if it is still the current one.
 * Saving a new grant (reconnect) clears these columns; disconnecting deletes the row.
 */
export class ZohoAccessTokenRepository {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async read(tenantId: string): Promise<SharedAccessToken | undefined> {
    const row = (await this.db(TABLES.zohoConnections)
      .select('access_token_secret', 'access_token_expires_ms')
      .where({ tenant_id: tenantId })
      .first()) as TokenColumns | undefined;
    if (!row?.access_token_secret || row.access_token_expires_ms === null) return undefined;
    try {
      return {
        accessToken: this.box.open(row.access_token_secret),
        expiresAtMs: Number(row.access_token_expires_ms),
      };
    } catch (err) {
      // Sealed under a key this process no longer has: a fresh token replaces it.
      if (err instanceof SecretDecryptionError) return undefined;
      throw err;
    }
  }

  /** Takes the refresh lease unless another process holds an unexpired one. */
  async tryLease(
    tenantId: string,
    owner: string,
    nowMs: number,
    untilMs: number,
  ): Promise<boolean> {
    const updated = await this.db(TABLES.zohoConnections)
      .where({ tenant_id: tenantId })
      .andWhere((q) =>
        q
          .whereNull('refresh_lease_until_ms')
          .orWhere('refresh_lease_until_ms', '<=', nowMs)
          .orWhere('refresh_lease_owner', owner),
      )
      .update({ refresh_lease_owner: owner, refresh_lease_until_ms: untilMs });
    return updated === 1;
  }

  /** Stores a freshly minted token for every process. */
  async store(tenantId: string, token: SharedAccessToken): Promise<void> {
    await this.db(TABLES.zohoConnections)
      .where({ tenant_id: tenantId })
      .update({
        access_token_secret: this.box.seal(token.accessToken),
        access_token_fingerprint: tokenFingerprint(token.accessToken),
        access_token_expires_ms: token.expiresAtMs,
      });
  }

  /** Gives the lease back (only if this owner still holds it). */
  async release(tenantId: string, owner: string): Promise<void> {
    await this.db(TABLES.zohoConnections)
      .where({ tenant_id: tenantId, refresh_lease_owner: owner })
      .update({ refresh_lease_owner: null, refresh_lease_until_ms: null });
  }

  /** Drops the shared token Zoho refused, unless another process already replaced it. */
  async discard(tenantId: string, accessToken: string): Promise<void> {
    await this.db(TABLES.zohoConnections)
      .where({ tenant_id: tenantId, access_token_fingerprint: tokenFingerprint(accessToken) })
      .update({
        access_token_secret: null,
        access_token_fingerprint: null,
        access_token_expires_ms: null,
      });
  }
}
