import type { SageConnection } from '../../db/repositories/sage-connections.js';
import { AgentClient } from '../../sage/agent-client.js';
import { AgentError, AgentTransportError } from '../../sage/agent-errors.js';
import type { ApiDeps } from './deps.js';

/** What a status panel shows of Sage: the figures, or why there are none. */
export type PanelAnswer<T> = { available: true; value: T } | { available: false; reason: string };

export interface PanelAgentOptions {
  /** How long a panel waits for the agent before saying Sage is away. */
  waitMs: number;
  /** How long "Sage is away" is remembered, so the next panels answer at once. */
  rememberAwayMs: number;
  now: () => number;
}

const DEFAULTS: PanelAgentOptions = { waitMs: 3_000, rememberAwayMs: 30_000, now: Date.now };

export const NO_AGENT_REASON = 'No Sage agent is configured for this organisation.';

/**
 * The status panels' calls to a tenant's Sage agent (an Account's credit and invoices, whether
 * Sage answers for a Deal). A panel never waits the agent client's own timeout (30 s by default,
 * sized for feed pages): an agent that has not answered within `waitMs`, or cannot be reached,
 * counts as away, and "away" is remembered for `rememberAwayMs`, so a rep paging through records
 * while Sage is down is not kept waiting on each one. An agent that answers with a refusal (its
 * token, a fault) is not away: that reason is shown and not remembered. Every failure is an
 * answer, not an error; an unexpected one is thrown, as anywhere else.
 */
export class PanelAgent {
  private readonly options: PanelAgentOptions;
  private readonly away = new Map<string, { until: number; reason: string }>();

  constructor(
    private readonly deps: Pick<ApiDeps, 'sage' | 'logger'>,
    options: Partial<PanelAgentOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  async call<T>(
    connection: SageConnection | undefined,
    work: (agent: AgentClient) => Promise<T>,
  ): Promise<PanelAnswer<T>> {
    if (!connection?.agentUrl || !connection.agentToken) {
      return { available: false, reason: NO_AGENT_REASON };
    }
    const key = `${connection.tenantId}\n${connection.agentUrl}`;
    const remembered = this.away.get(key);
    if (remembered && remembered.until > this.options.now()) {
      return { available: false, reason: remembered.reason };
    }
    const answer = await this.ask(connection, connection.agentUrl, connection.agentToken, work);
    if ('away' in answer) {
      const reason = answer.away;
      this.away.set(key, { until: this.options.now() + this.options.rememberAwayMs, reason });
      return { available: false, reason };
    }
    this.away.delete(key);
    return answer;
  }

  private async ask<T>(
    connection: SageConnection,
    url: string,
    token: string,
    work: (agent: AgentClient) => Promise<T>,
  ): Promise<PanelAnswer<T> | { away: string }> {
    const { sage, logger } = this.deps;
    const endpoint = { url, token };
    let agent: AgentClient | undefined;
    let timer: NodeJS.Timeout | undefined;
    const waited = new Promise<{ away: string }>((resolve) => {
      const seconds = this.options.waitMs / 1000;
      timer = setTimeout(
        () => resolve({ away: `Sage 100 did not answer within ${seconds} s.` }),
        this.options.waitMs,
      );
    });
    const answered = (async (): Promise<PanelAnswer<T> | { away: string }> => {
      try {
        agent = sage.agents
          ? await sage.agents.forTenant(connection.tenantId, endpoint)
          : await AgentClient.create(
              { ...endpoint, timeoutMs: sage.agentTimeoutMs, ca: sage.ca },
              logger,
            );
        return { available: true, value: await work(agent) };
      } catch (err) {
        if (err instanceof AgentTransportError) return { away: err.message };
        if (err instanceof AgentError) return { available: false, reason: err.message };
        throw err;
      }
    })();
    try {
      return await Promise.race([answered, waited]);
    } finally {
      clearTimeout(timer);
      // A client of its own is closed once its call settles, even after the panel stopped
      // waiting; a cached one stays open for the next panel.
      if (!sage.agents) void answered.finally(() => agent?.close()).catch(() => undefined);
    }
  }
}
