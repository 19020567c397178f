import type { Config } from './config.js';
import type { Repositories } from './db/repositories/index.js';
import type { Logger } from './logging.js';
import type { AgentClients } from './sage/agent-clients.js';
import { SageEbwsClient } from './sage/ebws-client.js';
import { recordsAtOnce, TenantEbwsSessions } from './sage/ebws-sessions.js';
import type { FeedThread } from './sage/feed-thread/feed-thread.js';
import { EbwsSageGateway } from './sage/sage-gateway.js';
import { SyncEngine } from './sync/engine.js';
import type { ZohoCrmClient } from './zoho/client.js';
import { ZohoCrmGateway } from './zoho/crm-gateway.js';
import type { ZohoCreditCap } from './zoho/credit-cap.js';
import type { ZohoModuleAvailability } from './zoho/module-availability.js';

/** The tenant lacks what an engine needs (a Sage connection, an agent, a Zoho client). */
export class TenantNotConnectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantNotConnectedError';
  }
}

export interface TenantEngine {
  engine: SyncEngine;
  /** The tenant's eBWS seats: its Sage connection's count, else SAGE_EBWS_SESSIONS. */
  seats: number;
  close(): void;
}

export interface TenantEnginesDeps {
  config: Pick<Config, 'sageFeed' | 'sageEbws' | 'sync'>;
  repos: Repositories;
  /** The process's one Zoho client; undefined when ZOHO_CLIENT_ID/SECRET are not set. */
  zoho?: ZohoCrmClient;
  /** Which modules the tenant's Zoho org has; runs of the others are refused. */
  availability?: Pick<ZohoModuleAvailability, 'check'>;
  /** The tenant's daily Zoho credits against this product's share; runs refuse past it. */
  creditCap?: Pick<ZohoCreditCap, 'standing'>;
  agents: AgentClients;
  /** Where change pages are read off the engine's thread (ADR 0078); absent: in it. */
  feedThread?: FeedThread;
  /** PEM of extra CAs for Sage servers, read once by the composition root. */
  ca?: string;
  logger: Logger;
}

/**
 * Opens sync engines for tenants from the long-lived objects the composition root built once:
 * the Zoho client (whose token cache is then shared by every engine), the agent clients and the
 * CA. Opening is cheap (two reads of the tenant's settings), so the API, the jobs, the CLI and
 * the sandbox open one per request, batch or run without touching Zoho's token endpoint.
 */
export class TenantEngines {
  /** Each tenant's eBWS seats, held across every engine opened for it (all its runs share them). */
  private readonly sessions: TenantEbwsSessions;

  constructor(private readonly deps: TenantEnginesDeps) {
    this.sessions = new TenantEbwsSessions(deps.config.sageEbws.sessions);
  }

  async open(tenantId: string): Promise<TenantEngine> {
    const { config, repos, logger, zoho } = this.deps;
    const sage = await repos.sageConnections.get(tenantId);
    if (!sage) throw new TenantNotConnectedError(`tenant ${tenantId} has no Sage connection`);
    if (!sage.agentUrl || !sage.agentToken) {
      throw new TenantNotConnectedError(
        `tenant ${tenantId} has no Sage agent (agentUrl and agentToken)`,
      );
    }
    if (!zoho) {
      throw new TenantNotConnectedError(
        'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET must be set to reach Zoho',
      );
    }
    // The tenant's own seat count when it set one, else SAGE_EBWS_SESSIONS (ADR 0071).
    const seats = sage.ebwsSessions ?? config.sageEbws.sessions;
    const ebws = new SageEbwsClient(sage, {
      logger,
      timeoutMs: config.sageEbws.timeoutMs,
      retry: config.sageEbws.retry,
      ca: this.deps.ca,
      sessions: this.sessions.forTenant(tenantId, seats),
    });
    const agent = await this.deps.agents.forTenant(tenantId, {
      url: sage.agentUrl,
      token: sage.agentToken,
    });
    const crm = zoho.forTenant(tenantId);
    const engine = new SyncEngine({
      repos,
      logger,
      // Zoho pages at SYNC_PAGE_SIZE; Sage pages at the feed's own SAGE_FEED_PAGE_SIZE.
      pageSize: { zoho: config.sync.pageSize },
      // Twice as many records at once as the tenant has seats: a seat is held only at Sage.
      sageConcurrency: recordsAtOnce(seats),
      gateways: {
        sage: new EbwsSageGateway(ebws, agent, {
          timeZone: sage.timeZone,
          overlapSeconds: config.sageFeed.overlapSeconds,
          pageSize: config.sageFeed.pageSize,
          lengthProfile: sage.lengthProfile,
          charset: config.sageEbws.charset,
          defaultDivision: sage.defaultDivision,
          logger,
          feedThread: this.deps.feedThread,
        }),
        crm: new ZohoCrmGateway(crm.records, {
          metadata: crm.metadata,
          availability: this.deps.availability
            ? (module) => this.deps.availability!.check(tenantId, module)
            : undefined,
          credits: this.deps.creditCap ? () => this.deps.creditCap!.standing(tenantId) : undefined,
        }),
      },
    });
    // The agent client belongs to the process's cache, not to this engine.
    return { engine, seats, close: () => undefined };
  }
}
