import type { Db } from '../knex.js';
import { TABLES } from '../tables.js';

export type OAuthPurpose = 'connect' | 'signin';

export interface OAuthState {
  stateHash: string;
  purpose: OAuthPurpose;
  /** SHA-256 of the random value in the starting browser's cookie: the state is bound to it. */
  bindingHash: string;
  /** The widget origin a sign-in popup reports back to (checked against the allow-list at start). */
  returnOrigin?: string;
  createdAt: string;
  expiresAt: string;
}

interface OAuthStateRow {
  state_hash: string;
  purpose: string;
  binding_hash: string;
  return_origin: string | null;
  created_at: string;
  expires_at: string;
}

/**
 * Pending OAuth authorizations. Only hashes are stored, so a database reader cannot complete
 * someone's flow; each state is consumed once. Not tenant-scoped: the tenant is learned from Zoho
 * at the callback.
 */
export class ZohoOAuthStateRepository {
  constructor(private readonly db: Db) {}

  async create(state: OAuthState): Promise<void> {
    const row: OAuthStateRow = {
      state_hash: state.stateHash,
      purpose: state.purpose,
      binding_hash: state.bindingHash,
      return_origin: state.returnOrigin ?? null,
      created_at: state.createdAt,
      expires_at: state.expiresAt,
    };
    await this.db(TABLES.zohoOauthStates).insert(row);
  }

  /** Returns the state and deletes it; undefined when unknown, expired or already consumed. */
  async consume(stateHash: string, now: string): Promise<OAuthState | undefined> {
    const row = await this.db<OAuthStateRow>(TABLES.zohoOauthStates)
      .where({ state_hash: stateHash })
      .first();
    if (!row) return undefined;
    // The delete decides who consumed it when two callbacks race.
    const deleted = await this.db(TABLES.zohoOauthStates).where({ state_hash: stateHash }).delete();
    if (deleted !== 1 || row.expires_at <= now) return undefined;
    return {
      stateHash: row.state_hash,
      purpose: row.purpose as OAuthPurpose,
      bindingHash: row.binding_hash,
      returnOrigin: row.return_origin ?? undefined,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async purgeExpired(now: string): Promise<number> {
    return this.db(TABLES.zohoOauthStates).where('expires_at', '<=', now).delete();
  }
}
