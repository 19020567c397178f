import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSyncRig, type SyncRig } from './rig.js';

/** The rig's latency settings reach the three simulators, so benchmarks measure real waits. */
describe('sync rig latency', () => {
  let rig: SyncRig;
  beforeAll(async () => {
    rig = await startSyncRig('sqlite', { latency: { zohoMs: 15, ebwsMs: 20, agentMs: 25 } });
  });
  afterAll(() => rig.close());

  it('sets each simulator from startSyncRig and changes only those given to setLatency', async () => {
    const latencies = () => [
      rig.zoho.sim.faults.latencyMs,
      rig.sage.sim.latencyMs,
      rig.agent.latencyMs,
    ];
    expect(latencies()).toEqual([15, 20, 25]);
    rig.setLatency({ agentMs: 40 });
    expect(latencies()).toEqual([15, 20, 40]);
    // A feed page through the rig's own gateway waits the agent's latency (a lower bound).
    const t0 = performance.now();
    await rig.deps.gateways.sage.listChanges('Accounts', undefined, { limit: 10 });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(39);
    rig.setLatency({ zohoMs: 0, ebwsMs: 0, agentMs: 0 });
    expect(latencies()).toEqual([0, 0, 0]);
  });
});
