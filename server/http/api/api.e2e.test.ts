import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * /api/v1 end to end: real routes over HTTP, sessions from the sandbox's consent flow, the sync
 * engine on the Sage 100 and Zoho CRM simulators. The tests build on each other in order (settings,
 * then a run, then the record page and the review lists), as an admin would use the product.
 */

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

const expectProblem = (res: { status: number; type: string }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/problem\+json/);
};

describe('modules', () => {
  it('lists the 7 module pairs with directions, needs and default settings to any user', async () => {
    const res = await fx.call('GET', '/modules', fx.repToken);
    expect(res.status).toBe(200);
    expect(res.body.modules.map((m: { module: string }) => m.module)).toEqual([
      'Accounts',
      'Contacts',
      'Products',
      'Vendors',
      'Sales_Orders',
      'Invoices',
      'GL_Accounts',
    ]);
    const orders = res.body.modules[4];
    expect(orders.needs).toEqual(['Accounts', 'Products']);
    expect(orders.settings.direction).toBe('disabled');
    expect(orders.lastRun).toBeNull();
    expect(res.body.modules[2].allowedDirections).not.toContain('zoho_to_sage');
    expect(res.body.modules[0].neededBy).toEqual(['Contacts', 'Sales_Orders', 'Invoices']);
  });

  it('enables what a module needs and says which; refuses to disable a needed one (409)', async () => {
    const on = await fx.call('PUT', '/modules/Contacts', fx.adminToken, {
      direction: 'both',
      schedule: { kind: 'times', times: ['06:00', '18:30'], timeZone: 'America/Chicago' },
      conflictPolicy: 'sage_wins',
      deleteBrakePercent: 10,
    });
    expect(on.status).toBe(200);
    expect(on.body.alsoEnabled).toEqual(['Accounts']);
    expect(on.body.settings).toMatchObject({
      direction: 'both',
      conflictPolicy: 'sage_wins',
      deleteBrakePercent: 10,
      schedule: { kind: 'times', times: ['06:00', '18:30'] },
    });
    const accounts = await fx.call('GET', '/modules', fx.repToken);
    expect(accounts.body.modules[0].settings.direction).toBe('both');

    const off = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'disabled' });
    expectProblem(off, 409);
    expect(off.body.neededBy).toEqual(['Contacts']);
    expect(off.body.detail).toMatch(/Accounts is needed by Contacts/);
  });

  it('answers 422 for a direction Sage does not allow, 422 for a bad value, 400 for an unknown field, 404 for unknown modules', async () => {
    const sideways = await fx.call('PUT', '/modules/Products', fx.adminToken, {
      direction: 'zoho_to_sage',
    });
    expectProblem(sideways, 422);
    expect(sideways.body.allowed).toEqual(['sage_to_zoho', 'disabled']);

    const bad = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'up' });
    expectProblem(bad, 422);
    expect(bad.body.detail).toMatch(/^direction:/);
    const extra = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { colour: 'red' });
    expectProblem(extra, 400);
    expect(extra.body.issues[0].path).toBe('colour');
    const zone = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
      schedule: { kind: 'times', times: ['06:00'], timeZone: 'Mars/Olympus' },
    });
    expectProblem(zone, 422);
    expect(zone.body.detail).toMatch(/^schedule\.timeZone: not an IANA time zone/);
    const fast = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
      schedule: { kind: 'interval', seconds: 5 },
    });
    expectProblem(fast, 422);
    expect(fast.body.detail).toMatch(/^schedule\.seconds:/);
    expectProblem(await fx.call('PUT', '/modules/Leads', fx.adminToken, {}), 404);
  });
});

describe('mappings and filters', () => {
  it('serves the catalog defaults, then stores a valid replacement', async () => {
    const before = await fx.call('GET', '/modules/Vendors/mappings', fx.adminToken);
    expect(before.body.isDefault).toBe(true);
    expect(before.body.mappings.length).toBeGreaterThan(3);
    const first = before.body.mappings[0];
    const saved = await fx.call('PUT', '/modules/Vendors/mappings', fx.adminToken, {
      mappings: [{ ...first, direction: 'sage_to_zoho', emptyOverwrites: true }],
    });
    expect(saved.status).toBe(200);
    expect(saved.body.isDefault).toBe(false);
    const after = await fx.call('GET', '/modules/Vendors/mappings', fx.adminToken);
    expect(after.body.mappings).toEqual([
      expect.objectContaining({ zohoField: first.zohoField, emptyOverwrites: true }),
    ]);
  });

  it('refuses unknown fields (422), unknown transforms (422) and the engine’s arity rule (422)', async () => {
    const unknown = await fx.call('PUT', '/modules/Accounts/mappings', fx.adminToken, {
      mappings: [{ zohoField: 'Account_Name', sageField: 'CustomerNameX', direction: 'both' }],
    });
    expectProblem(unknown, 422);
    expect(unknown.body.issues).toEqual([
      { path: 'mappings.0.sageField', message: 'Sage has no field CustomerNameX' },
    ]);
    const transform = await fx.call('PUT', '/modules/Accounts/mappings', fx.adminToken, {
      mappings: [
        {
          zohoField: 'Phone',
          sageField: 'TelephoneNo',
          direction: 'both',
          transform: { kind: 'rot13' },
        },
      ],
    });
    expectProblem(transform, 422);
    expect(transform.body.detail).toMatch(/^mappings\.0\.transform/);
    const arity = await fx.call('PUT', '/modules/Accounts/mappings', fx.adminToken, {
      mappings: [
        { zohoField: 'Billing_Street', sageField: 'AddressLine1,AddressLine2', direction: 'both' },
      ],
    });
    expectProblem(arity, 422);
    expect(arity.body.problems[0]).toMatch(/several fields need a name, lines or lookup transform/);
    // The same pair twice was a 500 (the database's unique index), not the admin's mistake.
    const row = { zohoField: 'Account_Name', sageField: 'CustomerName', direction: 'both' };
    const twice = await fx.call('PUT', '/modules/Accounts/mappings', fx.adminToken, {
      mappings: [row, { zohoField: 'Phone', sageField: 'TelephoneNo', direction: 'both' }, row],
    });
    expectProblem(twice, 422);
    expect(twice.body.issues).toEqual([
      { path: 'mappings.2', message: 'Account_Name ↔ CustomerName is mapped twice (also row 0)' },
    ]);
    const still = await fx.call('GET', '/modules/Accounts/mappings', fx.adminToken);
    expect(still.body.isDefault).toBe(true);
  });

  it('stores filters and refuses unknown operators (422) and fields (422)', async () => {
    const op = await fx.call('PUT', '/modules/Vendors/filters', fx.adminToken, {
      filters: [{ side: 'sage', field: 'VendorName', operator: 'like', value: 'A%' }],
    });
    expectProblem(op, 422);
    expect(op.body.detail).toMatch(/^filters\.0\.operator/);
    const field = await fx.call('PUT', '/modules/Vendors/filters', fx.adminToken, {
      filters: [{ side: 'sage', field: 'Colour', operator: 'equals', value: 'red' }],
    });
    expectProblem(field, 422);
    expect(field.body.detail).toBe('filters.0.field: Sage has no field Colour');
    const list = await fx.call('PUT', '/modules/Vendors/filters', fx.adminToken, {
      filters: [{ side: 'sage', field: 'VendorName', operator: 'in', value: 'Acme' }],
    });
    expectProblem(list, 422);
    const ok = await fx.call('PUT', '/modules/Vendors/filters', fx.adminToken, {
      filters: [{ side: 'sage', field: 'VendorName', operator: 'starts_with', value: 'A' }],
    });
    expect(ok.status).toBe(200);
    const read = await fx.call('GET', '/modules/Vendors/filters', fx.adminToken);
    expect(read.body).toEqual({
      module: 'Vendors',
      filterMatch: 'all',
      filters: [{ side: 'sage', field: 'VendorName', operator: 'starts_with', value: 'A' }],
      presets: [], // Vendors has no catalog presets (Accounts has "exclude inactive")
    });
    const accounts = await fx.call('GET', '/modules/Accounts/filters', fx.adminToken);
    expect(accounts.body.presets).toEqual([
      {
        id: 'exclude_inactive',
        label: 'Exclude inactive customers',
        filters: [
          { side: 'sage', field: 'CustomerStatus', operator: 'not_equals', value: 'I' },
          { side: 'zoho', field: 'Sage_Inactive', operator: 'not_equals', value: true },
        ],
      },
    ]);
  });
});

describe('Sage connection', () => {
  it('shows the settings without secrets, keeps stored secrets on save, and tests both steps', async () => {
    const got = await fx.call('GET', '/connections/sage', fx.adminToken);
    expect(got.body).toMatchObject({
      configured: true,
      companyCode: 'ABC',
      timeZone: 'America/Chicago',
      passwordSet: true,
      agentTokenSet: true,
    });
    expect(JSON.stringify(got.body)).not.toMatch(/password"|agentToken"/);
    const stored = await fx.backend.repos.sageConnections.get(fx.tenantId);
    const put = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      endpointUrl: got.body.endpointUrl,
      companyCode: 'abc',
      username: got.body.username,
      timeZone: 'America/New_York',
      lengthProfile: '2023',
      agentUrl: got.body.agentUrl,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ companyCode: 'ABC', timeZone: 'America/New_York' });
    const after = await fx.backend.repos.sageConnections.get(fx.tenantId);
    expect([after?.password, after?.agentToken]).toEqual([stored?.password, stored?.agentToken]);
    expect(put.body.ebwsSessions).toBeNull();

    // The tenant's own eBWS seat count: kept when left out, null goes back to SAGE_EBWS_SESSIONS.
    const sageBody = {
      endpointUrl: got.body.endpointUrl,
      companyCode: 'ABC',
      username: got.body.username,
      timeZone: 'America/New_York',
      agentUrl: got.body.agentUrl,
    };
    const seats = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      ...sageBody,
      ebwsSessions: 6,
    });
    expect([seats.status, seats.body.ebwsSessions]).toEqual([200, 6]);
    const kept = await fx.call('PUT', '/connections/sage', fx.adminToken, sageBody);
    expect(kept.body.ebwsSessions).toBe(6);
    expect((await fx.backend.repos.sageConnections.get(fx.tenantId))?.ebwsSessions).toBe(6);
    // Out of range or not whole is a value refused (422); a string is the wrong type (400).
    for (const [bad, status] of [
      [0, 422],
      [65, 422],
      [2.5, 422],
      ['four', 400],
    ] as const) {
      const refused = await fx.call('PUT', '/connections/sage', fx.adminToken, {
        ...sageBody,
        ebwsSessions: bad,
      });
      expectProblem(refused, status);
      expect(refused.body.issues[0].path).toBe('ebwsSessions');
    }
    const cleared = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      ...sageBody,
      ebwsSessions: null,
    });
    expect(cleared.body.ebwsSessions).toBeNull();
    expect((await fx.backend.repos.sageConnections.get(fx.tenantId))?.ebwsSessions).toBeUndefined();

    const test = await fx.call('POST', '/connections/sage/test', fx.adminToken, {});
    expect(test.status).toBe(200);
    expect(test.body.ok).toBe(true);
    expect(test.body.steps.map((s: { step: string; ok: boolean }) => [s.step, s.ok])).toEqual([
      ['ebws', true],
      ['agent', true],
    ]);
    expect(test.body.steps[0].message).toMatch(/^Connected to Sage 100 company ABC as /);
    expect(test.body.steps[1].message).toMatch(/^The agent .* answers and can read Sage 100\.$/);
    const extra = await fx.call('POST', '/connections/sage/test', fx.adminToken, { deep: true });
    expectProblem(extra, 400);
    expect(extra.body.issues[0].path).toBe('deep');

    const zone = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      endpointUrl: got.body.endpointUrl,
      companyCode: 'ABC',
      username: 'u',
      timeZone: 'Chicago',
    });
    expectProblem(zone, 422);
    expect(zone.body.detail).toBe('timeZone: not an IANA time zone (like America/Chicago)');
    const secret = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      endpointUrl: 'ftp://sage.example',
      companyCode: 'ABC',
      username: 'u',
      timeZone: 'America/Chicago',
      password: 'hunter22',
    });
    expectProblem(secret, 422);
    expect(secret.body.detail).toMatch(/^endpointUrl:/);
    expect(JSON.stringify(secret.body)).not.toContain('hunter22');
    await fx.call('PUT', '/connections/sage', fx.adminToken, {
      ...Object.fromEntries(
        Object.entries(got.body).filter(([k]) =>
          [
            'endpointUrl',
            'companyCode',
            'username',
            'timeZone',
            'lengthProfile',
            'agentUrl',
          ].includes(k),
        ),
      ),
    });
  });
});
