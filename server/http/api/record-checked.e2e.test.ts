import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
});
afterAll(() => fx.close());

it('a "Sync to Sage" that finds nothing to change moves lastCheckedAt, not lastSyncedAt', async () => {
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
  const first = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
  expect(first.body.action).toBe('created');
  const s1 = (await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken)).body;
  expect(s1.lastCheckedAt).toBe(s1.recentEvents[0].createdAt);
  await new Promise((r) => setTimeout(r, 50));

  const second = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
  expect(second.body.action).toBe('echo');
  const s2 = (await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken)).body;
  expect(s2.lastSyncedAt).toBe(s1.lastSyncedAt);
  expect(s2.recentEvents[0].action).toBe('echo');
  expect(s2.lastCheckedAt).toBe(s2.recentEvents[0].createdAt);
  expect(s2.lastCheckedAt > s1.lastCheckedAt).toBe(true);
});

it('a write that had to trim a value says so in lastNote until a later write is clean', async () => {
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  const sb = fx.backend.sandbox!;
  const long = 'Rocket Propulsion Laboratories of Greater Irvine and Tustin';
  const [id] = sb.zohoSim.seedRecords(sb.orgId, 'Accounts', [
    { Account_Name: long, Billing_City: 'Irvine' },
  ]);
  const synced = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: id });
  expect(synced.body.action).toBe('created');
  const s1 = (await fx.call('GET', `/records/Accounts/${id}/status`, fx.repToken)).body;
  expect(s1.lastError).toBeNull();
  expect(s1.lastNote).toBe(
    'CustomerName trimmed to 50 characters ("Rocket Propulsion Laboratories of Greater Irvine")',
  );

  // The rep shortens the name in Zoho: the next write fits, and the note goes.
  sb.zohoSim.editRecord(sb.orgId, 'Accounts', String(id), { Account_Name: 'Rocket Labs' });
  const again = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: id });
  expect(again.body.action).toBe('updated');
  const s2 = (await fx.call('GET', `/records/Accounts/${id}/status`, fx.repToken)).body;
  expect(s2.lastNote).toBeNull();
});
