import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The status panel of an account linked to a Sage customer that is gone: a run skipped it (the
 * delete brake stopped its policy, or "Sync to Sage" left it for later) and the link is still
 * linked. The panel said "linked" with no error; it says what happened and what happens next.
 */
let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

async function linkedWithEvents(zohoId: string, sageKey: string, events: Array<[string, string]>) {
  const { repos } = fx.backend;
  await repos.links.create(fx.tenantId, 'Accounts', { state: 'linked', zohoId, sageKey });
  const run = await repos.runs.start({
    tenantId: fx.tenantId,
    module: 'Accounts',
    direction: 'both',
    kind: 'manual',
    dryRun: false,
  });
  await repos.events.append(
    events.map(([action, reason]) => ({
      tenantId: fx.tenantId,
      runId: run.id,
      module: 'Accounts' as const,
      direction: 'zoho_to_sage' as const,
      zohoId,
      sageKey,
      action: action as 'skipped',
      reason,
      changes: [],
      attempts: [],
      attempt: 1,
    })),
    new Date().toISOString(),
  );
}

it('says the last sync skipped it because the Sage record is gone, and what happens next', async () => {
  await linkedWithEvents('7700001', '01-GONE1', [
    ['updated', ''],
    [
      'skipped',
      "the linked Sage record no longer exists: the module's delete policy applies when its next run meets the record, or at its reconcile",
    ],
  ]);
  const res = await fx.call('GET', '/records/Accounts/7700001/status', fx.repToken);
  expect(res.status).toBe(200);
  expect(res.body).toMatchObject({
    linked: true,
    sageKey: '01-GONE1',
    lastError:
      "Skipped by the last sync: the linked Sage record no longer exists. The module's delete " +
      'policy applies when a sync next meets this record, or at the next reconciliation.',
  });
});

it('says nothing of it once a later sync wrote the record', async () => {
  await linkedWithEvents('7700002', '01-GONE2', [
    ['skipped', 'the linked Sage record no longer exists'],
    ['updated', ''],
  ]);
  const res = await fx.call('GET', '/records/Accounts/7700002/status', fx.repToken);
  expect(res.body).toMatchObject({ linked: true, lastError: null });
});
