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

it('a sync that skipped the record says why in lastSkipped, until one goes through', async () => {
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  await fx.call('PUT', '/modules/Contacts', fx.adminToken, { direction: 'both' });
  const sb = fx.backend.sandbox!;
  const [id] = sb.zohoSim.seedRecords(sb.orgId, 'Contacts', [
    { First_Name: 'Ada', Last_Name: 'Orphan', Email: 'ada@orphan.example' },
  ]);
  const skipped = await fx.call('POST', '/records/Contacts/sync', fx.repToken, { zohoId: id });
  expect(skipped.body.action).toBe('skipped');
  const s1 = (await fx.call('GET', `/records/Contacts/${id}/status`, fx.repToken)).body;
  expect(s1).toMatchObject({
    lastError: null,
    lastNote: null,
    lastSkipped:
      'no account chosen (Account_Name is empty): Sage files it under its customer; choose the account in Zoho, then sync again',
  });

  const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
  sb.zohoSim.editRecord(sb.orgId, 'Contacts', String(id), { Account_Name: { id: abf } });
  const created = await fx.call('POST', '/records/Contacts/sync', fx.repToken, { zohoId: id });
  expect(created.body.action).toBe('created');
  const s2 = (await fx.call('GET', `/records/Contacts/${id}/status`, fx.repToken)).body;
  expect(s2.lastSkipped).toBeNull();
  expect(s2.linked).toBe(true);
});
