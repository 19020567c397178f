import type { Router } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../logging.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';
import { apiRouters } from './index.js';
import { API_ROUTES } from './openapi.js';

/** Who may call what: sessions, admin rights, tenant isolation; and the OpenAPI document. */

let fx: ApiFixture;
let runId: string;
let eventId: number;
let conflictId: number;
let proposalId: number;
let abf: string;

beforeAll(async () => {
  fx = await startApiFixture();
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  const run = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  runId = run.body.runIds[0];
  await fx.waitForRun(runId);
  eventId = (await fx.backend.repos.events.query(fx.tenantId, { runId }))[0]!.id;
  abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
  conflictId = await fx.backend.repos.conflicts.open({
    tenantId: fx.tenantId,
    module: 'Accounts',
    zohoId: abf,
    fields: [],
  });
  await fx.backend.repos.matchProposals.add([
    {
      tenantId: fx.tenantId,
      module: 'Products',
      zohoId: '1',
      sageKey: 'X',
      score: 50,
      reasons: [],
      summary: { zoho: {}, sage: {} },
    },
  ]);
  proposalId = (await fx.backend.repos.matchProposals.list(fx.tenantId, 'Products'))[0]!.id;
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('access', () => {
  it('needs a session: 401 problem+json without or with a forged token', async () => {
    for (const token of [undefined, 's1.forged.token']) {
      const res = await fx.call('GET', '/modules', token);
      expect(res.status).toBe(401);
      expect(res.type).toMatch(/problem\+json/);
    }
  });

  it('refuses every admin route to a sales rep with 403 problem+json', async () => {
    const concrete = (path: string) =>
      path
        .replace(':module', 'Accounts')
        .replace(':zohoId', abf)
        .replace(':id', path.startsWith('/runs') ? runId : '1');
    for (const route of API_ROUTES.filter((r) => r.access === 'admin')) {
      const body = route.method === 'get' ? undefined : {};
      const res = await fx.call(
        route.method.toUpperCase(),
        concrete(route.path),
        fx.repToken,
        body,
      );
      expect([route.path, res.status]).toEqual([route.path, 403]);
      expect(res.body.title).toBe('Admin only');
    }
    // Nothing changed on the rep's behalf.
    expect((await fx.backend.repos.moduleSettings.get(fx.tenantId, 'Accounts'))?.direction).toBe(
      'both',
    );
  });

  it('another organisation’s admin sees none of this tenant’s data and touches none of it', async () => {
    const other = fx.otherTenantToken;
    expect((await fx.call('GET', '/runs', other)).body.runs).toEqual([]);
    expect((await fx.call('GET', `/runs/${runId}`, other)).status).toBe(404);
    expect((await fx.call('GET', `/runs/${runId}/events`, other)).status).toBe(404);
    expect((await fx.call('POST', `/runs/${runId}/replay`, other, {})).status).toBe(404);
    expect((await fx.call('POST', `/events/${eventId}/replay`, other, {})).status).toBe(404);
    expect((await fx.call('GET', '/conflicts', other)).body.conflicts).toEqual([]);
    const resolve = await fx.call('POST', `/conflicts/${conflictId}/resolve`, other, {
      winner: 'zoho',
    });
    expect(resolve.status).toBe(404);
    expect((await fx.call('GET', '/matches?module=Products', other)).body.proposals).toEqual([]);
    expect((await fx.call('POST', `/matches/${proposalId}/confirm`, other, {})).status).toBe(404);
    expect((await fx.call('GET', '/connections/sage', other)).body).toEqual({ configured: false });
    const status = await fx.call('GET', `/records/Accounts/${abf}/status`, other);
    expect(status.body).toMatchObject({ linked: false, sageKey: null, recentEvents: [] });
    const modules = await fx.call('GET', '/modules', other);
    expect(modules.body.modules[0]).toMatchObject({ lastRun: null });
    expect(modules.body.modules[0].settings.direction).toBe('disabled');
    // Its own writes land on its own tenant only.
    await fx.call('PUT', '/modules/Accounts/filters', other, {
      filters: [{ side: 'zoho', field: 'Account_Name', operator: 'not_empty' }],
    });
    expect(await fx.backend.repos.mappings.listFilters(fx.tenantId, 'Accounts')).toEqual([]);
    // No connection: engine work is a 409 that says so.
    const run = await fx.call('POST', '/runs', other, { modules: ['Accounts'] });
    expect(run.status).toBe(409);
    expect(run.body.detail).toMatch(/no Sage connection/);
    const test = await fx.call('POST', '/connections/sage/test', other, {});
    expect([test.status, test.body.title]).toEqual([409, 'Sage not configured']);
    // And this tenant's conflict is still open.
    expect((await fx.backend.repos.conflicts.get(fx.tenantId, conflictId))?.status).toBe('open');
  });
});

describe('request bodies are JSON', () => {
  it('a settings change sent as text/plain or with no Content-Type is a 415 and changes nothing', async () => {
    const before = (await fx.backend.repos.moduleSettings.get(fx.tenantId, 'Contacts'))?.direction;
    for (const headers of [{ 'content-type': 'text/plain' }, {}] as Record<string, string>[]) {
      const res = await fetch(`${fx.backend.url}/api/v1/modules/Contacts`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${fx.adminToken}`, ...headers },
        body: new TextEncoder().encode('{"direction":"both"}'),
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/problem\+json/);
      expect((await res.json()).title).toBe('Unsupported media type');
    }
    expect((await fx.backend.repos.moduleSettings.get(fx.tenantId, 'Contacts'))?.direction).toBe(
      before,
    );
    // A bodiless POST still needs no Content-Type.
    const test = await fetch(`${fx.backend.url}/api/v1/connections/sage/checks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.adminToken}` },
    });
    expect(test.status).not.toBe(415);
  });
});

describe('widget CORS', () => {
  it('answers the widget origin’s preflight on /api/v1', async () => {
    const origin = 'https://1234abcd.zappsusercontent.com';
    const res = await fetch(`${fx.backend.url}/api/v1/records/Accounts/1/status`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(origin);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});

describe('OpenAPI document', () => {
  it('is served as OpenAPI 3.1 with every route, its access and its schemas', async () => {
    const res = await fetch(`${fx.backend.url}/api/v1/openapi.json`);
    const doc = await res.json();
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toContain('/records/{module}/{zohoId}/status');
    const put = doc.paths['/modules/{module}'].put;
    expect(put.description).toBe('Zoho CRM administrators only.');
    expect(put.requestBody.content['application/json'].schema.properties.direction.enum).toEqual([
      'sage_to_zoho',
      'zoho_to_sage',
      'both',
      'disabled',
    ]);
    expect(put.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const runs = doc.paths['/runs'].get.parameters.map((p: { name: string }) => p.name);
    expect(runs).toEqual(['module', 'limit']);
  });

  it('describes exactly the routes the routers register', () => {
    const registered = apiRouters({
      requireSession: () => (_req, _res, next) => next(),
      repos: {} as never,
      openEngine: () => Promise.reject(new Error('unused')),
      sage: { testTimeoutMs: 1, agentTimeoutMs: 1 },
      jobs: { submit: () => Promise.resolve() },
      lock: { kind: 'local', run: (_t, fn) => fn(), close: () => Promise.resolve() },
      runs: { lockWaitMs: 1, recordDeadlineMs: 1, streamPollMs: 1 },
      logger: createLogger('silent'),
    }).flatMap(routesOf);
    const documented = API_ROUTES.map((r) => `${r.method} ${r.path}`);
    expect(registered.sort()).toEqual(documented.sort());
  });
});

/** The method and path of each route a router registers (Express 5 router stack). */
function routesOf(router: Router): string[] {
  return router.stack.flatMap((layer) => {
    const route = layer.route as { path: string; methods: Record<string, boolean> } | undefined;
    if (!route) return [];
    return Object.keys(route.methods).map((m) => `${m} ${route.path}`);
  });
}
