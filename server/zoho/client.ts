import type { ZohoConnectionRepository } from '../db/repositories/zoho-connections.js';
import type { ZohoCreditRepository } from '../db/repositories/zoho-credits.js';
import type { Logger } from '../logging.js';
import { CreditLedger } from './credit-ledger.js';
import { concurrencyForEdition, editionInForce } from './limits.js';
import { ZohoMetadataApi } from './metadata-api.js';
import type { ZohoOAuthClient } from './oauth.js';
import { ZohoRecordsApi } from './records-api.js';
import { AccessTokenCache, type SharedTokenStore } from './token-cache.js';
import { ZohoTransport, type RetryPolicy } from './transport.js';
import { ZohoWatchApi } from './watch-api.js';

export interface ZohoCrmClientDeps {
  oauth: Pick<ZohoOAuthClient, 'refresh'>;
  connections: Pick<ZohoConnectionRepository, 'get'>;
  credits: Pick<ZohoCreditRepository, 'add' | 'usedInLast24h'>;
  /** Access tokens shared with every process on the database (ADR 0032); memory only without. */
  sharedTokens?: SharedTokenStore;
  logger: Logger;
  /** Caps every tenant's per-edition concurrency (ZOHO_MAX_CONCURRENCY): lowers it, never raises. */
  maxConcurrency?: number;
  retry?: RetryPolicy;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
  fetchImpl?: typeof fetch;
}

/** Everything one tenant's org offers, through that tenant's own token and api_domain. */
export class TenantCrmClient {
  readonly records: ZohoRecordsApi;
  readonly metadata: ZohoMetadataApi;
  readonly watch: ZohoWatchApi;

  constructor(
    readonly tenantId: string,
    transport: ZohoTransport,
  ) {
    const send = (call: Parameters<ZohoTransport['call']>[1]) => transport.call({ tenantId }, call);
    this.records = new ZohoRecordsApi(send);
    this.metadata = new ZohoMetadataApi(send);
    this.watch = new ZohoWatchApi(send);
  }
}

/**
 * The Zoho CRM client for every tenant of this process. State (tokens, concurrency slots) is
 * keyed by tenant id and nothing is process-global, so concurrent calls for different tenants
 * never share a token or an api_domain (the SDK's `switchUser` problem, ADR 0030).
 */
export class ZohoCrmClient {
  private readonly tokens: AccessTokenCache;
  private readonly transport: ZohoTransport;
  /** Each call's credits, written once a second per tenant, not once per call (ADR 0071). */
  private readonly credits: CreditLedger;

  constructor(private readonly deps: ZohoCrmClientDeps) {
    this.credits = new CreditLedger(deps.credits, { logger: deps.logger, now: deps.now });
    this.tokens = new AccessTokenCache(
      deps.oauth,
      async (tenantId) => deps.connections.get(tenantId),
      deps.logger,
      { now: deps.now, shared: deps.sharedTokens },
    );
    this.transport = new ZohoTransport({
      tokens: this.tokens,
      concurrencyFor: async (tenantId) => {
        // The edition in force, until its trial ends: then the paid edition's limit.
        const c = await deps.connections.get(tenantId);
        const now = deps.now?.() ?? Date.now();
        const ends = c?.trialEndsAt ? Date.parse(c.trialEndsAt) : Number.NaN;
        return {
          limit: this.limitFor(editionInForce(c, now)),
          untilMs: Number.isFinite(ends) && ends > now ? ends : undefined,
        };
      },
      recordCredits: async (tenantId, credits) => this.credits.add(tenantId, credits),
      logger: deps.logger,
      retry: deps.retry,
      timeoutMs: deps.timeoutMs,
      sleep: deps.sleep,
      random: deps.random,
      fetchImpl: deps.fetchImpl,
      now: deps.now,
    });
  }

  forTenant(tenantId: string): TenantCrmClient {
    return new TenantCrmClient(tenantId, this.transport);
  }

  /**
   * Calls made with a user's own access token (sign-in): only org and user lookups, no refresh,
   * no tenant state.
   */
  withUserToken(accessToken: string, apiDomain: string): ZohoMetadataApi {
    return new ZohoMetadataApi((call) => this.transport.call({ accessToken, apiDomain }, call));
  }

  /** Applies the tenant's edition to its concurrency limit. */
  async setEdition(tenantId: string, edition: string | undefined): Promise<void> {
    await this.transport.setConcurrency(tenantId, this.limitFor(edition));
  }

  /** The edition's share of Zoho's limit; ZOHO_MAX_CONCURRENCY can lower it, never raise it. */
  private limitFor(edition: string | undefined): number {
    return Math.min(concurrencyForEdition(edition), this.deps.maxConcurrency ?? Infinity);
  }

  /** Credits this product spent on the tenant's org in the rolling 24 hours (unwritten too). */
  creditsUsed(tenantId: string): Promise<number> {
    return this.credits.usedInLast24h(
      tenantId,
      this.deps.now ? new Date(this.deps.now()) : new Date(),
    );
  }

  /** Writes the credits not written yet (the process's close). */
  flushCredits(): Promise<void> {
    return this.credits.flush();
  }

  /** What Zoho last said remains (sent once the org is past half its daily credits). */
  creditsRemaining(tenantId: string): number | undefined {
    return this.transport.creditsRemaining.get(tenantId);
  }

  /** Drops a tenant's cached token (disconnect). */
  forget(tenantId: string): void {
    this.tokens.forget(tenantId);
  }
}
