import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBackend, type RunningBackend } from '../../composition.js';
import { parseConfig } from '../../config.js';
import { createLogger } from '../../logging.js';
import { connectSandboxZoho, onFreePort } from '../../../test/sandbox.js';

/**
 * The backend as `npm start` builds it in sandbox mode (simulated Zoho and Sage 100 on loopback),
 * Zoho connected through the real consent flow, an admin's and a sales rep's session, and a second tenant's
 * admin session for the isolation checks.
 */
export interface ApiFixture {
  backend: RunningBackend;
  tenantId: string;
  adminToken: string;
  repToken: string;
  otherTenantToken: string;
  /** fetch on /api/v1 with a session; JSON body when given. */
  call(
    method: string,
    path: string,
    token: string | undefined,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
  ): Promise<{ status: number; type: string; body: any }>;
  zohoIdOf(module: string, field: string, value: string): Promise<string>;
  /** Polls GET /runs/:id until the run has ended; returns the run as the API shows it. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
  waitForRun(runId: string, timeoutMs?: number): Promise<any>;
  close(): Promise<void>;
}

/** `env`: configuration on top of the fixture's (a small SYNC_PAGE_SIZE, short deadlines). */
export async function startApiFixture(env: Record<string, string> = {}): Promise<ApiFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'api-v1-'));
  const backend = await onFreePort((port) =>
    startBackend(
      parseConfig({
        NODE_ENV: 'test',
        PORT: String(port),
        SECRET_KEY: 'e'.repeat(64),
        DATABASE_URL: `sqlite:${path.join(dir, `sync-${port}.db`)}`,
        ZOHO_SANDBOX: 'true',
        WIDGET_ORIGINS: 'https://1234abcd.zappsusercontent.com',
        ...env,
      }),
      createLogger('silent'),
    ),
  );
  // Zoho is connected through the simulator's real consent page; the sessions are then issued by
  // the backend's own session service (the callback only posts one to a widget origin).
  await connectSandboxZoho(backend.url);
  const [tenant] = await backend.repos.tenants.list();
  if (!tenant) throw new Error('connecting Zoho created no tenant');
  const admin = { tid: tenant.id, oid: tenant.zohoOrgId };
  const adminToken = backend.zoho.sessions.issue({
    tenantId: admin.tid,
    userId: 'admin-1',
    orgId: admin.oid,
    role: 'admin',
  }).token;
  const repToken = backend.zoho.sessions.issue({
    tenantId: admin.tid,
    userId: 'rep-1',
    orgId: admin.oid,
    role: 'user',
  }).token;
  const other = await backend.repos.tenants.create({ zohoOrgId: '99999', name: 'Other Org' });
  const otherTenantToken = backend.zoho.sessions.issue({
    tenantId: other.id,
    userId: 'other-admin',
    orgId: '99999',
    role: 'admin',
  }).token;
  const fixture: ApiFixture = {
    backend,
    tenantId: admin.tid,
    adminToken,
    repToken,
    otherTenantToken,
    async call(method, p, token, body) {
      const res = await fetch(`${backend.url}/api/v1${p}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return {
        status: res.status,
        type: res.headers.get('content-type') ?? '',
        body: text ? JSON.parse(text) : undefined,
      };
    },
    async zohoIdOf(module, field, value) {
      const found = await backend.zoho.client!.forTenant(admin.tid).records.search(module, {
        field,
        op: 'equals',
        value,
      });
      const id = found[0]?.id;
      if (!id) throw new Error(`no ${module} with ${field} = ${value}`);
      return String(id);
    },
    async waitForRun(runId, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const res = await fixture.call('GET', `/runs/${runId}`, adminToken);
        if (res.status !== 200) throw new Error(`GET /runs/${runId}: ${res.status}`);
        if (!['queued', 'running'].includes(res.body.status)) return res.body;
        if (Date.now() > until) throw new Error(`run ${runId} still ${res.body.status}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: async () => {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return fixture;
}
