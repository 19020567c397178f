import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The settings tab's own routes over HTTP on the sandbox (simulated Zoho CRM with 2 accounts and
 * 1 contact, simulated Sage 100 with 25 customers): field lists, reset, one-record preview, filter
 * counts, the Zoho org, Test Connection's check list, CSV export, activity, health, bulk confirm.
 */

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  if (on.status !== 200) throw new Error(`enabling Accounts: ${on.status}`);
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

const expectProblem = (res: { status: number; type: string }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/problem\+json/);
};

describe('field lists', () => {
  it("lists the org's Zoho fields (custom ones included) and Sage's with lengths and keys", async () => {
    const res = await fx.call('GET', '/modules/Accounts/fields', fx.adminToken);
    expect(res.status).toBe(200);
    expect(res.body.zoho.from).toBe('zoho');
    const name = res.body.zoho.fields.find(
      (f: { apiName: string }) => f.apiName === 'Account_Name',
    );
    expect(name).toMatchObject({ label: 'Account Name', custom: false, mandatory: true });
    const key = res.body.zoho.fields.find((f: { apiName: string }) => f.apiName === 'Sage_Key');
    expect(key).toMatchObject({ custom: true });
    expect(res.body.sage.lengthProfile).toBe('2023');
    const customerNo = res.body.sage.fields.find((f: { name: string }) => f.name === 'CustomerNo');
    expect(customerNo).toMatchObject({ key: true });
    const sageName = res.body.sage.fields.find((f: { name: string }) => f.name === 'CustomerName');
    expect(sageName.length).toBeGreaterThan(0);
  });

  it('refuses a rep (403) and an unknown module (404)', async () => {
    expectProblem(await fx.call('GET', '/modules/Accounts/fields', fx.repToken), 403);
    expectProblem(await fx.call('GET', '/modules/Leads/fields', fx.adminToken), 404);
  });
});

describe('mapping reset and preview', () => {
  it('resets saved mappings to the defaults', async () => {
    const defaults = (await fx.call('GET', '/modules/Accounts/mappings', fx.adminToken)).body;
    expect(defaults.isDefault).toBe(true);
    const saved = await fx.call('PUT', '/modules/Accounts/mappings', fx.adminToken, {
      mappings: defaults.mappings.slice(0, 2),
    });
    expect(saved.body).toMatchObject({ isDefault: false });
    expect(saved.body.mappings).toHaveLength(2);
    const reset = await fx.call('POST', '/modules/Accounts/mappings/reset', fx.adminToken, {});
    expect(reset.status).toBe(200);
    expect(reset.body).toMatchObject({ isDefault: true, mappings: defaults.mappings });
    const after = await fx.call('GET', '/modules/Accounts/mappings', fx.adminToken);
    expect(after.body).toEqual(defaults);
    expectProblem(
      await fx.call('POST', '/modules/Accounts/mappings/reset', fx.adminToken, { all: true }),
      400,
    );
  });

  it('previews one Zoho record as a dry run: its field values, and nothing written', async () => {
    const bakery = await fx.zohoIdOf('Accounts', 'Account_Name', 'Bay Area Bakeries');
    const res = await fx.call('POST', '/modules/Accounts/mappings/preview', fx.adminToken, {
      zohoId: bakery,
    });
    expect(res.status).toBe(200);
    expect(res.body.ref).toEqual({ side: 'zoho', id: bakery });
    expect(res.body.report).toMatchObject({ dryRun: true, module: 'Accounts' });
    const [record] = res.body.report.records;
    expect(record).toMatchObject({ zohoId: bakery, action: 'created', direction: 'zoho_to_sage' });
    expect(record.changes).toContainEqual(
      expect.objectContaining({
        field: 'sage.CustomerName',
        before: null,
        after: 'Bay Area Bakeries',
      }),
    );
    expect(await fx.backend.repos.links.count(fx.tenantId, 'Accounts', 'linked')).toBe(0);
  });

  it('says what is wrong with a preview request', async () => {
    const both = await fx.call('POST', '/modules/Accounts/mappings/preview', fx.adminToken, {
      zohoId: '1',
      sageKey: '01-ABC',
    });
    expectProblem(both, 422);
    expect(both.body.detail).toBe('zohoId: give either zohoId or sageKey');
    const gl = await fx.call('POST', '/modules/GL_Accounts/mappings/preview', fx.adminToken, {
      zohoId: '123',
    });
    expectProblem(gl, 422);
    expect(gl.body.detail).toMatch(/preview a Sage key/);
    const missing = await fx.call('POST', '/modules/Accounts/mappings/preview', fx.adminToken, {
      zohoId: '4242424242',
    });
    expect(missing.status).toBe(200);
    expect(missing.body.report.records[0]).toMatchObject({
      action: 'failed',
      reason: 'Zoho has no Accounts record 4242424242',
    });
  });
});

describe('filter counts', () => {
  it('counts what the criteria let through on each side, with the engine’s operators', async () => {
    const none = await fx.call('POST', '/modules/Accounts/filters/count', fx.adminToken, {
      filters: [],
    });
    expect(none.status).toBe(200);
    expect(none.body.sides).toEqual([
      { side: 'sage', total: 25, passing: 25, truncated: false },
      { side: 'zoho', total: 3, passing: 3, truncated: false },
    ]);
    const some = await fx.call('POST', '/modules/Accounts/filters/count', fx.adminToken, {
      filterMatch: 'any',
      filters: [
        { side: 'zoho', field: 'Account_Name', operator: 'starts_with', value: 'bay' },
        { side: 'sage', field: 'CustomerName', operator: 'equals', value: 'No Such Customer' },
      ],
    });
    expect(some.body.filterMatch).toBe('any');
    expect(some.body.sides).toEqual([
      { side: 'sage', total: 25, passing: 0, truncated: false },
      { side: 'zoho', total: 3, passing: 1, truncated: false },
    ]);
  });

  it('refuses unknown fields and mismatched values on their row (422)', async () => {
    const res = await fx.call('POST', '/modules/Accounts/filters/count', fx.adminToken, {
      filters: [
        { side: 'zoho', field: 'Account_Name', operator: 'equals', value: 'x' },
        { side: 'sage', field: 'ShoeSize', operator: 'equals', value: '9' },
        { side: 'zoho', field: 'Phone', operator: 'in', value: '312' },
      ],
    });
    expectProblem(res, 422);
    expect(res.body.issues).toEqual([
      { path: 'filters.1.field', message: 'Sage has no field ShoeSize' },
      { path: 'filters.2.value', message: 'in takes a list' },
    ]);
    expectProblem(
      await fx.call('POST', '/modules/Accounts/filters/count', fx.adminToken, {
        filters: [{ side: 'zoho', field: 'Phone', operator: 'like', value: '1' }],
      }),
      422,
    );
  });
});

describe('filters that order values', () => {
  it('refuses a value greater_than / less_than cannot compare, on its row (422)', async () => {
    const res = await fx.call('PUT', '/modules/Accounts/filters', fx.adminToken, {
      filters: [
        { side: 'zoho', field: 'Account_Name', operator: 'greater_than', value: null },
        { side: 'sage', field: 'CreditLimit', operator: 'less_than', value: '5,000' },
        { side: 'sage', field: 'CreditLimit', operator: 'greater_than', value: '1500.50' },
      ],
    });
    expectProblem(res, 422);
    expect(res.body.issues).toEqual([
      {
        path: 'filters.0.value',
        message: 'greater_than takes a number (1500.50) or a date (2026-01-31), not null',
      },
      {
        path: 'filters.1.value',
        message: 'less_than takes a number (1500.50) or a date (2026-01-31), not "5,000"',
      },
    ]);
    expect(await fx.backend.repos.mappings.listFilters(fx.tenantId, 'Accounts')).toEqual([]);
  });

  it('counts Zoho accounts created after a date (they were all filtered out)', async () => {
    const count = (value: string) =>
      fx.call('POST', '/modules/Accounts/filters/count', fx.adminToken, {
        filters: [{ side: 'zoho', field: 'Created_Time', operator: 'greater_than', value }],
      });
    const zohoSide = (res: { body: { sides: Array<{ side: string }> } }) =>
      res.body.sides.find((s) => s.side === 'zoho');
    expect(zohoSide(await count('2000-01-01'))).toMatchObject({ total: 3, passing: 3 });
    expect(zohoSide(await count('2999-01-01'))).toMatchObject({ total: 3, passing: 0 });
  });
});

describe('connections', () => {
  it('shows the connected Zoho org, its edition and who connected it', async () => {
    const res = await fx.call('GET', '/connections/zoho', fx.adminToken);
    expect(res.status).toBe(200);
    const tenant = (await fx.backend.repos.tenants.get(fx.tenantId))!;
    expect(res.body).toMatchObject({
      connected: true,
      orgId: tenant.zohoOrgId,
      orgName: tenant.name,
      edition: 'enterprise',
      vendorsAvailable: true,
      vendorsReason: null,
    });
    expect(res.body.connectedBy.name).toBeTruthy();
    expectProblem(await fx.call('GET', '/connections/zoho', fx.repToken), 403);
  });

  it('says Vendors needs Professional on a Standard org, and refuses to enable it', async () => {
    await fx.backend.repos.zohoConnections.setEdition(fx.tenantId, 'Standard');
    try {
      const view = await fx.call('GET', '/connections/zoho', fx.adminToken);
      expect(view.body.vendorsAvailable).toBe(false);
      expect(view.body.vendorsReason).toMatch(
        /Professional or above; this organisation has Standard/,
      );
      const on = await fx.call('PUT', '/modules/Vendors', fx.adminToken, {
        direction: 'sage_to_zoho',
      });
      expectProblem(on, 422);
      expect(on.body.code).toBe('edition_required');
      const modules = await fx.call('GET', '/modules', fx.adminToken);
      expect(modules.body.modules[3].settings.direction).toBe('disabled');
    } finally {
      await fx.backend.repos.zohoConnections.setEdition(fx.tenantId, 'enterprise');
    }
  });

  it('Test Connection lists every check; plain http is a warning', async () => {
    const res = await fx.call('POST', '/connections/sage/checks', fx.adminToken, {});
    expect(res.status).toBe(200);
    expect(res.body.checks.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([
      ['reachable', 'passed'],
      ['tls', 'warning'],
      ['logon', 'passed'],
      ['company', 'passed'],
      ['web_services', 'passed'],
      ['agent', 'passed'],
      ['agent_version', 'passed'],
      ['clock_skew', 'passed'],
    ]);
    expect(res.body.ok).toBe(true);
    expect(res.body.checks[1].fix).toMatch(/https/);
  });

  it('a wrong password fails logon with what to do, and skips what depends on it', async () => {
    const saved = (await fx.backend.repos.sageConnections.get(fx.tenantId))!;
    await fx.backend.repos.sageConnections.save({
      ...saved,
      password: 'wrong-password',
      agentUrl: 'http://127.0.0.1:9/agent',
    });
    try {
      const res = await fx.call('POST', '/connections/sage/checks', fx.adminToken, {});
      expect(res.body.ok).toBe(false);
      const byId = Object.fromEntries(
        res.body.checks.map((c: { id: string }) => [c.id, c]),
      ) as Record<string, { status: string; fix?: string; message: string }>;
      expect(byId.reachable!.status).toBe('passed');
      expect(byId.logon!.status).toBe('failed');
      expect(byId.logon!.fix).toMatch(/Enable Web Services/);
      expect(byId.company!.status).toBe('skipped');
      expect(byId.agent!.status).toBe('failed');
      expect(byId.agent!.message).toMatch(/127\.0\.0\.1:9/);
      expect(byId.clock_skew!.status).toBe('skipped');
    } finally {
      await fx.backend.repos.sageConnections.save(saved);
    }
  });
});

describe('log export, activity and health', () => {
  let runId: string;

  it('exports a run’s records as CSV', async () => {
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const synced = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
    expect(synced.body.action).toBe('created');
    runId = synced.body.report.runId;
    const res = await fetch(`${fx.backend.url}/api/v1/runs/${runId}/records.csv`, {
      headers: { authorization: `Bearer ${fx.adminToken}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="?Accounts-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.csv"?$/,
    );
    const text = await res.text();
    const lines = text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines[0]).toBe(
      'event_id,module,direction,action,zoho_id,sage_key,reason,changes,attempt,replay_of,created_at',
    );
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(`,Accounts,zoho_to_sage,created,${abf},${synced.body.sageKey},`);
    expect(lines[1]).toContain('sage.CustomerName: (empty) -> American Business Futures');
    expectProblem(await fx.call('GET', '/runs/nope/records.csv', fx.adminToken), 404);
    expectProblem(await fx.call('GET', `/runs/${runId}/records.csv`, fx.repToken), 403);
  });

  it('counts synced records per day and module, leaving dry runs out', async () => {
    const res = await fx.call('GET', '/activity?days=7', fx.adminToken);
    expect(res.status).toBe(200);
    expect(res.body.days).toHaveLength(7);
    expect(res.body.days[6]).toBe(new Date().toISOString().slice(0, 10));
    const accounts = res.body.modules.find((m: { module: string }) => m.module === 'Accounts');
    // The previews above were dry runs; only the one "Sync to Sage" counts.
    expect(accounts.synced).toEqual([0, 0, 0, 0, 0, 0, 1]);
    expect(accounts.failed).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expectProblem(await fx.call('GET', '/activity?days=0', fx.adminToken), 400);
    expectProblem(await fx.call('GET', '/activity?module=Leads', fx.adminToken), 400);
    const other = await fx.call('GET', '/activity', fx.otherTenantToken);
    expect(other.body.modules).toEqual([]);
  });

  it('reports the connections’ health and the last runs', async () => {
    const res = await fx.call('GET', '/health', fx.adminToken);
    expect(res.status).toBe(200);
    expect(res.body.zoho).toMatchObject({ connected: true });
    expect(res.body.zoho.creditsUsed24h).toBeGreaterThan(0);
    expect(res.body.sage).toMatchObject({ configured: true, agent: true });
    expect(res.body.sync.state).toBe('ok');
    expect(res.body.sync.lastSucceeded.id).toBe(runId);
    const other = await fx.call('GET', '/health', fx.otherTenantToken);
    expect(other.body).toMatchObject({ zoho: { connected: false }, sage: { configured: false } });
    // Its Zoho CRM is not connected: nothing is scheduled, and health says why.
    expect(other.body.sync.state).toBe('not_connected');
  });
});

describe('conflict per field', () => {
  it('takes a side per field, and says which field a choice leaves out', async () => {
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const link = (await fx.backend.repos.links.findByZohoId(fx.tenantId, 'Accounts', abf))!;
    const id = await fx.backend.repos.conflicts.open({
      tenantId: fx.tenantId,
      module: 'Accounts',
      linkId: link.id,
      zohoId: abf,
      sageKey: link.sageKey,
      fields: [
        { field: 'Phone ↔ TelephoneNo', zohoValue: '312-555-0100', sageValue: '(312) 555-0101' },
        { field: 'Billing_City ↔ City', zohoValue: 'Chicago', sageValue: 'Evanston' },
      ],
    });
    const partial = await fx.call('POST', `/conflicts/${id}/resolve-fields`, fx.adminToken, {
      fields: { 'Phone ↔ TelephoneNo': 'sage' },
    });
    expectProblem(partial, 422);
    expect(partial.body.code).toBe('invalid_choice');
    expect(partial.body.detail).toMatch(/choose a side for Billing_City ↔ City/);
    const bad = await fx.call('POST', `/conflicts/${id}/resolve-fields`, fx.adminToken, {
      fields: { 'Phone ↔ TelephoneNo': 'both' },
    });
    expectProblem(bad, 422);
    const done = await fx.call('POST', `/conflicts/${id}/resolve-fields`, fx.adminToken, {
      fields: { 'Phone ↔ TelephoneNo': 'sage', 'Billing_City ↔ City': 'zoho' },
    });
    expect(done.status).toBe(200);
    expect(done.body.report.status).toBe('succeeded');
    expect(done.body.conflict).toMatchObject({
      status: 'resolved',
      resolution: 'Phone ↔ TelephoneNo: sage; Billing_City ↔ City: zoho',
    });
    expectProblem(
      await fx.call('POST', '/conflicts/987654/resolve-fields', fx.adminToken, {
        fields: { a: 'zoho' },
      }),
      404,
    );
  });
});

describe('bulk confirm', () => {
  it('confirms the open proposals at or above a score, best first', async () => {
    const widget = await fx.zohoIdOf('Products', 'Product_Code', 'A-100');
    await fx.backend.repos.matchProposals.add([
      {
        tenantId: fx.tenantId,
        module: 'Products',
        zohoId: widget,
        sageKey: 'ITEM-90',
        score: 90,
        reasons: ['name'],
        summary: { zoho: {}, sage: {} },
      },
      {
        tenantId: fx.tenantId,
        module: 'Products',
        zohoId: widget,
        sageKey: 'ITEM-85',
        score: 85,
        reasons: ['name'],
        summary: { zoho: {}, sage: {} },
      },
      {
        tenantId: fx.tenantId,
        module: 'Products',
        zohoId: '999001',
        sageKey: 'ITEM-40',
        score: 40,
        reasons: ['zip'],
        summary: { zoho: {}, sage: {} },
      },
    ]);
    const open = (await fx.call('GET', '/matches?module=Products', fx.adminToken)).body.proposals;
    const idOf = (key: string) => open.find((p: { sageKey: string }) => p.sageKey === key).id;
    const res = await fx.call('POST', '/matches/confirm-above', fx.adminToken, {
      module: 'Products',
      minScore: 80,
    });
    expect(res.status).toBe(200);
    // ITEM-85 shared the Zoho record with ITEM-90, so confirming 90 closed it.
    expect(res.body.confirmed).toEqual([idOf('ITEM-90')]);
    expect(res.body.skipped).toEqual([
      { id: idOf('ITEM-85'), reason: expect.stringMatching(/already/) },
    ]);
    const left = (await fx.call('GET', '/matches?module=Products', fx.adminToken)).body.proposals;
    expect(left.map((p: { sageKey: string }) => p.sageKey)).toContain('ITEM-40');
    expectProblem(
      await fx.call('POST', '/matches/confirm-above', fx.adminToken, {
        module: 'Products',
        minScore: 0,
      }),
      422,
    );
  });
});
