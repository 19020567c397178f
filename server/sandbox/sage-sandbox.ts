import type { Logger } from '../logging.js';
import { SIM_AGENT_TOKEN, startSimAgentEndpoint } from '../../sim/sage100/agent-endpoint.js';
import { startSageSimulator } from '../../sim/sage100/ebws-server.js';
import { generateCompany } from '../../sim/sage100/generator.js';
import { SageStore } from '../../sim/sage100/store.js';
import type { SageConnectionInput } from '../db/repositories/sage-connections.js';

/**
 * The Sage half of the local sandbox: a generated Sage 100 company behind the eBWS simulator and
 * the real agent code, both on loopback, and the connection settings a tenant needs to reach them.
 */
export interface SageSandbox {
  connection: Omit<SageConnectionInput, 'tenantId'>;
  wsdlUrl: string;
  close(): Promise<void>;
}

export const SANDBOX_COMPANY = {
  code: 'ABC',
  name: 'ABC Distribution (sandbox)',
  timeZone: 'America/Chicago',
};

export async function startSageSandbox(
  logger: Logger,
  options: { customers?: number } = {},
): Promise<SageSandbox> {
  const store = new SageStore();
  const company = generateCompany(store, {
    seed: 100,
    customers: options.customers ?? 25,
    companyCode: SANDBOX_COMPANY.code,
    companyName: SANDBOX_COMPANY.name,
    timeZone: SANDBOX_COMPANY.timeZone,
  });
  const ebws = await startSageSimulator({ store, host: '127.0.0.1', port: 0 });
  const agent = await startSimAgentEndpoint({
    company,
    token: SIM_AGENT_TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger: logger.child({ component: 'sage-sandbox-agent' }),
  });
  const user = store.users()[0];
  if (!user) throw new Error('the generated sandbox company has no user');
  logger.info(
    { wsdl: ebws.wsdlUrl, agent: agent.url, company: SANDBOX_COMPANY.code },
    'Sage sandbox: a simulated Sage 100 company (eBWS and agent) on loopback',
  );
  return {
    connection: {
      endpointUrl: ebws.url,
      companyCode: SANDBOX_COMPANY.code,
      username: user.UserLogon,
      password: user.Password,
      timeZone: SANDBOX_COMPANY.timeZone,
      lengthProfile: '2023',
      agentUrl: agent.url,
      agentToken: SIM_AGENT_TOKEN,
    },
    wsdlUrl: ebws.wsdlUrl,
    close: async () => {
      await Promise.all([ebws.close(), agent.close()]);
    },
  };
}
