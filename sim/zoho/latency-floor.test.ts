import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from './server.js';
import { adminOfNewOrg } from './testing.js';

/**
 * The steady latency is the floor of a CRM call's answer time (ADR 0075): the call is carried
 * out as it arrives, its answer leaves the latency after, and `workMs` shows the work's own time.
 */
describe('Zoho simulator latency as an answer-time floor', () => {
  let sim: ZohoSimulator;
  let orgId: string;
  let token: string;
  beforeEach(async () => {
    sim = await startZohoSimulator();
    ({ orgId, token } = await adminOfNewOrg(sim, 'Sim Org'));
  });
  afterEach(() => sim.close());

  it('writes on arrival, answers no sooner than the latency, and counts the work apart', async () => {
    const post = (name: string) =>
      fetch(`${sim.url}/crm/v8/Accounts`, {
        method: 'POST',
        headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ data: [{ Account_Name: name }] }),
      });
    expect((await post('Warm Co')).status).toBe(201);
    sim.faults.setLatency(1000);
    const accounts = () => sim.store.org(orgId).modules.get('Accounts')!.records.size;
    const before = accounts();
    const workBefore = sim.admin.stats(orgId).workMs;
    const started = performance.now();
    let answered = false;
    const answer = post('Floor Co').then((res) => {
      answered = true;
      return res;
    });
    while (accounts() === before && performance.now() - started < 5000) {
      await new Promise((r) => setTimeout(r, 5));
    }
    // The record is written on arrival, while its answer still waits out the latency.
    expect(performance.now() - started).toBeLessThan(900);
    expect(accounts()).toBe(before + 1);
    expect(answered).toBe(false);
    expect((await answer).status).toBe(201);
    const elapsed = performance.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(999);
    const work = sim.admin.stats(orgId).workMs - workBefore;
    expect(work).toBeGreaterThan(0);
    expect(work).toBeLessThan(elapsed - 500);
  });

  it('an injected delay still holds the call before it runs, the latency on top', async () => {
    sim.faults.setLatency(50);
    sim.faults.add({ kind: 'delay', ms: 250, times: 1, path: '/Accounts' });
    const accounts = () => sim.store.org(orgId).modules.get('Accounts')!.records.size;
    const before = accounts();
    const started = performance.now();
    const answer = fetch(`${sim.url}/crm/v8/Accounts`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: [{ Account_Name: 'Slow Co' }] }),
    });
    await new Promise((r) => setTimeout(r, 120));
    expect(accounts()).toBe(before);
    expect((await answer).status).toBe(201);
    expect(accounts()).toBe(before + 1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(299);
  });
});
