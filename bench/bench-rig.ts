import { ZohoCrmGateway } from '../server/zoho/crm-gateway.js';
import { startSyncRig } from '../test/sync/rig.js';
import type { EbwsCallCounts } from './sims-protocol.js';
import { startSplitRig, type SplitRig, type SplitRigZohoSide } from './split-rig.js';

export type BenchRig = SplitRig & SplitRigZohoSide & { simsApart: boolean };

/** The API-bound settings the throughput benchmarks share (the product's defaults). */
export const BENCH_RIG_SETTINGS = {
  feedPageSize: 500, // SAGE_FEED_PAGE_SIZE's default
  zohoConcurrency: 5, // the figure: a Standard org's share
  agentTimeoutMs: 30_000, // SAGE_AGENT_TIMEOUT_MS's default
  ebwsSessions: 4, // SAGE_EBWS_SESSIONS' default
};

/**
 * The throughput benchmarks' rig: the simulators in a process of their own (the default: their
 * CPU is the remote systems', not the backend's, bench/split-rig.ts), or, when `inProcess`, in
 * this one through test/sync/rig.ts, behind the same interface.
 */
export async function startBenchRig(inProcess: boolean): Promise<BenchRig> {
  if (!inProcess) return { ...(await startSplitRig(BENCH_RIG_SETTINGS)), simsApart: true };
  const rig = await startSyncRig('sqlite', BENCH_RIG_SETTINGS);
  const { orgId } = rig.tenant;
  return {
    simsApart: false,
    engine: rig.engine,
    deps: rig.deps,
    tenantId: rig.tenantId,
    ebwsSessions: rig.ebwsSessions,
    insert: async (table, rows) => {
      for (const row of rows) rig.company.insert(table, row);
    },
    configure: (module, direction) => rig.configure(module, direction),
    setLatency: async (latency) => rig.setLatency(latency),
    advanceSage: async (seconds) => rig.advanceSage(seconds),
    stats: async () => ({
      zohoCalls: rig.zoho.sim.admin.stats(orgId).calls,
      agentCalls: rig.agent.calls,
      agentWorkMs: rig.agent.workMs,
      zohoWorkMs: rig.zoho.sim.admin.stats(orgId).workMs,
      cpu: { user: 0, system: 0 },
    }),
    seedZoho: async (module, records) => rig.zoho.sim.admin.seedRecords(orgId, module, records),
    editZoho: async (module, edits) => {
      for (const e of edits) rig.zoho.sim.admin.editRecord(orgId, module, e.id, e.changes);
    },
    zohoRecords: async (module) => rig.zohoRecords(module),
    ebwsCalls: async () => {
      const counts: EbwsCallCounts = {};
      for (const op of rig.sage.sim.calls) counts[op] = (counts[op] ?? 0) + 1;
      return counts;
    },
    freshCrmGateway() {
      const crm = rig.zoho.client.forTenant(rig.tenantId);
      rig.deps.gateways.crm = new ZohoCrmGateway(crm.records, { metadata: crm.metadata });
    },
    close: () => rig.close(),
  };
}
