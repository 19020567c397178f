import crypto from 'node:crypto';
import type { Logger } from '../logging.js';
import { ZohoNotConnectedError, ZohoTokenLimitError } from './errors.js';
import type { ZohoOAuthClient } from './oauth.js';

/** What the cache needs to know about a tenant's grant (the repository provides it). */
export interface TenantGrant {
  accountsServer: string;
  apiDomain: string;
  refreshToken: string;
}

export interface TenantToken {
  accessToken: string;
  apiDomain: string;
  expiresAtMs: number;
}

/**
 * Where every process on the same database finds the tenant's current access token, and the lease
 * that lets one of them refresh it (ZohoAccessTokenRepository; ADR 0032).
 */
export interface SharedTokenStore {
  read(tenantId: string): Promise<{ accessToken: string; expiresAtMs: number } | undefined>;
  tryLease(tenantId: string, owner: string, nowMs: number, untilMs: number): Promise<boolean>;
  store(tenantId: string, token: { accessToken: string; expiresAtMs: number }): Promise<void>;
  release(tenantId: string, owner: string): Promise<void>;
  discard(tenantId: string, accessToken: string): Promise<void>;
}

/** Refresh this long before Zoho's expiry, so a call never starts with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
export const TOKENS_PER_WINDOW = 10;
export const TOKEN_WINDOW_MS = 10 * 60_000;
/** Longer than a token call may take (30 s), so a lease outlives the refresh it guards. */
export const REFRESH_LEASE_MS = 45_000;
/** How often a process waiting on another's refresh looks for the new token. */
export const LEASE_POLL_MS = 100;

export interface AccessTokenCacheOptions {
  now?: () => number;
  /** Shared with other processes through the database; without it tokens live in memory only. */
  shared?: SharedTokenStore;
  /** Waits between looks while another process refreshes (real timers by default). */
  pause?: (ms: number) => Promise<void>;
}

/**
 * Access tokens per tenant. One refresh at a time per tenant in this process (callers arriving
 * during a refresh share its promise) and, with a shared store, across processes: the refresher
 * holds a short lease on the tenant's row and re-reads the stored token under it, so a fleet of
 * backends and CLI runs mints about one token an hour per tenant. Never more than 10 refreshes
 * per 10 minutes per tenant from this process, Zoho's limit per refresh token, so a storm of 401s
 * cannot lock the tenant out.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, TenantToken>();
  private readonly inFlight = new Map<string, Promise<TenantToken>>();
  private readonly mints = new Map<string, number[]>();
  /** This process's name on a lease. */
  private readonly owner = crypto.randomUUID();
  private readonly now: () => number;
  private readonly pause: (ms: number) => Promise<void>;

  constructor(
    private readonly oauth: Pick<ZohoOAuthClient, 'refresh'>,
    private readonly loadGrant: (tenantId: string) => Promise<TenantGrant | undefined>,
    private readonly logger: Logger,
    private readonly options: AccessTokenCacheOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.pause = options.pause ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  async get(tenantId: string): Promise<TenantToken> {
    const cached = this.tokens.get(tenantId);
    if (cached && this.fresh(cached)) return cached;
    const running = this.inFlight.get(tenantId);
    if (running) return running;
    const promise = this.obtain(tenantId).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, promise);
    return promise;
  }

  /**
   * Drops the token a call was refused with, here and in the shared store. A token already
   * replaced is left alone, so fifty calls refused with the same stale token cause one refresh.
   */
  async invalidate(tenantId: string, accessToken: string): Promise<void> {
    if (this.tokens.get(tenantId)?.accessToken === accessToken) this.tokens.delete(tenantId);
    await this.options.shared?.discard(tenantId, accessToken);
  }

  /** Forgets a tenant entirely (disconnect). */
  forget(tenantId: string): void {
    this.tokens.delete(tenantId);
    this.mints.delete(tenantId);
  }

  private fresh(token: { expiresAtMs: number }): boolean {
    return token.expiresAtMs - REFRESH_MARGIN_MS > this.now();
  }

  private async obtain(tenantId: string): Promise<TenantToken> {
    const grant = await this.loadGrant(tenantId);
    if (!grant) throw new ZohoNotConnectedError(tenantId);
    const shared = this.options.shared;
    if (!shared) return this.mint(tenantId, grant);
    // Waiting on another process's refresh ends with its token, or after about one lease.
    for (let look = 0; look * LEASE_POLL_MS < REFRESH_LEASE_MS; look++) {
      const stored = await this.adopt(tenantId, grant);
      if (stored) return stored;
      const now = this.now();
      if (await shared.tryLease(tenantId, this.owner, now, now + REFRESH_LEASE_MS)) {
        try {
          // Compare before minting: another process may have stored a token since the look above.
          return (await this.adopt(tenantId, grant)) ?? (await this.mintShared(tenantId, grant));
        } finally {
          await shared.release(tenantId, this.owner);
        }
      }
      await this.pause(LEASE_POLL_MS);
    }
    // The lease holder went quiet for a whole lease without storing a token: refresh anyway.
    this.logger.warn({ tenantId }, 'zoho token lease not released in time; refreshing anyway');
    return this.mintShared(tenantId, grant);
  }

  /** The shared token, if it is fresh, kept in memory as well. */
  private async adopt(tenantId: string, grant: TenantGrant): Promise<TenantToken | undefined> {
    const stored = await this.options.shared?.read(tenantId);
    if (!stored || !this.fresh(stored)) return undefined;
    const token = { ...stored, apiDomain: grant.apiDomain };
    this.tokens.set(tenantId, token);
    return token;
  }

  private async mintShared(tenantId: string, grant: TenantGrant): Promise<TenantToken> {
    const token = await this.mint(tenantId, grant);
    await this.options.shared?.store(tenantId, token);
    return token;
  }

  private async mint(tenantId: string, grant: TenantGrant): Promise<TenantToken> {
    const now = this.now();
    const recent = (this.mints.get(tenantId) ?? []).filter((t) => t > now - TOKEN_WINDOW_MS);
    if (recent.length >= TOKENS_PER_WINDOW) {
      throw new ZohoTokenLimitError((recent[0] ?? now) + TOKEN_WINDOW_MS - now);
    }
    recent.push(now);
    this.mints.set(tenantId, recent);
    const minted = await this.oauth.refresh(grant.accountsServer, grant.refreshToken);
    // Calls go to the api_domain stored at connect time: it is the tenant's own data centre.
    const token: TenantToken = {
      accessToken: minted.accessToken,
      apiDomain: grant.apiDomain,
      expiresAtMs: now + minted.expiresInSeconds * 1000,
    };
    this.tokens.set(tenantId, token);
    this.logger.debug(
      { tenantId, expiresAt: new Date(token.expiresAtMs).toISOString() },
      'zoho access token refreshed',
    );
    return token;
  }
}
