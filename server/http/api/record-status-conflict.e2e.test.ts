import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The status panel of a record edited on both sides since the last sync: an open conflict holds
 * it until an admin resolves it in the settings tab's Review. The panel said only "Linked".
 */
let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

it('says the record has an open conflict, with its fields, until it is resolved', async () => {
  const { repos } = fx.backend;
  const link = await repos.links.create(fx.tenantId, 'Accounts', {
    state: 'linked',
    zohoId: '7710001',
    sageKey: '01-BOTH1',
  });
  const id = await repos.conflicts.open({
    tenantId: fx.tenantId,
    module: 'Accounts',
    linkId: link.id,
    zohoId: '7710001',
    sageKey: '01-BOTH1',
    fields: [
      { field: 'Phone ↔ TelephoneNo', zohoValue: '312-555-0100', sageValue: '(312) 555-0101' },
    ],
  });
  // Another record's conflict is not this one's.
  await repos.conflicts.open({
    tenantId: fx.tenantId,
    module: 'Accounts',
    zohoId: '7710002',
    sageKey: '01-BOTH2',
    fields: [{ field: 'Account_Name ↔ CustomerName', zohoValue: 'A', sageValue: 'B' }],
  });
  const res = await fx.call('GET', '/records/Accounts/7710001/status', fx.repToken);
  expect(res.status).toBe(200);
  expect(res.body.conflict).toEqual({
    id,
    fields: ['Phone ↔ TelephoneNo'],
    openedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
  });

  await repos.conflicts.resolve(fx.tenantId, id, 'sage');
  const after = await fx.call('GET', '/records/Accounts/7710001/status', fx.repToken);
  expect(after.body.conflict).toBeNull();
  const none = await fx.call('GET', '/records/Accounts/7710003/status', fx.repToken);
  expect(none.body.conflict).toBeNull();
});
