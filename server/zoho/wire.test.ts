import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoCrmGateway } from './crm-gateway.js';
import { editionOf } from './limits.js';
import type { ZohoRecordsApi } from './records-api.js';
import { isUniqueField } from './schemas.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../../test/zoho/fixture.js';

/** The client against what Zoho really sends: offsets, token binding, nested errors, trials. */
describe('Zoho client on the real wire', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme');
  });
  afterEach(async () => fx.close());

  const crm = () => fx.client.forTenant(tenant.tenantId).records;

  it('keeps every parameter of page 1 while following page_token, past the 100,000 cap too', async () => {
    // A token reads at most `pageTokenLimit` records (Zoho: 100,000); the client starts a new
    // query at the last Modified_Time and gives every record exactly once.
    fx.sim.store.pageTokenLimit = 900;
    const start = Date.parse('2026-01-01T00:00:00Z');
    const seeded = fx.sim.admin.seedRecords(
      tenant.orgId,
      'Contacts',
      Array.from({ length: 2500 }, (_, i) => ({
        Last_Name: `C${i}`,
        Modified_Time: new Date(start + Math.floor(i / 4) * 1000).toISOString(),
      })),
    );
    const seen: string[] = [];
    for await (const page of crm().listModified('Contacts', { fields: ['Last_Name'] })) {
      seen.push(...page.records.map((r) => r.id));
    }
    expect(seen).toHaveLength(2500);
    expect(new Set(seen)).toEqual(new Set(seeded));
  });

  it('reports each field of a record Zoho refused for several reasons, and the duplicate record', async () => {
    const [bad] = await crm().upsert('Contacts', [{ Email: 'not-an-email' }], {
      duplicateCheckFields: ['Email'],
    });
    expect(bad).toMatchObject({
      ok: false,
      code: 'MULTIPLE_OR_MULTI_ERRORS',
      field: 'Last_Name',
      errors: [
        { code: 'MANDATORY_NOT_FOUND', field: 'Last_Name', jsonPath: '$.data[0].Last_Name' },
        { code: 'INVALID_DATA', field: 'Email', jsonPath: '$.data[0].Email' },
      ],
    });
    expect(bad!.ok === false && bad!.message).toBe(
      'Last_Name: MANDATORY_NOT_FOUND required field not found; Email: INVALID_DATA invalid data',
    );
    await fx.client
      .forTenant(tenant.tenantId)
      .metadata.createFields('Vendors', [
        { field_label: 'Sage Key', data_type: 'text', length: 64, unique: true },
      ]);
    const [first] = await crm().upsert('Vendors', [{ Vendor_Name: 'V1', Sage_Key: 'K1' }]);
    const [dup] = await crm().upsert('Vendors', [{ Vendor_Name: 'V2', Sage_Key: 'k1' }], {
      duplicateCheckFields: ['Vendor_Name'],
    });
    expect(dup).toMatchObject({
      ok: false,
      code: 'DUPLICATE_DATA',
      field: 'Sage_Key',
      duplicateId: first!.ok ? first!.id : 'none',
    });
  });

  it('moves the deleted-records cursor forward for an org east of UTC (+05:30)', async () => {
    // The gateway compares instants: 10:00+05:30 is 04:30Z, later than 04:00Z.
    const deleted = [
      { id: '1', type: 'recycle', deletedTime: '2026-12-01T10:00:00+05:30' },
      { id: '2', type: 'recycle', deletedTime: '2026-12-01T09:35:00+05:30' },
    ];
    const records = {
      listModified: async function* () {},
      listDeleted: async function* () {
        yield deleted;
      },
      count: () => Promise.resolve(0),
    } as unknown as ZohoRecordsApi;
    const gateway = new ZohoCrmGateway(records);
    const before = JSON.stringify({ m: '2026-12-01T04:00:00.000Z', d: '2026-12-01T04:00:00.000Z' });
    const page = await gateway.listChanges('Accounts', before);
    expect(page.deleted).toEqual(['1', '2']);
    expect(JSON.parse(page.nextCursor).d).toBe('2026-12-01T04:30:00.000Z');
  });

  it('reads the org in its own offset end to end: deletions in Kolkata move the cursor on', async () => {
    const east = await fx.addTenant('East');
    fx.sim.store.org(east.orgId).time_zone = 'Asia/Kolkata';
    const [a, b] = fx.sim.admin.seedRecords(east.orgId, 'Products', [
      { Product_Name: 'P1' },
      { Product_Name: 'P2' },
    ]);
    const tenantCrm = fx.client.forTenant(east.tenantId);
    const gateway = new ZohoCrmGateway(tenantCrm.records);
    let cursor = (await gateway.listChanges('Products', undefined)).nextCursor;
    fx.sim.admin.advanceClock(5000);
    await tenantCrm.records.deleteRecords('Products', [a!]);
    const first = await gateway.listChanges('Products', cursor);
    expect(first.deleted).toEqual([a]);
    const d1 = JSON.parse(first.nextCursor).d as string;
    expect(Date.parse(d1)).toBeGreaterThanOrEqual(Date.parse(JSON.parse(cursor).d as string));
    cursor = first.nextCursor;
    fx.sim.admin.advanceClock(5000);
    await tenantCrm.records.deleteRecords('Products', [b!]);
    const second = await gateway.listChanges('Products', cursor);
    // If-Modified-Since is inclusive: the deletion at the cursor's instant may come again.
    expect(second.deleted).toContain(b);
    expect(Date.parse(JSON.parse(second.nextCursor).d as string)).toBeGreaterThan(Date.parse(d1));
  });

  it('decides uniqueness on what Zoho sends, and takes a trial edition for its limits', () => {
    expect(isUniqueField({ unique: {} })).toBe(false);
    expect(isUniqueField({ unique: null })).toBe(false);
    expect(isUniqueField({ unique: { casesensitive: 'false' } })).toBe(true);
    expect(isUniqueField({ unique: { case_sensitive: false } })).toBe(true);
    const now = Date.parse('2025-12-01T00:00:00Z');
    const trial = {
      paid: false,
      paid_type: 'free',
      trial_type: 'enterprise',
      trial_expiry: '2025-12-04T17:26:17+05:30',
    };
    expect(editionOf(trial, now)).toBe('enterprise');
    expect(editionOf(trial, Date.parse('2025-12-05T00:00:00Z'))).toBe('free');
    expect(editionOf({ paid: true, paid_type: 'professional', trial_type: null }, now)).toBe(
      'professional',
    );
    expect(editionOf(undefined, now)).toBe(undefined);
  });
});
