import { zohoFixture } from '../test/zoho/fixture.js';
import { expectTarget } from './targets.js';

/**
 * The Zoho client against the simulator over loopback HTTP (JSON, zod parsing, token cache,
 * per-tenant semaphore, credit ledger writes on SQLite).
 * Targets (2-core machine): paging 10,000 modified records >= 5,000 records/s; upserting 1,000
 * records in batches of 100 >= 1,000 records/s; 300 small calls over 3 tenants >= 300 calls/s.
 */
const fx = await zohoFixture();
try {
  const tenants = await Promise.all(
    ['Bench A', 'Bench B', 'Bench C'].map((n) => fx.addTenant(n, { edition: 'enterprise' })),
  );
  const one = tenants[0]!;
  fx.sim.admin.seedRecords(
    one.orgId,
    'Accounts',
    Array.from({ length: 10_000 }, (_, i) => ({
      Account_Name: `Account ${i}`,
      Billing_City: 'Chicago',
      Modified_Time: new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(),
    })),
  );
  const crm = fx.client.forTenant(one.tenantId);
  await crm.metadata.getOrg(); // warm the token

  let started = performance.now();
  let read = 0;
  for await (const page of crm.records.listModified('Accounts', {
    fields: ['Account_Name', 'Billing_City', 'Modified_Time'],
  })) {
    read += page.records.length;
  }
  let seconds = (performance.now() - started) / 1000;
  console.log(
    `listModified: ${read} records in ${seconds.toFixed(2)} s = ${Math.round(read / seconds)} records/s (target >= 5000)`,
  );
  expectTarget('listModified', read / seconds, 'records/s', { min: 5000 });

  const records = Array.from({ length: 1000 }, (_, i) => ({
    Last_Name: `Buyer ${i}`,
    Email: `b${i}@bench.example`,
  }));
  started = performance.now();
  const outcomes = await crm.records.upsert('Contacts', records, {
    duplicateCheckFields: ['Email'],
    trigger: [],
  });
  seconds = (performance.now() - started) / 1000;
  const ok = outcomes.filter((o) => o.ok).length;
  console.log(
    `upsert: ${ok} of 1000 records in ${seconds.toFixed(2)} s = ${Math.round(ok / seconds)} records/s (target >= 1000)`,
  );
  expectTarget('upsert', ok / seconds, 'records/s', { min: 1000 });

  started = performance.now();
  await Promise.all(
    Array.from({ length: 300 }, (_, i) =>
      fx.client.forTenant(tenants[i % 3]!.tenantId).metadata.getOrg(),
    ),
  );
  seconds = (performance.now() - started) / 1000;
  console.log(
    `getOrg x300 over 3 tenants: ${seconds.toFixed(2)} s = ${Math.round(300 / seconds)} calls/s (target >= 300); refreshes: ${fx.sim.admin.refreshGrants}`,
  );
  expectTarget('getOrg over 3 tenants', 300 / seconds, 'calls/s', { min: 300 });
} finally {
  await fx.close();
}
