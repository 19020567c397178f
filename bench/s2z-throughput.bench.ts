import { ZohoCrmGateway } from '../server/zoho/crm-gateway.js';
import { startSyncRig } from '../test/sync/rig.js';
import { expectTarget } from './targets.js';

/**
 * Sage → Zoho at the limit the APIs set (issue 15): the first sync of N new customers through the
 * real clients over HTTP, with the simulators' per-call latency set to a real system's (Zoho
 * 150 ms per call, eBWS 200 ms per call, the agent 200 ms per page). Figures:
 * - the measured rate against the API-bound limit computed from the settings: the feed gives
 *   FEED_PAGE rows per agent call, Zoho takes CONCURRENCY upserts of 100 records at a time; the
 *   slower of the two bounds the sync. Target: >= 0.9 of it.
 * - Zoho calls per 1,000 records backfilled, everything the run makes counted (field list,
 *   upserts): target <= 10.5 (one upsert per 100).
 * - a quiet run in the steady state (nothing changed): calls per side, target <= 1.
 */
const N = Number(process.env.BENCH_S2Z_CUSTOMERS ?? 10_000);
const LATENCY = { zohoMs: 150, ebwsMs: 200, agentMs: 200 };
const FEED_PAGE = 500; // SAGE_FEED_PAGE_SIZE's default
const CONCURRENCY = 5; // the figure: a Standard org's share
const UPSERT_BATCH = 100;

const rig = await startSyncRig('sqlite', {
  feedPageSize: FEED_PAGE,
  zohoConcurrency: CONCURRENCY,
  agentTimeoutMs: 30_000, // SAGE_AGENT_TIMEOUT_MS's default
});
try {
  for (let i = 0; i < N; i++) {
    rig.company.insert('AR_Customer', {
      ARDivisionNo: '01',
      CustomerNo: `T${String(i).padStart(6, '0')}`,
      CustomerName: `Throughput Customer ${i}`,
      AddressLine1: `${100 + i} Main Street`,
      City: 'Chicago',
      State: 'IL',
      ZipCode: '60601',
      CreditLimit: 1000 + i,
      CreditHold: 'N',
    });
  }
  await rig.configure('Accounts', 'sage_to_zoho');
  rig.setLatency(LATENCY);
  const zohoCalls = () => rig.zoho.sim.admin.stats(rig.tenant.orgId).calls;
  const cpuBefore = process.cpuUsage();

  let zohoBefore = zohoCalls();
  let agentBefore = rig.agent.calls;
  const started = performance.now();
  const first = await rig.engine.run(rig.tenantId, 'Accounts');
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  const firstZoho = zohoCalls() - zohoBefore;
  const firstAgent = rig.agent.calls - agentBefore;
  // The rig's company holds one customer of its own (ABF) besides the N.
  const created = first.counts.created ?? 0;
  if (first.status !== 'succeeded' || created < N) {
    throw new Error(`first sync ${first.status}: ${JSON.stringify(first.counts)} ${first.reason}`);
  }

  const feedBound = FEED_PAGE / (LATENCY.agentMs / 1000);
  const zohoBound = (CONCURRENCY * UPSERT_BATCH) / (LATENCY.zohoMs / 1000);
  const limit = Math.min(feedBound, zohoBound);
  const rate = created / seconds;

  // A quiet cycle in the steady state: past the feed's overlap window (the rig's is 900 s), one
  // settling run, then a minute later the measured one. Each run opens its own CRM gateway, as
  // production opens an engine per run (so the field list is read as production reads it).
  const freshGateway = () => {
    const crm = rig.zoho.client.forTenant(rig.tenantId);
    rig.deps.gateways.crm = new ZohoCrmGateway(crm.records, { metadata: crm.metadata });
  };
  rig.advanceSage(960);
  freshGateway();
  await rig.engine.run(rig.tenantId, 'Accounts');
  rig.advanceSage(60);
  freshGateway();
  zohoBefore = zohoCalls();
  agentBefore = rig.agent.calls;
  const quiet = await rig.engine.run(rig.tenantId, 'Accounts');
  const quietZoho = zohoCalls() - zohoBefore;
  const quietAgent = rig.agent.calls - agentBefore;

  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(
    [
      `first sync of ${created} customers: ${seconds.toFixed(2)} s = ${Math.round(rate)} records/s, ${first.status}`,
      `API-bound limit: min(feed ${FEED_PAGE} rows / ${LATENCY.agentMs} ms = ${Math.round(feedBound)}/s, ` +
        `Zoho ${CONCURRENCY} x ${UPSERT_BATCH} / ${LATENCY.zohoMs} ms = ${Math.round(zohoBound)}/s) = ${Math.round(limit)} records/s; share ${(rate / limit).toFixed(3)}`,
      `calls: Zoho ${firstZoho} (${((firstZoho / created) * 1000).toFixed(2)} per 1,000), agent ${firstAgent}`,
      `this process's CPU during the sync (engine, clients, simulators, SQLite): ${Math.round(cpuMs)} ms = ${Math.round((cpuMs * 1000) / created)} µs per record`,
      `quiet run: ${quiet.status}, Zoho ${quietZoho} calls, agent ${quietAgent} calls, ${JSON.stringify(quiet.counts)}`,
    ].join('\n') + '\n',
  );
  expectTarget(`Sage → Zoho first sync of ${N}: share of the API-bound limit`, rate / limit, '', {
    min: 0.9,
  });
  expectTarget('Zoho calls per 1,000 records backfilled', (firstZoho / created) * 1000, 'calls', {
    max: 10.5,
  });
  expectTarget('quiet run: Zoho calls', quietZoho, 'calls', { max: 1 });
  expectTarget('quiet run: agent calls', quietAgent, 'calls', { max: 1 });
} finally {
  await rig.close();
}
