import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { scopeGranted } from './scopes.js';
import { startZohoSimulator, type ZohoSimulator } from './server.js';

/** The simulator's wire behaviour, by raw HTTP, as Zoho answers. */
describe('Zoho simulator', () => {
  let sim: ZohoSimulator;
  let orgId: string;
  let userId: string;
  let token: string;
  const REDIRECT = 'http://127.0.0.1:9/cb';

  const form = (body: Record<string, string>) => ({
    method: 'POST',
    body: new URLSearchParams(body),
  });
  const refresh = (rt: string, base = sim.url) =>
    fetch(
      `${base}/oauth/v2/token`,
      form({
        grant_type: 'refresh_token',
        client_id: 'c1',
        client_secret: 's1',
        refresh_token: rt,
      }),
    ).then((r) => r.json() as Promise<Record<string, unknown>>);
  const crm = (path: string, init: RequestInit = {}) =>
    fetch(`${sim.url}/crm/v8${path}`, {
      ...init,
      headers: {
        authorization: `Zoho-oauthtoken ${token}`,
        'content-type': 'application/json',
        ...init.headers,
      },
    });

  beforeEach(async () => {
    sim = await startZohoSimulator();
    sim.admin.registerClient({ clientId: 'c1', clientSecret: 's1', redirectUris: [REDIRECT] });
    orgId = sim.admin.createOrg({ companyName: 'Sim Org' }).id;
    userId = sim.admin.createUser(orgId, { email: 'a@sim.example', profile: 'Administrator' }).id;
    token = String(
      (await refresh(sim.admin.mintRefreshToken(orgId, userId, { clientId: 'c1' }))).access_token,
    );
  });
  afterEach(async () => sim.close());

  it('shows a consent screen in sandbox mode and redirects with a code or access_denied', async () => {
    const withScreen = await startZohoSimulator({ consentScreen: true });
    try {
      withScreen.admin.registerClient({
        clientId: 'c1',
        clientSecret: 's1',
        redirectUris: [REDIRECT],
      });
      const org = withScreen.admin.createOrg({ companyName: 'Screen Org', dc: 'in' });
      const u = withScreen.admin.createUser(org.id, {
        email: 'x@y.example',
        fullName: 'Xena',
        profile: 'Administrator',
      });
      const q = `client_id=c1&response_type=code&scope=ZohoCRM.org.READ&redirect_uri=${encodeURIComponent(REDIRECT)}&state=st&access_type=offline`;
      const page = await fetch(`${withScreen.url}/oauth/v2/auth?${q}`);
      expect(await page.text()).toContain('Xena (Administrator, Screen Org)');
      const accept = await fetch(`${withScreen.url}/oauth/v2/auth/consent?${q}`, {
        ...form({ user_id: u.id, decision: 'accept' }),
        redirect: 'manual',
      });
      const to = new URL(accept.headers.get('location')!);
      expect([
        to.searchParams.get('state'),
        to.searchParams.get('location'),
        to.searchParams.get('accounts-server'),
      ]).toEqual(['st', 'in', withScreen.baseFor('in')]);
      const deny = await fetch(`${withScreen.url}/oauth/v2/auth/consent?${q}`, {
        ...form({ user_id: u.id, decision: 'deny' }),
        redirect: 'manual',
      });
      expect(new URL(deny.headers.get('location')!).searchParams.get('error')).toBe(
        'access_denied',
      );
      const code = to.searchParams.get('code')!;
      // A code is only good at its own data centre's accounts server, and only once.
      const wrongDc = await fetch(
        `${withScreen.url}/oauth/v2/token`,
        form({
          grant_type: 'authorization_code',
          client_id: 'c1',
          client_secret: 's1',
          redirect_uri: REDIRECT,
          code,
        }),
      );
      expect(await wrongDc.json()).toEqual({ error: 'invalid_code' });
    } finally {
      await withScreen.close();
    }
  });

  it('answers token errors as Zoho does: HTTP 200 with an error, 400 past 10 tokens in 10 minutes', async () => {
    expect(await refresh('1000.unknown')).toEqual({ error: 'invalid_code' });
    const bad = await fetch(
      `${sim.url}/oauth/v2/token`,
      form({
        grant_type: 'refresh_token',
        client_id: 'c1',
        client_secret: 'wrong',
        refresh_token: 'x',
      }),
    );
    expect([bad.status, await bad.json()]).toEqual([200, { error: 'invalid_client' }]);
    const rt = sim.admin.mintRefreshToken(orgId, userId, { clientId: 'c1' });
    for (let i = 0; i < 10; i++) expect((await refresh(rt)).access_token).toBeTypeOf('string');
    const eleventh = await fetch(
      `${sim.url}/oauth/v2/token`,
      form({
        grant_type: 'refresh_token',
        client_id: 'c1',
        client_secret: 's1',
        refresh_token: rt,
      }),
    );
    expect(eleventh.status).toBe(400);
    expect(await eleventh.json()).toMatchObject({ error: 'Access Denied' });
    sim.admin.advanceClock(10 * 60_000 + 1);
    expect((await refresh(rt)).api_domain).toBe(sim.url);
    expect((await fetch(`${sim.url}/oauth/v2/auth?client_id=nope`)).status).toBe(400);
  });

  it('uses numeric-string ids and Zoho date-times, and enforces fields, per_page and the 2,000 page cap', async () => {
    sim.admin.seedRecords(orgId, 'Accounts', [
      { Account_Name: 'One', Modified_Time: '2026-05-01T10:00:00.123Z' },
    ]);
    const list = await (await crm('/Accounts?fields=Account_Name,Modified_Time')).json();
    expect(list.data[0].id).toMatch(/^\d{19}$/);
    // The org is in America/Chicago: Zoho stamps times in the org's offset.
    expect(list.data[0].Modified_Time).toBe('2026-05-01T05:00:00-05:00');
    expect((await (await crm('/Accounts')).json()).code).toBe('REQUIRED_PARAM_MISSING');
    expect((await crm('/Accounts?fields=Account_Name&per_page=201')).status).toBe(400);
    const capped = await crm('/Accounts?fields=Account_Name&page=11&per_page=200');
    expect([capped.status, await capped.json()]).toEqual([
      400,
      {
        code: 'DISCRETE_PAGINATION_LIMIT_EXCEEDED',
        details: { limit: 2000 },
        message: 'You can only get the first 2000 records without using page_token param',
        status: 'error',
      },
    ]);
    expect((await crm('/Contacts?fields=Last_Name')).status).toBe(204);
    expect(
      (
        await crm('/Accounts?fields=Account_Name', {
          headers: { 'If-Modified-Since': '2026-06-01T00:00:00+00:00' },
        })
      ).status,
    ).toBe(304);
  });

  it('reads an unticked checkbox as false, never null: new records, cleared boxes, added fields', async () => {
    const [before] = sim.admin.seedRecords(orgId, 'Accounts', [{ Account_Name: 'Before' }]);
    expect(
      sim.admin.addCustomFields(orgId, 'Accounts', [
        { field_label: 'On Hold Flag', data_type: 'boolean' },
      ]),
    ).toEqual(['On_Hold_Flag']);
    const created = await crm('/Accounts', {
      method: 'POST',
      body: JSON.stringify({
        data: [{ Account_Name: 'After' }, { Account_Name: 'Cleared', On_Hold_Flag: null }],
      }),
    });
    expect(created.status).toBe(201);
    const list = await (await crm('/Accounts?fields=Account_Name,On_Hold_Flag')).json();
    const rows = list.data.map((r: Record<string, unknown>) => [r.Account_Name, r.On_Hold_Flag]);
    expect(rows.sort()).toEqual([
      ['After', false],
      ['Before', false],
      ['Cleared', false],
    ]);
    // So a search for unticked boxes finds them, as Zoho's does.
    const search = await (
      await crm('/Accounts/search?criteria=(On_Hold_Flag:equals:false)&fields=Account_Name')
    ).json();
    expect(search.data.map((r: { id: string }) => r.id)).toContain(before);
    expect(search.data).toHaveLength(3);
  });

  it('answers writes with 201, 207 or 400 per the records, and refuses more than 100', async () => {
    expect(
      (
        await crm('/Accounts', {
          method: 'POST',
          body: JSON.stringify({ data: [{ Account_Name: 'A' }] }),
        })
      ).status,
    ).toBe(201);
    const partial = await crm('/Accounts', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Account_Name: 'B' }, { Phone: '1' }] }),
    });
    expect(partial.status).toBe(207);
    const none = await crm('/Accounts', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Phone: '1' }] }),
    });
    expect([none.status, (await none.json()).data[0].code]).toEqual([400, 'MANDATORY_NOT_FOUND']);
    const tooMany = await crm('/Accounts/upsert', {
      method: 'POST',
      body: JSON.stringify({
        data: Array.from({ length: 101 }, (_, i) => ({ Account_Name: `n${i}` })),
      }),
    });
    expect([tooMany.status, (await tooMany.json()).code]).toEqual([400, 'LIMIT_EXCEEDED']);
    const lookup = await crm('/Contacts', {
      method: 'POST',
      body: JSON.stringify({ data: [{ Last_Name: 'L', Account_Name: { id: '1' } }] }),
    });
    expect((await lookup.json()).data[0]).toMatchObject({
      code: 'INVALID_DATA',
      details: { api_name: 'Account_Name' },
    });
  });

  it('answers 429 past the credit limit and past the concurrency limit, and 401 on the wrong data centre', async () => {
    sim.admin.setConcurrencyLimit(orgId, 1);
    sim.faults.add({ kind: 'delay', ms: 100, times: 1 });
    const [slow, second] = await Promise.all([
      crm('/org'),
      new Promise((r) => setTimeout(r, 30)).then(() => crm('/org')),
    ]);
    expect([slow.status, second.status]).toEqual([200, 429]);
    sim.admin.setCreditLimit(orgId, sim.admin.stats(orgId).creditsUsed + 1);
    expect((await crm('/org')).status).toBe(200);
    const out = await crm('/org');
    expect([out.status, (await out.json()).code]).toEqual([429, 'TOO_MANY_REQUESTS']);
    const eu = await fetch(`${sim.baseFor('eu')}/crm/v8/org`, {
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    expect([eu.status, (await eu.json()).code]).toEqual([401, 'INVALID_TOKEN']);
  });

  it('a steady latency holds the slot on every call, survives clearing faults, and is set over /__sim/latency', async () => {
    sim.admin.setConcurrencyLimit(orgId, 1);
    sim.faults.setLatency(150);
    const pair = () =>
      Promise.all([
        crm('/org'),
        new Promise((r) => setTimeout(r, 30)).then(() => crm('/org')),
      ]).then((answers) => answers.map((a) => a.status));
    expect(await pair()).toEqual([200, 429]);
    sim.faults.clear();
    // Not a one-off: the next pair collides the same way.
    expect(await pair()).toEqual([200, 429]);
    const set = (body: unknown) =>
      fetch(`${sim.url}/__sim/latency`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await set({ ms: 0 })).status).toBe(204);
    expect(sim.faults.latencyMs).toBe(0);
    const bad = await set({ ms: -1 });
    expect([bad.status, (await bad.json()).error]).toEqual([
      400,
      'latency must be >= 0 ms, got -1',
    ]);
    const missing = await set({});
    expect([missing.status, (await missing.json()).error]).toEqual([
      400,
      'ms must be a number of milliseconds',
    ]);
    expect(sim.faults.latencyMs).toBe(0);
  });

  it('checks OAuth scopes per endpoint, with ALL and WRITE covering what is below them', async () => {
    expect(scopeGranted(['ZohoCRM.modules.ALL'], 'ZohoCRM.modules.salesorders.CREATE')).toBe(true);
    expect(scopeGranted(['ZohoCRM.settings.ALL'], 'ZohoCRM.settings.fields.CREATE')).toBe(true);
    expect(scopeGranted(['ZohoCRM.settings.fields.READ'], 'ZohoCRM.settings.fields.CREATE')).toBe(
      false,
    );
    expect(
      scopeGranted(['ZohoCRM.modules.accounts.WRITE'], 'ZohoCRM.modules.accounts.UPDATE'),
    ).toBe(true);
    expect(scopeGranted(['ZohoCRM.modules.accounts.ALL'], 'ZohoCRM.modules.contacts.READ')).toBe(
      false,
    );
    const narrow = sim.admin.mintRefreshToken(orgId, userId, {
      clientId: 'c1',
      scope: 'ZohoCRM.users.READ,ZohoCRM.org.READ',
    });
    token = String((await refresh(narrow)).access_token);
    expect((await crm('/org')).status).toBe(200);
    const denied = await crm('/Accounts?fields=Account_Name');
    expect([denied.status, await denied.json()]).toEqual([
      401,
      { code: 'OAUTH_SCOPE_MISMATCH', details: {}, message: 'Unauthorized', status: 'error' },
    ]);
  });

  it('serves the test-only admin API over HTTP', async () => {
    const post = (path: string, body: unknown) =>
      fetch(`${sim.url}/__sim${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then((r) => r.json());
    const org = await post('/orgs', { company_name: 'Via HTTP', dc: 'jp', edition: 'standard' });
    expect(org).toMatchObject({ dc: 'jp', apiDomain: sim.baseFor('jp') });
    const user = await post(`/orgs/${org.id}/users`, {
      email: 'h@http.example',
      profile: 'Administrator',
    });
    const { refresh_token } = await post(`/orgs/${org.id}/users/${user.id}/refresh-tokens`, {
      client_id: 'c1',
    });
    expect((await refresh(refresh_token, sim.baseFor('jp'))).access_token).toBeTypeOf('string');
    const { ids } = await post(`/orgs/${org.id}/records/Vendors`, {
      records: [{ Vendor_Name: 'V1' }],
    });
    const listed = await (await fetch(`${sim.url}/__sim/orgs/${org.id}/records/Vendors`)).json();
    expect(
      listed.records.map((r: { id: string; Vendor_Name: string }) => [r.id, r.Vendor_Name]),
    ).toEqual([[ids[0], 'V1']]);
    const bad = await fetch(`${sim.url}/__sim/orgs/nope/records/Vendors`);
    expect(bad.status).toBe(400);
  });

  it('answers bad input to either API with a JSON error, never an HTML stack page', async () => {
    const raw = (path: string, body: string, headers: Record<string, string> = {}) =>
      fetch(`${sim.url}${path}`, { method: 'POST', headers, body }).then(async (r) => ({
        status: r.status,
        type: r.headers.get('content-type') ?? '',
        body: await r.text(),
      }));
    const json = { 'content-type': 'application/json' };
    // A test-only body is read as JSON whatever its Content-Type, as the CRM's is (curl -d).
    const minted = await raw(
      `/__sim/orgs/${orgId}/users/${userId}/refresh-tokens`,
      JSON.stringify({ client_id: 'c1' }),
    );
    expect(minted.status).toBe(200);
    expect(JSON.parse(minted.body).refresh_token).toMatch(/^1000\./);
    const refused = [
      await raw(`/__sim/orgs/${orgId}/records/Accounts`, '{"records":', json),
      await raw(`/__sim/orgs/${orgId}/records/Accounts`, 'null', json),
      await raw(`/__sim/orgs/${orgId}/records/Accounts`, '{"records":"x"}', json),
      await raw(`/__sim/orgs/${orgId}/records/Accounts`, '{"records":[1,null]}', json),
      await raw('/__sim/faults', '{"kind":"nope","times":1}', json),
      await raw('/__sim/faults', '{"kind":"status","status":418,"times":1}', json),
      await raw('/__sim/faults', '{"kind":"delay","ms":-5,"times":1}', json),
    ];
    for (const r of refused) {
      expect(r.status, r.body).toBe(400);
      expect(r.type, r.body).toContain('application/json');
      expect(JSON.parse(r.body).error, r.body).toMatch(/^(the body|records|fault)/);
    }
    expect(refused.map((r) => JSON.parse(r.body).error)).toEqual([
      expect.stringMatching(/^the body is not JSON/),
      expect.stringMatching(/^the body is not JSON: .*"null" is not valid JSON/),
      'records must be a list of records (objects of field values)',
      'records must be a list of records (objects of field values)',
      expect.stringMatching(/^fault: /),
      expect.stringMatching(/^fault: /),
      expect.stringMatching(/^fault: /),
    ]);
    const unknownKind = await raw('/__sim/faults', '{"kind":"nope","times":1}', json);
    expect(JSON.parse(unknownKind.body).error).toContain('kind');
    // The CRM answers a body that is not JSON as Zoho answers invalid input.
    const crmBad = await crm('/Accounts', { method: 'POST', body: '{"data":' });
    expect(crmBad.status).toBe(400);
    expect(await crmBad.json()).toMatchObject({ code: 'INVALID_DATA', status: 'error' });
  });
});
