import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from '../../../sim/zoho/server.js';
import { startBackend, type RunningBackend } from '../../composition.js';
import { parseConfig } from '../../config.js';
import { createLogger } from '../../logging.js';
import type { ChangeNotice } from '../../zoho/notification-channels.js';
import { freePort } from '../../../test/sandbox.js';

/**
 * The connect and sign-in flows end to end: browser steps by fetch, Zoho by the simulator, the
 * backend as `npm start` builds it (on SQLite; the repositories are tested on both engines).
 */

const CLIENT_ID = '1000.FLOWTEST';
const CLIENT_SECRET = 'flow-secret';
const WIDGET = 'https://1234abcd.zappsusercontent.com';
/** The extension's "Sync to Sage" popup: another location, another origin (ADR 0077). */
const POPUP = 'https://5678efgh.zappsusercontent.com';

describe('Zoho connect and sign-in over HTTP', () => {
  let sim: ZohoSimulator;
  let dir: string;
  let backend: RunningBackend;
  let base: string;
  let orgId: string;
  let adminId: string;
  let repId: string;

  beforeEach(async () => {
    sim = await startZohoSimulator();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const org = sim.admin.createOrg({
      companyName: 'Euro Widgets',
      dc: 'eu',
      edition: 'professional',
    });
    orgId = org.id;
    adminId = sim.admin.createUser(orgId, {
      email: 'ada@euro.example',
      profile: 'Administrator',
    }).id;
    repId = sim.admin.createUser(orgId, { email: 'sam@euro.example', profile: 'Standard' }).id;
    sim.admin.registerClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      redirectUris: [`${base}/oauth/zoho/callback`],
    });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoho-flow-'));
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      SECRET_KEY: 'a'.repeat(64),
      DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
      PUBLIC_URL: base,
      ZOHO_CLIENT_ID: CLIENT_ID,
      ZOHO_CLIENT_SECRET: CLIENT_SECRET,
      ZOHO_ACCOUNTS_URL: sim.accountsUrl,
      ZOHO_EXTRA_ACCOUNTS_SERVERS: `${sim.baseFor('eu')}`,
      WIDGET_ORIGINS: `${WIDGET},${POPUP}`,
      LOG_LEVEL: 'silent',
    });
    backend = await startBackend(config, createLogger('silent'));
  });
  afterEach(async () => {
    await backend.close();
    await sim.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs a flow as a browser would; returns the callback's status and page. */
  async function flow(
    path: string,
    asUser: string,
    tamper: (callback: URL, cookie: string) => [URL, string] = (u, c) => [u, c],
  ) {
    const withOrigin = path.includes('origin=')
      ? path
      : `${path}${path.includes('?') ? '&' : '?'}origin=${encodeURIComponent(WIDGET)}`;
    const startRes = await fetch(`${base}${withOrigin}`, { redirect: 'manual' });
    expect(startRes.status).toBe(302);
    const cookie = (startRes.headers.get('set-cookie') ?? '').split(';')[0]!;
    sim.admin.signInAs(asUser);
    const authRes = await fetch(startRes.headers.get('location')!, { redirect: 'manual' });
    expect(authRes.status).toBe(302);
    const [callback, sentCookie] = tamper(new URL(authRes.headers.get('location')!), cookie);
    const res = await fetch(callback, { headers: { cookie: sentCookie } });
    const html = await res.text();
    const token = /"token":"(s1\.[^"]+)"/.exec(html)?.[1];
    return { status: res.status, html, token, callback };
  }

  const api = (path: string, token: string | undefined, init: RequestInit = {}) =>
    fetch(`${base}${path}`, {
      ...init,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...init.headers },
    });

  it('connects an admin: tenant from Zoho, sealed grant on the org data centre, fields created, admin session', async () => {
    const start = await fetch(`${base}/oauth/zoho/connect?origin=${encodeURIComponent(WIDGET)}`, {
      redirect: 'manual',
    });
    const authorize = new URL(start.headers.get('location')!);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      access_type: 'offline',
      prompt: 'consent',
      redirect_uri: `${base}/oauth/zoho/callback`,
    });
    expect(start.headers.get('set-cookie')).toMatch(
      /^zs_oauth=[^;]+; Path=\/oauth\/zoho; HttpOnly; SameSite=Lax; Max-Age=600$/,
    );

    const signin = await fetch(`${base}/auth/zoho/start`, { redirect: 'manual' });
    const signinParams = new URL(signin.headers.get('location')!).searchParams;
    expect([
      signinParams.get('access_type'),
      signinParams.get('scope'),
      signinParams.get('prompt'),
    ]).toEqual(['online', 'ZohoCRM.users.READ,ZohoCRM.org.READ', null]);
    expect(authorize.searchParams.get('scope')).toContain('ZohoCRM.modules.ALL');

    const done = await flow(`/oauth/zoho/connect?origin=${encodeURIComponent(WIDGET)}`, adminId);
    expect(done.status).toBe(200);
    expect(done.html).toContain(`"${WIDGET}"`);
    expect(start.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    const page = await fetch(done.callback);
    expect(page.headers.get('cross-origin-opener-policy')).toBe('unsafe-none');
    expect(page.headers.get('content-security-policy')).toMatch(
      /script-src 'nonce-[A-Za-z0-9+/=]+'/,
    );
    const tenant = await backend.repos.tenants.findByZohoOrgId(orgId);
    expect(tenant?.name).toBe('Euro Widgets');
    const connection = await backend.repos.zohoConnections.get(tenant!.id);
    expect(connection).toMatchObject({
      dataCentre: 'eu',
      accountsServer: sim.baseFor('eu'),
      apiDomain: sim.baseFor('eu'),
      connectedByUserId: adminId,
      edition: 'professional',
    });
    expect(
      sim.admin
        .fields(orgId, 'Invoices')
        .filter((f) => f.custom_field)
        .map((f) => f.api_name),
    ).toEqual(['Sage_Key', 'Sage_Sync_Status', 'Sage_Last_Synced', 'Sage_Inactive', 'Deal']);
    const session = await (await api('/auth/session', done.token)).json();
    expect(session).toMatchObject({ tenantId: tenant!.id, userId: adminId, orgId, role: 'admin' });
    const status = await (await api('/api/zoho/connection', done.token)).json();
    expect(status).toMatchObject({ connected: true, dataCentre: 'eu', edition: 'professional' });
    // The stored grant works for the engine's client.
    expect((await backend.zoho.client!.forTenant(tenant!.id).metadata.getOrg()).id).toBe(orgId);
  });

  it('stays connected when the field check fails, and says so to the widget', async () => {
    sim.faults.add({ kind: 'invalid-token', times: 2, path: '/settings/fields' });
    const done = await flow('/oauth/zoho/connect', adminId);
    expect(done.status).toBe(200);
    expect(done.html).toContain('"fieldsChecked":false');
    const tenant = await backend.repos.tenants.findByZohoOrgId(orgId);
    expect(await backend.repos.zohoConnections.get(tenant!.id)).toBeDefined();
    const check = await api('/api/zoho/fields/check', done.token, { method: 'POST' });
    const report = await check.json();
    expect(report.modules.map((m: { created: string[] }) => m.created.length)).toEqual([
      5, 5, 4, 4, 5, 5, 1,
    ]);
    expect(report.glAccounts.present).toBe(false);
    expect(report.glAccounts.instructions).toContain('API name "GL_Accounts"');
  });

  it('refuses to connect a non-admin and revokes what Zoho granted', async () => {
    const done = await flow('/oauth/zoho/connect', repId);
    expect(done.status).toBe(403);
    expect(done.token).toBe(undefined);
    expect(await backend.repos.tenants.findByZohoOrgId(orgId)).toBe(undefined);
    expect(sim.admin.grantsOf(repId)).toEqual([{ revoked: true, scope: expect.any(String) }]);
    expect(done.html).toContain('"sage100-sync:failed"');
    expect(done.html).toContain('"not-admin"');
  });

  it('completes a state only once, only in the browser that started it, only from an allowed accounts server', async () => {
    const otherBrowser = await flow('/oauth/zoho/connect', adminId, (u) => [
      u,
      'zs_oauth=someone-else',
    ]);
    expect(otherBrowser.status).toBe(400);
    expect(otherBrowser.html).toContain('another browser');

    const forged = await flow('/oauth/zoho/connect', adminId, (u, c) => {
      u.searchParams.set('accounts-server', 'http://127.0.0.1:1');
      return [u, c];
    });
    expect(forged.status).toBe(400);
    expect(await backend.repos.tenants.findByZohoOrgId(orgId)).toBe(undefined);

    let replayUrl: URL | undefined;
    let replayCookie = '';
    const first = await flow('/oauth/zoho/connect', adminId, (u, c) => {
      replayUrl = new URL(u);
      replayCookie = c;
      return [u, c];
    });
    expect(first.status).toBe(200);
    const replay = await fetch(replayUrl!, { headers: { cookie: replayCookie } });
    expect(replay.status).toBe(400);
  });

  it('signs users in with their Zoho role, and ignores org or user ids the browser sends', async () => {
    await flow('/oauth/zoho/connect', adminId);
    const tenant = (await backend.repos.tenants.findByZohoOrgId(orgId))!;
    const other = sim.admin.createOrg({ companyName: 'Other Org' });
    const otherTenant = await backend.repos.tenants.create({
      zohoOrgId: other.id,
      name: 'Other Org',
    });

    const rep = await flow(
      `/auth/zoho/start?org_id=${other.id}&user_id=${adminId}`,
      repId,
      (u, c) => {
        u.searchParams.set('org_id', other.id);
        u.searchParams.set('user_id', adminId);
        return [u, c];
      },
    );
    expect(rep.status).toBe(200);
    const session = await (
      await api(`/auth/session?tenantId=${otherTenant.id}`, rep.token, {
        headers: { 'x-zoho-org-id': other.id, 'x-zoho-user-id': adminId },
      })
    ).json();
    expect(session).toMatchObject({ tenantId: tenant.id, orgId, userId: repId, role: 'user' });

    // A standard user may read status but not disconnect.
    expect((await api('/api/zoho/connection', rep.token)).status).toBe(200);
    const refused = await api('/api/zoho/disconnect', rep.token, { method: 'POST' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/problem\+json/);

    // A token whose claims were edited in the browser is worthless.
    const [v, payload, sig] = rep.token!.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    const forged = `${v}.${Buffer.from(JSON.stringify({ ...claims, tid: otherTenant.id, oid: other.id, role: 'admin' })).toString('base64url')}.${sig}`;
    expect((await api('/auth/session', forged)).status).toBe(401);
    expect((await api('/auth/session', undefined)).status).toBe(401);
  });

  it('hands the session only to the extension’s own widget origins, not to any Zoho-hosted page', async () => {
    await flow('/oauth/zoho/connect', adminId);
    const foreign = 'https://other99.zappsusercontent.com';
    const start = await fetch(`${base}/auth/zoho/start?origin=${encodeURIComponent(foreign)}`, {
      redirect: 'manual',
    });
    expect(start.status).toBe(400);
    expect(start.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await start.json()).title).toBe('Origin not allowed');
    const rep = await flow('/auth/zoho/start', repId);
    expect(rep.html).toContain(`, "${WIDGET}")`);
    expect(rep.html).not.toContain(foreign);
    const preflight = await fetch(`${base}/api/v1/modules`, {
      method: 'OPTIONS',
      headers: { origin: foreign, 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe(null);
  });

  it('signs in by a one-time code when the popup cannot post back: once, from the widget origin, in time', async () => {
    await flow('/oauth/zoho/connect', adminId);
    const rep = await flow('/auth/zoho/start', repId);
    const code = /id="signin-code"[^>]*>([A-Z0-9-]+)</.exec(rep.html)?.[1];
    expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{4}-[A-HJKMNP-TV-Z2-9]{4}$/);
    const redeem = (value: string, origin = WIDGET) =>
      fetch(`${base}/auth/zoho/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ code: value }),
      });
    // From another origin the code is refused and stays usable.
    expect((await redeem(code!, 'https://other99.zappsusercontent.com')).status).toBe(403);
    const ok = await redeem(code!.toLowerCase().replace('-', ' '));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('access-control-allow-origin')).toBe(WIDGET);
    const body = await ok.json();
    expect(body.role).toBe('user');
    const session = await (await api('/auth/session', body.token)).json();
    expect(session).toMatchObject({ orgId, userId: repId, role: 'user' });
    const again = await redeem(code!);
    expect(again.status).toBe(401);
    expect((await again.json()).detail).toMatch(/already used or has expired/);
    expect((await redeem('nonsense')).status).toBe(401);
    expect((await redeem('')).status).toBe(422);
  });

  it('hands a session to the same widget origin across a reload: once, within a minute, ending when the first does', async () => {
    await flow('/oauth/zoho/connect', adminId);
    const rep = await flow('/auth/zoho/start', repId);
    const first = await (await api('/auth/session', rep.token)).json();
    const handoff = (token: string | undefined, origin = WIDGET) =>
      fetch(`${base}/auth/session/handoff`, {
        method: 'POST',
        headers: { origin, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      });
    expect((await handoff(undefined)).status).toBe(401);
    expect((await handoff(rep.token, 'https://other99.zappsusercontent.com')).status).toBe(403);
    const given = await handoff(rep.token);
    expect(given.status).toBe(200);
    expect(given.headers.get('access-control-allow-origin')).toBe(WIDGET);
    const { code, expiresAt } = await given.json();
    expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{8}$/);
    const ttl = Date.parse(expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(50_000);
    expect(ttl).toBeLessThanOrEqual(60_000);
    const redeem = (origin = WIDGET) =>
      fetch(`${base}/auth/zoho/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ code }),
      });
    expect((await redeem('https://other99.zappsusercontent.com')).status).toBe(403);
    const ok = await redeem();
    expect(ok.status).toBe(200);
    const body = await ok.json();
    const second = await (await api('/auth/session', body.token)).json();
    expect(second).toMatchObject({ orgId, userId: repId, role: 'user' });
    // The new session ends when the one handed on does: a reload does not extend it.
    expect(Date.parse(second.expiresAt)).toBeLessThanOrEqual(Date.parse(first.expiresAt));
    expect(body.expiresAt).toBe(new Date(Date.parse(second.expiresAt)).toISOString());
    expect((await redeem()).status).toBe(401);
  });

  it('hands a session to another widget location that asked: for a widget origin only, redeemed there, passed on by a widget frame', async () => {
    await flow('/oauth/zoho/connect', adminId);
    const rep = await flow('/auth/zoho/start', repId);
    const handoff = (body: unknown) =>
      fetch(`${base}/auth/session/handoff`, {
        method: 'POST',
        headers: {
          origin: WIDGET,
          authorization: `Bearer ${rep.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
      });
    // Another vendor's frame asked: no code for it.
    const foreign = await handoff({ for: 'https://other99.zappsusercontent.com' });
    expect([foreign.status, (await foreign.json()).detail]).toEqual([
      403,
      'Sessions are handed on to the widget only: for must be a widget origin.',
    ]);
    expect((await handoff({ for: 42 })).status).toBe(400);
    const given = await handoff({ for: POPUP });
    expect(given.status).toBe(200);
    const { code } = await given.json();
    const redeem = (origin: string, offeredBy?: string) =>
      fetch(`${base}/auth/zoho/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ code, ...(offeredBy ? { offeredBy } : {}) }),
      });
    // Only as passed on by one of the widget's frames (refused before the code is spent)...
    const fromForeign = await redeem(POPUP, 'https://other99.zappsusercontent.com');
    expect([fromForeign.status, (await fromForeign.json()).title]).toEqual([
      403,
      'Code not from the widget',
    ]);
    const ok = await redeem(POPUP, WIDGET);
    expect(ok.status).toBe(200);
    const session = await (await api('/auth/session', (await ok.json()).token)).json();
    expect(session).toMatchObject({ orgId, userId: repId, role: 'user' });
    expect((await redeem(POPUP, WIDGET)).status).toBe(401);
    // ... and only at the origin it was asked for.
    const other = await (await handoff({ for: POPUP })).json();
    const elsewhere = await fetch(`${base}/auth/zoho/redeem`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: WIDGET },
      body: JSON.stringify({ code: other.code, offeredBy: WIDGET }),
    });
    expect(elsewhere.status).toBe(401);
  });

  it('makes users of a profile the admin lists admins at their next sign-in', async () => {
    const admin = await flow('/oauth/zoho/connect', adminId);
    const managerId = sim.admin.createUser(orgId, {
      email: 'mo@euro.example',
      profile: 'Sales Manager',
    }).id;
    expect(
      (await (await api('/auth/session', (await flow('/auth/zoho/start', managerId)).token)).json())
        .role,
    ).toBe('user');
    const put = (token: string | undefined, body: unknown) =>
      api('/api/zoho/admin-profiles', token, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const bad = await put(admin.token, { profiles: [''] });
    expect([bad.status, (await bad.json()).issues[0].path]).toEqual([422, 'profiles.0']);
    const ok = await put(admin.token, { profiles: ['Sales Manager'] });
    expect(await ok.json()).toEqual({ profiles: ['Sales Manager'], configured: ['Administrator'] });
    const manager = await flow('/auth/zoho/start', managerId);
    expect((await (await api('/auth/session', manager.token)).json()).role).toBe('admin');
    const rep = await flow('/auth/zoho/start', repId);
    expect((await put(rep.token, { profiles: ['Standard'] })).status).toBe(403);
  });

  it('tells a user whose org is not connected that an admin must connect first', async () => {
    const done = await flow('/auth/zoho/start', repId);
    expect(done.status).toBe(409);
    expect(done.html).toContain('not connected');
  });

  it('disconnects: revokes the refresh token at Zoho and forgets the connection', async () => {
    const done = await flow('/oauth/zoho/connect', adminId);
    const tenant = (await backend.repos.tenants.findByZohoOrgId(orgId))!;
    const refreshToken = (await backend.repos.zohoConnections.get(tenant.id))!.refreshToken;
    const res = await api('/api/zoho/disconnect', done.token, { method: 'POST' });
    expect(res.status).toBe(204);
    expect(sim.admin.isRevoked(refreshToken)).toBe(true);
    expect(await backend.repos.zohoConnections.get(tenant.id)).toBe(undefined);
    expect(await (await api('/api/zoho/connection', done.token)).json()).toEqual({
      connected: false,
    });
  });

  it('keeps the connection when Zoho cannot be reached to revoke, and answers problems for Zoho failures', async () => {
    const done = await flow('/oauth/zoho/connect', adminId);
    const tenant = (await backend.repos.tenants.findByZohoOrgId(orgId))!;
    sim.faults.add({ kind: 'invalid-token', times: 2 });
    const check = await api('/api/zoho/fields/check', done.token, { method: 'POST' });
    expect([check.status, (await check.json()).title]).toEqual([502, 'Zoho error']);
    await sim.close();
    const res = await api('/api/zoho/disconnect', done.token, { method: 'POST' });
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await backend.repos.zohoConnections.get(tenant.id)).toBeDefined();
    await backend.repos.zohoConnections.delete(tenant.id);
    backend.zoho.client!.forget(tenant.id);
    const gone = await api('/api/zoho/fields/check', done.token, { method: 'POST' });
    expect([gone.status, (await gone.json()).title]).toEqual([409, 'Zoho not connected']);
  });

  it('accepts notifications only with the channel token, and tells listeners which ids changed', async () => {
    await flow('/oauth/zoho/connect', adminId);
    const tenant = (await backend.repos.tenants.findByZohoOrgId(orgId))!;
    const heard: ChangeNotice[] = [];
    backend.zoho.channels!.onChange((n) => heard.push(n));
    const channelId = await backend.zoho.channels!.enable(tenant.id, ['Accounts']);
    const [id] = sim.admin.seedRecords(orgId, 'Accounts', [{ Account_Name: 'Watched' }]);
    sim.admin.editRecord(orgId, 'Accounts', id!, { Phone: '555' });
    await sim.admin.settleNotifications();
    expect(sim.admin.deliveries.map((d) => d.status)).toEqual([200]);
    expect(heard).toEqual([
      { tenantId: tenant.id, module: 'Accounts', operation: 'edit', ids: [id] },
    ]);

    const post = (tenantId: string, body: unknown) =>
      fetch(`${base}/zoho/notifications/${tenantId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const body = { ...sim.admin.deliveries[0]!.body };
    expect((await post(tenant.id, { ...body, token: 'guessed' })).status).toBe(403);
    expect((await post('another-tenant', body)).status).toBe(403);
    expect((await post(tenant.id, { nonsense: true })).status).toBe(400);
    expect(heard).toHaveLength(1);

    expect(await backend.zoho.channels!.renewExpiring(tenant.id)).toBe(0);
    await backend.zoho.channels!.disableAll(tenant.id);
    expect(sim.admin.stats(orgId).channels.map((c) => c.channel_id)).not.toContain(channelId);
  });
});

describe('Zoho routes without credentials', () => {
  it('answer widget preflights for API paths, and only for widget origins', async () => {
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SECRET_KEY: 'c'.repeat(64),
      DATABASE_URL: 'sqlite::memory:',
      WIDGET_ORIGINS: `${WIDGET},${POPUP}`,
      LOG_LEVEL: 'silent',
    });
    const backend = await startBackend(config, createLogger('silent'));
    try {
      const ok = await fetch(`${backend.url}/api/zoho/disconnect`, {
        method: 'OPTIONS',
        headers: {
          origin: WIDGET,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(WIDGET);
      expect(ok.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
      expect(ok.headers.get('access-control-allow-credentials')).toBe(null);
      const evil = await fetch(`${backend.url}/auth/session`, {
        headers: { origin: 'https://evil.example' },
      });
      expect(evil.status).toBe(401);
      expect(evil.headers.get('access-control-allow-origin')).toBe(null);
      const widgetCall = await fetch(`${backend.url}/auth/session`, {
        headers: { origin: WIDGET },
      });
      expect(widgetCall.headers.get('access-control-allow-origin')).toBe(WIDGET);
    } finally {
      await backend.close();
    }
  });

  it('answer 503 with a problem naming the missing settings', async () => {
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: '0',
      SECRET_KEY: 'b'.repeat(64),
      DATABASE_URL: 'sqlite::memory:',
      LOG_LEVEL: 'silent',
    });
    const backend = await startBackend(config, createLogger('silent'));
    try {
      const res = await fetch(`${backend.url}/oauth/zoho/connect`, { redirect: 'manual' });
      expect(res.status).toBe(503);
      expect((await res.json()).detail).toContain('ZOHO_CLIENT_ID');
    } finally {
      await backend.close();
    }
  });
});
