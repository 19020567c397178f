import type { SageConnection } from '../../db/repositories/sage-connections.js';
import { AgentClient } from '../../sage/agent-client.js';
import type { ApiDeps } from './deps.js';

export type SageReachability = { available: true } | { available: false; reason: string };

/**
 * Whether the tenant's Sage agent answers right now (one health call), for panels whose figures
 * come from Zoho but may be behind while Sage is away. Every failure is an answer, not an error.
 */
export async function sageReachable(
  deps: Pick<ApiDeps, 'sage' | 'logger'>,
  connection: SageConnection | undefined,
): Promise<SageReachability> {
  if (!connection?.agentUrl || !connection.agentToken) {
    return { available: false, reason: 'No Sage agent is configured for this organisation.' };
  }
  const endpoint = { url: connection.agentUrl, token: connection.agentToken };
  let agent: AgentClient | undefined;
  try {
    agent = deps.sage.agents
      ? await deps.sage.agents.forTenant(connection.tenantId, endpoint)
      : await AgentClient.create(
          { ...endpoint, timeoutMs: deps.sage.agentTimeoutMs, ca: deps.sage.ca },
          deps.logger,
        );
    await agent.health();
    return { available: true };
  } catch {
    return { available: false, reason: 'Sage 100 could not be reached right now.' };
  } finally {
    if (!deps.sage.agents) agent?.close();
  }
}
