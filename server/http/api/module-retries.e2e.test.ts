import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * Failed records waiting for their next try show in the module view (GET /modules, what the
 * settings tab and the status read), and the module is never shown caught up while any waits.
 */
let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
const accountsView = async (): Promise<any> => {
  const res = await fx.call('GET', '/modules', fx.repToken);
  expect(res.status).toBe(200);
  return res.body.modules.find((m: { module: string }) => m.module === 'Accounts');
};

it('shows failed records outstanding, and no "caught up" until they land', async () => {
  const sandbox = fx.backend.sandbox!;
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
    direction: 'zoho_to_sage',
  });
  expect(on.status).toBe(200);
  expect(on.body).toMatchObject({ retries: { waiting: 0, exhausted: 0 }, caughtUp: false });
  const first = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  const firstRun = await fx.waitForRun(first.body.runIds[0]);
  expect(firstRun).toMatchObject({ status: 'succeeded' });
  expect(await accountsView()).toMatchObject({
    lastRun: { status: 'succeeded' },
    retries: { waiting: 0, exhausted: 0 },
    caughtUp: true,
  });

  // Sage refuses every create: the two new Zoho accounts fail and are owed a retry.
  const [oneId] = sandbox.zohoSim.seedRecords(sandbox.orgId, 'Accounts', [
    { Account_Name: 'Retry One Ltd' },
    { Account_Name: 'Retry Two Ltd' },
  ]);
  sandbox.sage.faults().exception('CreateCustomer');
  const failing = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  expect(await fx.waitForRun(failing.body.runIds[0])).toMatchObject({
    status: 'partial',
    counts: { failed: 2 },
  });
  expect(await accountsView()).toMatchObject({
    lastRun: { status: 'partial' },
    retries: { waiting: 2, exhausted: 0 },
    caughtUp: false,
  });

  // The record's status panel says it is owed a try, and when.
  const owed = await fx.call('GET', `/records/Accounts/${oneId}/status`, fx.repToken);
  expect(owed.body.retry).toMatchObject({
    attempts: 1,
    exhausted: false,
    nextAttemptAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    reason: expect.stringMatching(/An exception occurred/),
  });

  // One lands through "Sync to Sage": its run succeeds, but the other still waits.
  sandbox.sage.faults().clear();
  const synced = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: oneId });
  expect(synced.status).toBe(200);
  expect(
    (await fx.call('GET', `/records/Accounts/${oneId}/status`, fx.repToken)).body.retry,
  ).toBeNull();
  const view = await accountsView();
  expect(view).toMatchObject({
    lastRun: { kind: 'record', status: 'succeeded' },
    retries: { waiting: 1, exhausted: 0 },
    caughtUp: false,
  });

  // A module run while Sage still refuses the other: it stays owed, and the run says so.
  sandbox.sage.faults().exception('CreateCustomer');
  const again = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  const ended = await fx.waitForRun(again.body.runIds[0]);
  expect(ended.status).toBe('partial');
  expect(ended.reason).toMatch(/1 failed|failed records not synced yet/);
  expect(await accountsView()).toMatchObject({
    retries: { waiting: 1, exhausted: 0 },
    caughtUp: false,
  });

  // Once the last one lands, the module is caught up.
  sandbox.sage.faults().clear();
  const twoId = await fx.zohoIdOf('Accounts', 'Account_Name', 'Retry Two Ltd');
  const last = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: twoId });
  expect(last.status).toBe(200);
  expect(await accountsView()).toMatchObject({
    lastRun: { kind: 'record', status: 'succeeded' },
    retries: { waiting: 0, exhausted: 0 },
    caughtUp: true,
  });
});
