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

/** Refresh this long before Zoho's expiry, so a call never starts with a token about to lapse. */
export const REFRESH_MARGIN_MS = 5 * 60_000;
export const TOKENS_PER_WINDOW = 10;
export const TOKEN_WINDOW_MS = 10 * 60_000;

/**
 * Access tokens per tenant, in this process's memory. One refresh at a time per tenant (callers
 * arriving during a refresh share its promise), and never more than 10 refreshes per 10 minutes
 * per tenant, Zoho's limit per refresh token, so a storm of 401s cannot lock the tenant out.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, TenantToken>();
  private readonly inFlight = new Map<string, Promise<TenantToken>>();
  private readonly mints = new Map<string, number[]>();

  constructor(
    private readonly oauth: Pick<ZohoOAuthClient, 'refresh'>,
    private readonly loadGrant: (tenantId: string) => Promise<TenantGrant | undefined>,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  async get(tenantId: string): Promise<TenantToken> {
    const cached = this.tokens.get(tenantId);
    if (cached && cached.expiresAtMs - REFRESH_MARGIN_MS > this.now()) return cached;
    return this.refresh(tenantId);
  }

  /**
   * Drops the token a call was refused with. A token already replaced is left alone, so fifty
   * calls refused with the same stale token cause one refresh, not fifty.
   */
  invalidate(tenantId: string, accessToken: string): void {
    if (this.tokens.get(tenantId)?.accessToken === accessToken) this.tokens.delete(tenantId);
  }

  /** Forgets a tenant entirely (disconnect). */
  forget(tenantId: string): void {
    this.tokens.delete(tenantId);
    this.mints.delete(tenantId);
  }

  private refresh(tenantId: string): Promise<TenantToken> {
    const running = this.inFlight.get(tenantId);
    if (running) return running;
    const promise = this.mint(tenantId).finally(() => this.inFlight.delete(tenantId));
    this.inFlight.set(tenantId, promise);
    return promise;
  }

  private async mint(tenantId: string): Promise<TenantToken> {
    const now = this.now();
    const recent = (this.mints.get(tenantId) ?? []).filter((t) => t > now - TOKEN_WINDOW_MS);
    if (recent.length >= TOKENS_PER_WINDOW) {
      throw new ZohoTokenLimitError((recent[0] ?? now) + TOKEN_WINDOW_MS - now);
    }
    const grant = await this.loadGrant(tenantId);
    if (!grant) throw new ZohoNotConnectedError(tenantId);
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
