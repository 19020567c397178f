import type { Logger } from 'pino';
import { startSimAgentEndpoint, type SimAgent } from '../../sim/sage100/agent-endpoint.js';
import type { SageCompanyData } from '../../sim/sage100/store.js';
import { startHarness, type Harness } from './harness.js';

export interface SageWithAgent {
  /** The eBWS simulator over the harness's store. */
  sage: Harness;
  /** Company ABC's tables: what eBWS writes and the agent reads. */
  company: SageCompanyData;
  /** The on-premises agent served over company ABC. */
  agent: SimAgent;
}

/**
 * The Sage side of a sync rig: the Sage 100 simulator (eBWS, 2023 field lengths) and the agent
 * endpoint over its company ABC, on one clock. The integration rig and the benchmarks' simulator
 * process both start it, so a benchmark measures the same Sage the tests prove correct.
 */
export async function startSageWithAgent(options: {
  clock: () => Date;
  agentToken: string;
  logger: Logger;
}): Promise<SageWithAgent> {
  const sage = await startHarness({ clock: options.clock, lengthProfile: '2023' });
  const company = sage.store.company('ABC')!;
  const agent = await startSimAgentEndpoint({
    company,
    token: options.agentToken,
    host: '127.0.0.1',
    port: 0,
    logger: options.logger,
    now: options.clock,
  });
  return { sage, company, agent };
}
