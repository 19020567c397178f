import type { Logger } from 'pino';
import type { SageConnection } from '../db/repositories/sage-connections.js';
import { createSageFeed, type SageFeed } from './feed.js';

/** The tenant has no agent URL or token in its Sage settings, so the feed cannot run. */
export class SageFeedNotConfiguredError extends Error {
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} has no Sage agent configured (agent URL and token)`);
    this.name = 'SageFeedNotConfiguredError';
  }
}

export interface SageFeedConfig {
  overlapSeconds: number;
  pageSize: number;
  agentTimeoutMs: number;
}

/**
 * One SageFeed per tenant, built from its stored Sage connection and reused while that
 * connection is unchanged (a saved setting rebuilds it), so keep-alive connections to the agent
 * are shared by all of the tenant's jobs.
 */
export class SageFeedProvider {
  private readonly feeds = new Map<string, { version: string; feed: Promise<SageFeed> }>();

  constructor(
    private readonly connections: { get(tenantId: string): Promise<SageConnection | undefined> },
    private readonly config: SageFeedConfig,
    private readonly logger: Logger,
  ) {}

  async forTenant(tenantId: string): Promise<SageFeed> {
    const connection = await this.connections.get(tenantId);
    if (!connection?.agentUrl || !connection.agentToken)
      throw new SageFeedNotConfiguredError(tenantId);
    const version = `${connection.updatedAt}|${connection.agentUrl}|${connection.timeZone}`;
    const cached = this.feeds.get(tenantId);
    if (cached?.version === version) return cached.feed;
    if (cached) (await cached.feed.catch(() => undefined))?.close();
    const feed = createSageFeed(
      {
        agentUrl: connection.agentUrl,
        agentToken: connection.agentToken,
        timeZone: connection.timeZone,
      },
      this.config,
      this.logger.child({ tenantId }),
    );
    this.feeds.set(tenantId, { version, feed });
    feed.catch(() => this.feeds.delete(tenantId));
    return feed;
  }

  async close(): Promise<void> {
    for (const { feed } of this.feeds.values()) (await feed.catch(() => undefined))?.close();
    this.feeds.clear();
  }
}
