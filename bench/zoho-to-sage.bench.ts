import { logCalls } from '../test/sync/call-log.js';
import { startSyncRig } from '../test/sync/rig.js';
import { expectTarget } from './targets.js';

/**
 * Zoho → Sage, 1,000 new accounts through the real clients against the simulators over HTTP, with
 * a real system's latency injected: Zoho 150 ms per call, eBWS 200 ms per call, the agent 200 ms
 * per page. The API-bound limit comes from the settings: eBWS has no batch operation, so new
 * customers a second = sessions ÷ (eBWS calls per create × eBWS latency); a create is
 * GetNextCustomerNo + CreateCustomer. Figures: the measured rate, the limit, the share (target
 * >= 0.9), eBWS calls per record (<= 2) and Zoho calls per record (writes <= 0.01: the keys go back
 * 100 to a call; reads are the change pages, listed beside it).
 */
const N = Number(process.env.BENCH_Z2S_RECORDS ?? 1000);
const LATENCY = { zohoMs: 150, ebwsMs: 200, agentMs: 200 };
const SESSIONS = 4; // SAGE_EBWS_SESSIONS' default
const CALLS_PER_CREATE = 2;
const ZOHO_PAGE = 100; // SYNC_PAGE_SIZE's default: the Zoho change page

const rig = await startSyncRig('sqlite', { latency: LATENCY, ebwsSessions: SESSIONS });
try {
  rig.deps.pageSize = { zoho: ZOHO_PAGE };
  await rig.configure('Accounts', 'zoho_to_sage');
  for (let i = 0; i < N; i += 200) {
    rig.zoho.sim.admin.seedRecords(
      rig.tenant.orgId,
      'Accounts',
      Array.from({ length: Math.min(200, N - i) }, (_, j) => ({
        Account_Name: `Bench Zoho Account ${i + j}`,
        Billing_Street: `${100 + i + j} Main Street`,
        Billing_City: 'Chicago',
        Billing_State: 'IL',
        Billing_Code: '60601',
        Phone: '3125550100',
      })),
    );
  }
  rig.sage.sim.calls.length = 0;
  const log = logCalls();
  const started = performance.now();
  const report = await rig.engine.run(rig.tenantId, 'Accounts');
  const seconds = (performance.now() - started) / 1000;
  log.stop();
  if (report.status !== 'succeeded' || report.counts.created !== N) {
    throw new Error(`the run did not create ${N} customers: ${JSON.stringify(report)}`);
  }
  const ebwsCalls = rig.sage.sim.calls.length;
  const byOp = rig.sage.sim.calls.reduce<Record<string, number>>(
    (acc, op) => ({ ...acc, [op]: (acc[op] ?? 0) + 1 }),
    {},
  );
  const zoho = log.calls.filter((c) => c.system === 'zoho');
  const zohoWrites = zoho.filter((c) => c.method !== 'GET');
  const zohoReads = zoho.length - zohoWrites.length;
  const rate = N / seconds;
  // Seat time not held by a call: what the pipeline leaves idle (the limit assumes none).
  const held = rig.ebwsSessions.held;
  const idle = SESSIONS * seconds - held.ms / 1000;
  const limit = SESSIONS / (CALLS_PER_CREATE * (LATENCY.ebwsMs / 1000));
  process.stdout.write(
    [
      `${N} new Zoho accounts into Sage: ${seconds.toFixed(1)} s = ${rate.toFixed(2)} records/s`,
      `limit: ${SESSIONS} sessions / (${CALLS_PER_CREATE} calls x ${LATENCY.ebwsMs} ms) = ${limit} records/s; share ${(rate / limit).toFixed(3)}`,
      `eBWS calls: ${ebwsCalls} ${JSON.stringify(byOp)} = ${(ebwsCalls / N).toFixed(2)} a record, peak sessions in use ${rig.ebwsSessions.peakInUse}`,
      `seats: held ${(held.ms / 1000).toFixed(1)} s by ${held.calls} calls (${(held.ms / Math.max(held.calls, 1)).toFixed(0)} ms a call), idle ${idle.toFixed(1)} seat-s of ${(SESSIONS * seconds).toFixed(1)} (${((100 * idle) / (SESSIONS * seconds)).toFixed(1)}%)`,
      `agent calls: ${log.count('agent')}; Zoho calls: ${zoho.length} (${zohoWrites.length} writes, ${zohoReads} reads)`,
    ].join('\n') + '\n',
  );
  expectTarget('Zoho → Sage new accounts, share of the API limit', rate / limit, 'x', {
    min: 0.9,
  });
  expectTarget('Zoho → Sage new accounts, measured rate', rate, 'records/s', {
    min: 0.9 * limit,
  });
  expectTarget('Zoho → Sage eBWS calls per new account', ebwsCalls / N, 'calls', {
    max: CALLS_PER_CREATE,
  });
  expectTarget('Zoho → Sage Zoho write calls per record', zohoWrites.length / N, 'calls', {
    max: 0.01,
  });
  // Reads (the change pages, the field list) are listed beside it; what is bounded is the writes.
  expectTarget(
    `Zoho → Sage Zoho calls per record (0.01 + ${zohoReads} reads / ${N})`,
    zoho.length / N,
    'calls',
    { max: 0.01 + zohoReads / N },
  );
} finally {
  await rig.close();
}
