import os from 'node:os';
import { recordsAtOnce } from '../server/sage/ebws-sessions.js';
import { logCalls } from '../test/sync/call-log.js';
import { BENCH_RIG_SETTINGS, startBenchRig } from './bench-rig.js';
import type { EbwsCallCounts } from './sims-protocol.js';
import { expectTarget } from './targets.js';

/**
 * Zoho → Sage through the real clients against the simulators over HTTP, with a real system's
 * latency injected: Zoho 150 ms per call, eBWS 200 ms per call, the agent 200 ms per page. The
 * simulators run in a process of their own (bench/split-rig.ts), as the Sage → Zoho benchmark's
 * do, so their CPU does not take the engine's core (BENCH_Z2S_SIMS=inprocess runs them here).
 * 1. N new accounts: eBWS has no batch operation, so the API-bound limit is sessions ÷ (eBWS calls
 *    per create × eBWS latency); a create is GetNextCustomerNo + CreateCustomer. Targets: share
 *    >= 0.9, eBWS calls per new account <= 2, Zoho write calls per record <= 0.01 (the keys and
 *    the sync stamp go back 100 to a call).
 * 2. The same N accounts edited in Zoho: an update is one UpdateCustomer merged over the Sage
 *    record the run has just read through the agent (ADR 0076). Targets: eBWS calls per updated
 *    account <= 1, Zoho write calls per record <= 0.01 (the sync stamp).
 */
const N = Number(process.env.BENCH_Z2S_RECORDS ?? 1000);
const LATENCY = { zohoMs: 150, ebwsMs: 200, agentMs: 200 };
const SESSIONS = BENCH_RIG_SETTINGS.ebwsSessions;
const CALLS_PER_CREATE = 2;
const CALLS_PER_UPDATE = 1;
const ZOHO_PAGE = 100; // SYNC_PAGE_SIZE's default: the Zoho change page

const rig = await startBenchRig(process.env.BENCH_Z2S_SIMS === 'inprocess');
try {
  rig.deps.pageSize = { zoho: ZOHO_PAGE };
  rig.deps.sageConcurrency = recordsAtOnce(SESSIONS);
  await rig.configure('Accounts', 'zoho_to_sage');
  const ids: string[] = [];
  for (let i = 0; i < N; i += 200) {
    const batch = Array.from({ length: Math.min(200, N - i) }, (_, j) => ({
      Account_Name: `Bench Zoho Account ${i + j}`,
      Billing_Street: `${100 + i + j} Main Street`,
      Billing_City: 'Chicago',
      Billing_State: 'IL',
      Billing_Code: '60601',
      Phone: '3125550100',
    }));
    ids.push(...(await rig.seedZoho('Accounts', batch)));
  }
  await rig.setLatency(LATENCY);

  const created = await measure('new', async () => {
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    if (report.status !== 'succeeded' || report.counts.created !== N) {
      throw new Error(`the run did not create ${N} customers: ${JSON.stringify(report)}`);
    }
  });

  // Every account edited in Zoho a minute later, as its users would.
  await rig.advanceSage(60);
  await rig.editZoho(
    'Accounts',
    ids.map((id, i) => ({ id, changes: { Phone: `31255${String(10000 + i).slice(-5)}` } })),
  );
  const updated = await measure('updated', async () => {
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    if (report.status !== 'succeeded' || report.counts.updated !== N) {
      throw new Error(`the run did not update ${N} customers: ${JSON.stringify(report)}`);
    }
  });

  const createLimit = SESSIONS / (CALLS_PER_CREATE * (LATENCY.ebwsMs / 1000));
  const updateLimit = SESSIONS / (CALLS_PER_UPDATE * (LATENCY.ebwsMs / 1000));
  process.stdout.write(
    [
      `simulators ${rig.simsApart ? 'in their own process' : 'in this process'}; machine: ${os.cpus().length} cores, load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
      created.describe(createLimit, CALLS_PER_CREATE),
      updated.describe(updateLimit, CALLS_PER_UPDATE),
    ].join('\n') + '\n',
  );
  expectTarget(
    'Zoho → Sage new accounts, share of the API limit',
    created.rate / createLimit,
    'x',
    {
      min: 0.9,
    },
  );
  expectTarget('Zoho → Sage new accounts, measured rate', created.rate, 'records/s', {
    min: 0.9 * createLimit,
  });
  expectTarget('Zoho → Sage eBWS calls per new account', created.ebws / N, 'calls', {
    max: CALLS_PER_CREATE,
  });
  expectTarget('Zoho → Sage eBWS calls per updated account', updated.ebws / N, 'calls', {
    max: CALLS_PER_UPDATE,
  });
  expectTarget('Zoho → Sage Zoho write calls per new record', created.zohoWrites / N, 'calls', {
    max: 0.01,
  });
  expectTarget('Zoho → Sage Zoho write calls per updated record', updated.zohoWrites / N, 'calls', {
    max: 0.01,
  });
} finally {
  await rig.close();
}

/** One run's figures: wall time, eBWS calls by operation, Zoho calls, seat time, engine CPU. */
async function measure(what: string, run: () => Promise<void>) {
  const ebwsBefore = await rig.ebwsCalls();
  const heldBefore = rig.ebwsSessions.held;
  const log = logCalls();
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await run();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  log.stop();
  const byOp = countsSince(ebwsBefore, await rig.ebwsCalls());
  const ebws = Object.values(byOp).reduce((a, b) => a + b, 0);
  const zoho = log.calls.filter((c) => c.system === 'zoho');
  const zohoWrites = zoho.filter((c) => c.method !== 'GET').length;
  const held = rig.ebwsSessions.held;
  const heldMs = held.ms - heldBefore.ms;
  const heldCalls = held.calls - heldBefore.calls;
  const rate = N / seconds;
  return {
    rate,
    ebws,
    zohoWrites,
    describe(limit: number, calls: number): string {
      // Seat time not held by a call: what the pipeline leaves idle (the limit assumes none).
      const idle = SESSIONS * seconds - heldMs / 1000;
      return [
        `${N} ${what} Zoho accounts into Sage: ${seconds.toFixed(1)} s = ${rate.toFixed(2)} records/s; ` +
          `limit ${SESSIONS} sessions / (${calls} calls x ${LATENCY.ebwsMs} ms) = ${limit} records/s; share ${(rate / limit).toFixed(3)}`,
        `  eBWS calls: ${ebws} ${JSON.stringify(byOp)} = ${(ebws / N).toFixed(2)} a record, peak sessions in use ${rig.ebwsSessions.peakInUse}`,
        `  seats: held ${(heldMs / 1000).toFixed(1)} s by ${heldCalls} calls, idle ${idle.toFixed(1)} of ${(SESSIONS * seconds).toFixed(1)} seat-s (${((100 * idle) / (SESSIONS * seconds)).toFixed(1)}%)`,
        `  agent calls: ${log.count('agent')}; Zoho calls: ${zoho.length} (${zohoWrites} writes = ${(zohoWrites / N).toFixed(3)} a record, ${zoho.length - zohoWrites} reads)`,
        `  engine process CPU: ${Math.round((cpu.user + cpu.system) / 1000)} ms = ${Math.round((cpu.user + cpu.system) / N)} µs a record`,
      ].join('\n');
    },
  };
}

function countsSince(before: EbwsCallCounts, after: EbwsCallCounts): EbwsCallCounts {
  return Object.fromEntries(
    Object.entries(after)
      .map(([op, n]) => [op, n - (before[op] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}
