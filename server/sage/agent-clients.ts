import type { Logger } from '../logging.js';
import { AgentClient } from './agent-client.js';

/** How a tenant's agent is reached; a change (new URL or token) builds a new client. */
export interface AgentEndpoint {
  url: string;
  token: string;
}

interface Entry {
  key: string;
  client: Promise<AgentClient>;
}

/**
 * One agent client per tenant for the whole process. Building one parses the agent's WSDL and
 * opens a keep-alive pool, so engines opened per request or per job reuse it. Built once in the
 * composition root and closed with it.
 */
export class AgentClients {
  private readonly entries = new Map<string, Entry>();
  /** Clients replaced by new settings: kept open (a run may still use one) until close(). */
  private readonly retired: Array<Promise<AgentClient>> = [];

  constructor(
    private readonly options: { timeoutMs: number; ca?: string; logger: Logger },
    private readonly create: typeof AgentClient.create = (o, l) => AgentClient.create(o, l),
  ) {}

  forTenant(tenantId: string, endpoint: AgentEndpoint): Promise<AgentClient> {
    const key = `${endpoint.url}\n${endpoint.token}`;
    const entry = this.entries.get(tenantId);
    if (entry?.key === key) return entry.client;
    if (entry) this.retired.push(entry.client);
    const client = this.create(
      {
        url: endpoint.url,
        token: endpoint.token,
        timeoutMs: this.options.timeoutMs,
        ca: this.options.ca,
      },
      this.options.logger,
    );
    this.entries.set(tenantId, { key, client });
    // A client that could not be built is not cached: the next open tries again.
    client.catch(() => {
      if (this.entries.get(tenantId)?.client === client) this.entries.delete(tenantId);
    });
    return client;
  }

  /** How many clients exist (for tests and the health of the cache). */
  get size(): number {
    return this.entries.size;
  }

  async close(): Promise<void> {
    const all = [...this.entries.values()].map((e) => e.client).concat(this.retired);
    this.entries.clear();
    this.retired.length = 0;
    for (const settled of await Promise.allSettled(all)) {
      if (settled.status === 'fulfilled') settled.value.close();
    }
  }
}
