import type { Logger } from '../logging.js';
import { SIM_AGENT_TOKEN, startSimAgentEndpoint } from '../../sim/sage100/agent-endpoint.js';
import { startSageSimulator } from '../../sim/sage100/ebws-server.js';
import { generateCompany } from '../../sim/sage100/generator.js';
import { SageStore } from '../../sim/sage100/store.js';
import type { SageConnectionInput } from '../db/repositories/sage-connections.js';

/**
 * The Sage half of the local sandbox: a generated Sage 100 company behind the eBWS simulator and
 * the real agent code, both on loopback, and the connection settings a tenant needs to reach them.
 * It can be taken offline (both servers stop listening, as when the office's Sage server or
 * agent is down) and brought back on the same ports.
 */
export interface SageSandbox {
  connection: Omit<SageConnectionInput, 'tenantId'>;
  wsdlUrl: string;
  /** The company's customers, newest first. */
  customers(): Array<Record<string, unknown>>;
  online(): boolean;
  /** The eBWS simulator's fault injection (tests make Sage refuse or fail a write). */
  faults(): import('../../sim/sage100/fault-injection.js').FaultInjector;
  setOnline(online: boolean): Promise<void>;
  /**
   * A real system's steady waits (benchmarks: eBWS ~200 ms per call, the agent ~200 ms per page);
   * kept across an outage and back.
   */
  setLatency(latency: { ebwsMs?: number; agentMs?: number }): void;
  /** The company's tables (benchmarks edit a customer as a Sage user would). */
  company: import('../../sim/sage100/store.js').SageCompanyData;
  close(): Promise<void>;
}

export const SANDBOX_COMPANY = {
  code: 'ABC',
  name: 'ABC Distribution (sandbox)',
  timeZone: 'America/Chicago',
};

/**
 * The sandbox CRM's demo Deal, the Sage order that carries its number, and its Account: the
 * Sage customer that placed the order, already linked in Zoho by its Sage key.
 */
export const DEMO_DEAL = {
  name: 'Spring restock (Atlas Trading 1)',
  number: 'D1001',
  account: {
    name: 'Atlas Trading 1',
    division: '01',
    customerNo: '0000001',
    sageKey: '01-0000001',
  },
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
  // The demo Deal's order (zoho-sandbox.ts seeds the Deal, which Zoho numbers D1001 on connect):
  // a Sage clerk typed its number as the order's CRM Opportunity ID, and the order is invoiced.
  const demoOrder = company
    .list('SO_SalesOrderHeader')
    .find(
      (o) =>
        o.ARDivisionNo === DEMO_DEAL.account.division &&
        o.CustomerNo === DEMO_DEAL.account.customerNo,
    );
  if (demoOrder) {
    company.update(
      'SO_SalesOrderHeader',
      { SalesOrderNo: demoOrder.SalesOrderNo },
      { CRMOpportunityID: DEMO_DEAL.number },
    );
  }
  const start = (ports: { ebws: number; agent: number }) =>
    Promise.all([
      startSageSimulator({ store, host: '127.0.0.1', port: ports.ebws }),
      startSimAgentEndpoint({
        company,
        token: SIM_AGENT_TOKEN,
        host: '127.0.0.1',
        port: ports.agent,
        logger: logger.child({ component: 'sage-sandbox-agent' }),
      }),
    ]);
  let [ebws, agent] = await start({ ebws: 0, agent: 0 });
  const latency = { ebwsMs: 0, agentMs: 0 };
  const applyLatency = () => {
    ebws.setLatency(latency.ebwsMs);
    agent.setLatency(latency.agentMs);
  };
  const ports = { ebws: Number(new URL(ebws.url).port), agent: Number(new URL(agent.url).port) };
  let up = true;
  const user = store.users()[0];
  if (!user) throw new Error('the generated sandbox company has no user');
  logger.info(
    { wsdl: ebws.wsdlUrl, agent: agent.url, company: SANDBOX_COMPANY.code },
    'Sage sandbox: a simulated Sage 100 company (eBWS and agent) on loopback',
  );
  const stop = () => Promise.all([ebws.close(), agent.close()]);
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
    customers: () => [...company.list('AR_Customer')].reverse(),
    online: () => up,
    faults: () => ebws.faults,
    setOnline: async (online) => {
      if (online === up) return;
      if (online) {
        [ebws, agent] = await start(ports);
        applyLatency();
      } else await stop();
      up = online;
      logger.info({ online }, 'Sage sandbox: simulated outage switched');
    },
    setLatency: (l) => {
      Object.assign(
        latency,
        Object.fromEntries(Object.entries(l).filter(([, v]) => v !== undefined)),
      );
      applyLatency();
    },
    company,
    close: async () => {
      if (up) await stop();
      up = false;
    },
  };
}
