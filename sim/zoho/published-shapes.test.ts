import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from './server.js';
import { accessTokenFor, TEST_CLIENT } from './testing.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
type Json = Record<string, any>;

/**
 * The simulator answers as Zoho's published v8 examples do (zoho/crm-oas): page tokens bound to
 * their request, the documented error codes, times in the org's offset, numeric ids, trials.
 */
describe('Zoho simulator, as the published examples answer', () => {
  let sim: ZohoSimulator;
  let orgId: string;
  let userId: string;
  let token: string;

  const accessToken = (org: string, user: string) => accessTokenFor(sim, org, user);
  const crm = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${sim.url}/crm/v8${path}`, {
      ...init,
      headers: {
        authorization: `Zoho-oauthtoken ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });
    const text = await res.text();
    return { status: res.status, body: text ? (JSON.parse(text) as Json) : {} };
  };

  beforeEach(async () => {
    sim = await startZohoSimulator();
    sim.admin.registerClient(TEST_CLIENT);
    orgId = sim.admin.createOrg({ companyName: 'Kolkata Org', timeZone: 'Asia/Kolkata' }).id;
    userId = sim.admin.createUser(orgId, { email: 'a@k.example', profile: 'Administrator' }).id;
    token = await accessToken(orgId, userId);
  });
  afterEach(async () => sim.close());

  it('binds a page token to the request that issued it', async () => {
    sim.admin.seedRecords(
      orgId,
      'Accounts',
      Array.from({ length: 7 }, (_, i) => ({ Account_Name: `A${i}` })),
    );
    const q = 'fields=Account_Name&per_page=2&sort_by=Modified_Time&sort_order=asc';
    const since = { 'If-Modified-Since': '2020-01-01T00:00:00+00:00' };
    const first = await crm(`/Accounts?${q}&page=1`, { headers: since });
    const pageToken = first.body.info.next_page_token as string;
    expect(first.body.info.page_token_expiry).toMatch(/\+05:30$/);
    const mismatch = {
      code: 'TOKEN_BOUND_DATA_MISMATCH',
      details: { param_name: 'page_token' },
      message:
        'The page_token given seems to be invalid or input param is added or altered or deleted',
      status: 'error',
    };
    // Dropped sort, changed fields, added parameter, dropped header, unknown token: all refused.
    for (const [path, headers] of [
      [`/Accounts?fields=Account_Name&per_page=2&page_token=${pageToken}`, since],
      [`/Accounts?${q.replace('Account_Name', 'Phone')}&page_token=${pageToken}`, since],
      [`/Accounts?${q}&cvid=1&page_token=${pageToken}`, since],
      [`/Accounts?${q}&page_token=${pageToken}`, {}],
      [`/Accounts?${q}&page_token=abc`, since],
    ] as const) {
      expect(await crm(path, { headers })).toEqual({ status: 400, body: mismatch });
    }
    const second = await crm(`/Accounts?${q}&page_token=${pageToken}`, { headers: since });
    expect(second.status).toBe(200);
    expect(second.body.data.map((r: { Account_Name: string }) => r.Account_Name)).toEqual([
      'A2',
      'A3',
    ]);
    sim.admin.advanceClock(24 * 3600_000 + 1000);
    token = await accessToken(orgId, userId);
    expect(await crm(`/Accounts?${q}&page_token=${pageToken}`, { headers: since })).toEqual({
      status: 400,
      body: {
        code: 'EXPIRED_VALUE',
        details: { api_name: 'page_token', json_path: '$.query.page_token' },
        message: 'Page token expired',
        status: 'error',
      },
    });
  });

  it('stops a page-token read at the pagination limit with PAGINATION_LIMIT_EXCEEDED', async () => {
    sim.store.pageTokenLimit = 4;
    sim.admin.seedRecords(
      orgId,
      'Accounts',
      Array.from({ length: 9 }, (_, i) => ({ Account_Name: `A${i}` })),
    );
    const q = 'fields=Account_Name&per_page=2';
    let page = await crm(`/Accounts?${q}&page=1`);
    page = await crm(`/Accounts?${q}&page_token=${page.body.info.next_page_token}`);
    page = await crm(`/Accounts?${q}&page_token=${page.body.info.next_page_token}`);
    expect(page).toEqual({
      status: 400,
      body: {
        code: 'PAGINATION_LIMIT_EXCEEDED',
        details: { param_name: 'page_token' },
        message: 'You can only get upto 4 records using page_token param',
        status: 'error',
      },
    });
  });

  it("stamps Modified_Time, deleted_time and write results in the org's offset", async () => {
    const [id] = sim.admin.seedRecords(orgId, 'Accounts', [
      { Account_Name: 'Old', Modified_Time: '2026-03-01T12:00:00Z' },
    ]);
    const listed = await crm('/Accounts?fields=Account_Name,Modified_Time');
    expect(listed.body.data[0].Modified_Time).toBe('2026-03-01T17:30:00+05:30');
    const written = await crm('/Accounts', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Account_Name: 'New' }] }),
    });
    expect(written.body.data[0].details.Modified_Time).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+05:30$/,
    );
    await crm(`/Accounts?ids=${id}`, { method: 'DELETE' });
    const deleted = await crm('/Accounts/deleted');
    expect(deleted.body.data[0].deleted_time).toMatch(/\+05:30$/);
    const at = Date.parse(deleted.body.data[0].deleted_time as string);
    expect(Math.abs(at - sim.store.now())).toBeLessThan(2000);
  });

  it('refuses COQL without WHERE as Zoho does', async () => {
    expect(
      await crm('/coql', {
        method: 'POST',
        body: JSON.stringify({ select_query: 'select Account_Name from Accounts limit 10' }),
      }),
    ).toEqual({
      status: 400,
      body: {
        code: 'SYNTAX_ERROR',
        details: { clause: 'where' },
        message: 'missing clause',
        status: 'error',
      },
    });
  });

  it('reports several field errors on one record as MULTIPLE_OR_MULTI_ERRORS', async () => {
    const res = await crm('/Contacts', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Email: 'not-an-email' }] }),
    });
    expect(res.status).toBe(400);
    expect(res.body.data[0]).toEqual({
      code: 'MULTIPLE_OR_MULTI_ERRORS',
      details: {
        errors: [
          expect.objectContaining({
            code: 'MANDATORY_NOT_FOUND',
            details: { api_name: 'Last_Name', json_path: '$.data[0].Last_Name' },
            status: 'error',
          }),
          expect.objectContaining({
            code: 'INVALID_DATA',
            details: expect.objectContaining({ api_name: 'Email', json_path: '$.data[0].Email' }),
            status: 'error',
          }),
        ],
      },
      message: 'Multiple errors in the request',
      status: 'error',
    });
  });

  it('sends `unique: {}` for ordinary fields and details DUPLICATE_DATA in full', async () => {
    const created = await crm('/settings/fields?module=Vendors', {
      method: 'POST',
      body: JSON.stringify({
        fields: [
          { field_label: 'Tax Code', data_type: 'text', unique: { case_sensitive: false } },
          { field_label: 'Plain', data_type: 'text', unique: {} },
        ],
      }),
    });
    expect(created.status).toBe(201);
    const fields = (await crm('/settings/fields?module=Vendors')).body.fields as Array<{
      api_name: string;
      unique: unknown;
    }>;
    const unique = Object.fromEntries(fields.map((f) => [f.api_name, f.unique]));
    expect(unique.Tax_Code).toEqual({ casesensitive: 'false' });
    expect(unique.Plain).toEqual({});
    expect(unique.Vendor_Name).toEqual({});
    const first = await crm('/Vendors', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Vendor_Name: 'V1', Tax_Code: 'T-1' }] }),
    });
    const existing = first.body.data[0].details.id as string;
    const dup = await crm('/Vendors', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Vendor_Name: 'V2', Tax_Code: 't-1' }] }),
    });
    const [admin] = [...sim.store.org(orgId).users.values()];
    expect(dup.body.data[0]).toEqual({
      code: 'DUPLICATE_DATA',
      details: {
        api_name: 'Tax_Code',
        duplicate_record: {
          Owner: { name: admin!.full_name, id: admin!.id, zuid: admin!.zuid },
          module: { api_name: 'Vendors', id: expect.stringMatching(/^\d+$/) },
          id: existing,
        },
        json_path: '$.data[0].Tax_Code',
        id: existing,
        more_records: false,
      },
      message: 'duplicate data',
      status: 'error',
    });
  });

  it('gives users, profiles and roles numeric ids, and a trial org its trial limits', async () => {
    const users = (await crm('/users?type=AllUsers')).body.users as Json[];
    for (const u of users) {
      expect(u.id).toMatch(/^\d{10,19}$/);
      expect(u.profile.id).toMatch(/^\d{10,19}$/);
      expect(u.role.id).toMatch(/^\d{10,19}$/);
    }
    const trial = sim.admin.createOrg({ companyName: 'Trial', trial: 'enterprise' });
    const u = sim.admin.createUser(trial.id, { email: 't@t.example', profile: 'Administrator' });
    token = await accessToken(trial.id, u.id);
    const org = (await crm('/org')).body.org[0];
    expect(org.license_details).toMatchObject({
      paid: false,
      paid_type: 'free',
      trial_type: 'enterprise',
      trial_action: 'Update Evaluation',
    });
    expect(Date.parse(org.license_details.trial_expiry)).toBeGreaterThan(sim.store.now());
    expect(sim.store.org(trial.id).concurrencyLimit).toBe(20);
    const viaHttp = (await (
      await fetch(`${sim.url}/__sim/orgs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ company_name: 'H', trial: 'professional', time_zone: 'Asia/Tokyo' }),
      })
    ).json()) as { id: string };
    expect(sim.store.org(viaHttp.id)).toMatchObject({
      edition: 'free',
      trial: { edition: 'professional' },
      time_zone: 'Asia/Tokyo',
      concurrencyLimit: 15,
    });
  });

  it('has no Vendors below Professional (INVALID_MODULE, not listed), and a trial has them until it ends', async () => {
    const standard = sim.admin.createOrg({ companyName: 'Std', edition: 'standard' });
    const su = sim.admin.createUser(standard.id, {
      email: 's@s.example',
      profile: 'Administrator',
    });
    token = await accessToken(standard.id, su.id);
    const listed = async () =>
      ((await crm('/settings/modules')).body.modules as Json[]).map((m) => m.api_name);
    expect(await listed()).not.toContain('Vendors');
    expect(await listed()).toContain('Accounts');
    const read = await crm('/Vendors?fields=Vendor_Name');
    expect(read.status).toBe(400);
    expect(read.body).toMatchObject({ code: 'INVALID_MODULE', status: 'error' });
    const fields = await crm('/settings/fields?module=Vendors');
    expect(fields.body).toMatchObject({ code: 'INVALID_MODULE' });

    const trial = sim.admin.createOrg({ companyName: 'Trial', trial: 'professional' });
    const tu = sim.admin.createUser(trial.id, { email: 't@t.example', profile: 'Administrator' });
    token = await accessToken(trial.id, tu.id);
    expect(await listed()).toContain('Vendors');
    expect((await crm('/Vendors?fields=Vendor_Name')).status).toBe(204);
    sim.admin.advanceClock(16 * 24 * 3600_000);
    token = await accessToken(trial.id, tu.id);
    expect(await listed()).not.toContain('Vendors');
    expect((await crm('/Vendors?fields=Vendor_Name')).body).toMatchObject({
      code: 'INVALID_MODULE',
    });
  });

  it('takes a token request as multipart form-data, and a JSON body without Content-Type', async () => {
    const form = new FormData();
    form.append('grant_type', 'refresh_token');
    form.append('client_id', 'c1');
    form.append('client_secret', 's1');
    form.append('refresh_token', sim.admin.mintRefreshToken(orgId, userId, { clientId: 'c1' }));
    const res = await fetch(`${sim.url}/oauth/v2/token`, { method: 'POST', body: form });
    const granted = (await res.json()) as Record<string, unknown>;
    expect(granted).toMatchObject({ api_domain: sim.url, token_type: 'Bearer' });
    token = String(granted.access_token);
    const raw = await fetch(`${sim.url}/crm/v8/Accounts`, {
      method: 'POST',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
      body: new TextEncoder().encode(JSON.stringify({ data: [{ Account_Name: 'Untyped' }] })),
    });
    expect(raw.status).toBe(201);
    expect(sim.admin.records(orgId, 'Accounts').map((r) => r.Account_Name)).toEqual(['Untyped']);
  });

  it('answers an injected 429 with RATE_LIMIT_EXCEEDED and its retry_after', async () => {
    sim.faults.add({
      kind: 'status',
      status: 429,
      times: 1,
      code: 'RATE_LIMIT_EXCEEDED',
      retryAfterSeconds: 60,
    });
    expect(await crm('/org')).toEqual({
      status: 429,
      body: {
        code: 'RATE_LIMIT_EXCEEDED',
        details: { retry_after: 60 },
        message: 'Rate limit exceeded. Please retry after the specified time.',
        status: 'error',
      },
    });
  });
});
