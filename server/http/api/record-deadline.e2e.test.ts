import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * "Sync to Sage" past its deadline (ADR 0051): the answer is 202 with the run to follow, and the
 * sync carries on to the end. Sage is held at its CreateCustomer call (a gate in the eBWS
 * simulator) until the 202 has come back, so the deadline passes without guessing a delay.
 */
let fx: ApiFixture;

beforeAll(async () => {
  fx = await startApiFixture({ RUNS_RECORD_DEADLINE_MS: '100' });
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  if (on.status !== 200) throw new Error(`enabling Accounts: ${on.status}`);
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('"Sync to Sage" past RUNS_RECORD_DEADLINE_MS', () => {
  it('answers 202 with the run, which then completes and links the record', async () => {
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const held = fx.backend.sandbox!.sage.faults().hold('CreateCustomer');
    const res = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
    await held.reached; // the sync really is at Sage, not refused before it
    expect(res.status).toBe(202);
    const runId: string = res.body.runId;
    expect(res.body).toMatchObject({
      module: 'Accounts',
      zohoId: abf,
      location: `/api/v1/runs/${runId}`,
      run: { id: runId, kind: 'record', status: 'running', module: 'Accounts' },
    });
    const stillRunning = await fx.call('GET', `/runs/${runId}`, fx.repToken);
    expect(stillRunning.body.status).toBe('running');
    const status = await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken);
    expect(status.body.linked).toBe(false);

    held.release();
    const run = await fx.waitForRun(runId);
    expect(run).toMatchObject({ status: 'succeeded', kind: 'record', counts: { created: 1 } });
    const after = await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken);
    expect(after.body).toMatchObject({ linked: true, state: 'linked' });
    const sageKey: string = after.body.sageKey;
    const customer = fx.backend
      .sandbox!.sage.customers()
      .find((c) => `${String(c.ARDivisionNo)}-${String(c.CustomerNo)}` === sageKey);
    expect(customer?.CustomerName).toBe('American Business Futures');
  });
});
