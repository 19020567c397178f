import pino from 'pino';
import { startZohoSimulator } from '../sim/zoho/server.js';
import { startSageWithAgent } from '../test/sage/sage-with-agent.js';

/**
 * The simulators of a benchmark in a process of their own (bench/split-rig.ts forks it): the Sage
 * 100 simulator (eBWS and the agent over one company) and the Zoho simulator, as the sync rig
 * starts them, on one clock. They stand in for remote systems, whose CPU is not the backend's in
 * production, so their work runs on another core than the engine's. The parent drives them over
 * the IPC channel (load rows, latency, clock, counters); the sync talks to them over real HTTP.
 */
import {
  AGENT_TOKEN,
  CLIENT,
  type EbwsCallCounts,
  REDIRECT,
  type SimsReady,
  type SimsRequest,
  type SimsStats,
} from './sims-protocol.js';

const send = (message: unknown) => process.send?.(message);
const logger = pino({ level: 'silent' });
let now = new Date(process.argv[2] ?? '2026-11-21T18:00:00Z');

const { sage, company, agent } = await startSageWithAgent({
  clock: () => now,
  agentToken: AGENT_TOKEN,
  logger,
});
const zoho = await startZohoSimulator({ clock: () => now.getTime() });
zoho.admin.registerClient({
  clientId: CLIENT.id,
  clientSecret: CLIENT.secret,
  redirectUris: [REDIRECT],
});
const org = zoho.admin.createOrg({ companyName: 'ABC Distribution' });
const admin = zoho.admin.createUser(org.id, {
  email: 'admin@abcdistribution.example',
  profile: 'Administrator',
});
zoho.admin.createCustomModule(org.id, 'GL_Accounts', 'GL Account', 'GL Accounts');

const handle = async (request: SimsRequest): Promise<unknown> => {
  switch (request.op) {
    case 'insert':
      for (const row of request.rows) company.insert(request.table, row);
      return request.rows.length;
    case 'latency':
      if (request.zohoMs !== undefined) zoho.faults.setLatency(request.zohoMs);
      if (request.ebwsMs !== undefined) sage.sim.setLatency(request.ebwsMs);
      if (request.agentMs !== undefined) agent.setLatency(request.agentMs);
      return null;
    case 'advance':
      now = new Date(now.getTime() + request.seconds * 1000);
      return now.toISOString();
    case 'stats':
      return {
        zohoCalls: zoho.admin.stats(org.id).calls,
        agentCalls: agent.calls,
        agentWorkMs: agent.workMs,
        zohoWorkMs: zoho.admin.stats(org.id).workMs,
        cpu: process.cpuUsage(),
      } satisfies SimsStats;
    case 'seedZoho':
      return zoho.admin.seedRecords(org.id, request.module, request.records);
    case 'editZoho':
      for (const e of request.edits) zoho.admin.editRecord(org.id, request.module, e.id, e.changes);
      return request.edits.length;
    case 'zohoRecords':
      return zoho.admin.records(org.id, request.module);
    case 'ebwsCalls': {
      const counts: EbwsCallCounts = {};
      for (const op of sage.sim.calls) counts[op] = (counts[op] ?? 0) + 1;
      return counts;
    }
    case 'close':
      await agent.close();
      await sage.close();
      await zoho.close();
      setImmediate(() => process.exit(0));
      return null;
  }
};

process.on('message', (message: { id: number; request: SimsRequest }) => {
  handle(message.request).then(
    (result) => send({ id: message.id, result }),
    (error: unknown) => send({ id: message.id, error: String(error) }),
  );
});
// The parent went away (a crashed benchmark): nothing is left listening.
process.on('disconnect', () => process.exit(0));

send({
  ready: {
    sageUrl: sage.sim.url,
    agentUrl: agent.url,
    zohoUrl: zoho.url,
    orgId: org.id,
    dc: org.dc,
    edition: zoho.store.org(org.id).edition,
    refreshToken: zoho.admin.mintRefreshToken(org.id, admin.id, { clientId: CLIENT.id }),
  } satisfies SimsReady,
});
