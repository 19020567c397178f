import fs from 'node:fs';
import type { Config } from './config.js';
import type { Repositories } from './db/repositories/index.js';
import type { Logger } from './logging.js';
import { AgentClient } from './sage/agent-client.js';
import { SageEbwsClient } from './sage/ebws-client.js';
import { EbwsSageGateway } from './sage/sage-gateway.js';
import { SyncEngine } from './sync/engine.js';
import { ZohoCrmClient } from './zoho/client.js';
import { ZohoCrmGateway } from './zoho/crm-gateway.js';
import { ZohoOAuthClient } from './zoho/oauth.js';

/** The tenant lacks what an engine needs (a Sage connection, an agent, a Zoho client). */
export class TenantNotConnectedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantNotConnectedError';
  }
}

export interface TenantEngine {
  engine: SyncEngine;
  close(): void;
}

/**
 * A sync engine for one tenant, wired from its stored connections: eBWS and the agent for Sage,
 * the Zoho client (refreshing with the tenant's stored token) for Zoho. Used by the scheduled
 * jobs, the CLI and the sandbox page.
 */
export async function createTenantEngine(
  config: Pick<Config, 'zoho' | 'sageFeed' | 'sageEbws' | 'sync'>,
  repos: Repositories,
  tenantId: string,
  logger: Logger,
): Promise<TenantEngine> {
  const sage = await repos.sageConnections.get(tenantId);
  if (!sage) throw new TenantNotConnectedError(`tenant ${tenantId} has no Sage connection`);
  if (!sage.agentUrl || !sage.agentToken) {
    throw new TenantNotConnectedError(
      `tenant ${tenantId} has no Sage agent (agentUrl and agentToken)`,
    );
  }
  const { clientId, clientSecret } = config.zoho;
  if (!clientId || !clientSecret) {
    throw new TenantNotConnectedError(
      'ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET must be set to reach Zoho',
    );
  }
  const ca = config.sageEbws.caFile ? fs.readFileSync(config.sageEbws.caFile, 'utf8') : undefined;
  const ebws = new SageEbwsClient(sage, {
    logger,
    timeoutMs: config.sageEbws.timeoutMs,
    retry: config.sageEbws.retry,
    ca,
  });
  const agent = await AgentClient.create(
    { url: sage.agentUrl, token: sage.agentToken, timeoutMs: config.sageFeed.agentTimeoutMs, ca },
    logger,
  );
  const oauth = new ZohoOAuthClient({
    clientId,
    clientSecret,
    accountsUrl: config.zoho.accountsUrl,
    redirectUrl: config.zoho.redirectUrl,
    scopes: config.zoho.scopes,
  });
  const zoho = new ZohoCrmClient({
    oauth,
    connections: repos.zohoConnections,
    credits: repos.zohoCredits,
    logger,
    maxConcurrency: config.zoho.maxConcurrency,
  });
  const engine = new SyncEngine({
    repos,
    logger,
    pageSize: config.sync.pageSize,
    gateways: {
      sage: new EbwsSageGateway(ebws, agent, {
        timeZone: sage.timeZone,
        overlapSeconds: config.sageFeed.overlapSeconds,
        pageSize: config.sageFeed.pageSize,
        lengthProfile: sage.lengthProfile,
        logger,
      }),
      crm: new ZohoCrmGateway(zoho.forTenant(tenantId).records, {
        metadata: zoho.forTenant(tenantId).metadata,
      }),
    },
  });
  return { engine, close: () => agent.close() };
}
