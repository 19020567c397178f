import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBackend, type RunningBackend } from '../../server/composition.js';
import { parseConfig } from '../../server/config.js';
import { createLogger } from '../../server/logging.js';
import { buildWidget } from '../../widget/build.js';
import { connectSandboxZoho, freePort } from '../sandbox.js';

/**
 * The settings tab in headless Chromium: the backend as `npm start` builds it in sandbox mode
 * (simulated Zoho CRM and Sage 100), Zoho connected through the simulator's consent flow, the
 * real built widget (app/settings.html) served on the backend's origin, and a stand-in for
 * Zoho's embedded-app SDK (not fetchable here) that answers init and PageLoad. The session is
 * delivered the way the sign-in popup delivers it: a `sage100-sync:signed-in` message from the
 * backend's origin.
 */

const FAKE_SDK = `window.ZOHO = {
  embeddedApp: { handler: null, on(e, h) { if (e === 'PageLoad') this.handler = h; },
    init() { setTimeout(() => this.handler && this.handler({}), 0); return Promise.resolve(); } },
  CRM: { UI: { Resize: () => Promise.resolve(),
    Popup: { close: () => Promise.resolve(), closeReload: () => Promise.resolve() } } } };`;

export interface SettingsHarness {
  backend: RunningBackend;
  tenantId: string;
  adminToken: string;
  repToken: string;
  browser: Browser;
  /** Where the widget was built for these tests (app/ layout). */
  appDir: string;
  /** The settings tab signed in as `role`, on `section` (its menu entry). */
  open(role: 'admin' | 'user', section?: string): Promise<Page>;
  /** /api/v1 as the admin (test set-up and checks). */
  api(
    method: string,
    p: string,
    body?: unknown,
    token?: string,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
  ): Promise<{ status: number; body: any }>;
  /** POST /runs and wait until every run it queued has ended; their summaries. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
  runAndWait(body: Record<string, unknown>): Promise<any[]>;
  zohoIdOf(module: string, field: string, value: string): Promise<string>;
  close(): Promise<void>;
}

const FINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function startSettingsHarness(): Promise<SettingsHarness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'settings-browser-'));
  const port = await freePort();
  const config = parseConfig({
    NODE_ENV: 'test',
    PORT: String(port),
    SECRET_KEY: 'e'.repeat(64),
    DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
    ZOHO_SANDBOX: 'true',
    // Small pages, so a historical sync of the sandbox company moves through several of them.
    SYNC_PAGE_SIZE: '5',
    SAGE_FEED_PAGE_SIZE: '5',
  });
  const backend = await startBackend(config, createLogger('silent'));
  await connectSandboxZoho(backend.url);
  const [tenant] = await backend.repos.tenants.list();
  if (!tenant) throw new Error('connecting Zoho created no tenant');
  const issue = (role: 'admin' | 'user') =>
    backend.zoho.sessions.issue({
      tenantId: tenant.id,
      userId: role === 'admin' ? 'admin-1' : 'rep-1',
      orgId: tenant.zohoOrgId,
      role,
    });
  const sessions = { admin: issue('admin'), user: issue('user') };
  const appDir = path.join(dir, 'app');
  await buildWidget(backend.url, appDir);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });

  const api: SettingsHarness['api'] = async (method, p, body, token = sessions.admin.token) => {
    const res = await fetch(`${backend.url}/api/v1${p}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };

  return {
    backend,
    tenantId: tenant.id,
    adminToken: sessions.admin.token,
    repToken: sessions.user.token,
    browser,
    appDir,
    api,
    async open(role, section) {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      page.setDefaultTimeout(8_000);
      page.on('pageerror', (e) => {
        throw e;
      });
      await page.route('https://live.zwidgets.com/**', (r) =>
        r.fulfill({ contentType: 'text/javascript', body: FAKE_SDK }),
      );
      await page.route(`${backend.url}/__widget/**`, (r) => {
        const rel = new URL(r.request().url()).pathname.replace('/__widget/', '');
        const file = path.join(appDir, path.normalize(rel));
        if (!file.startsWith(appDir) || !fs.existsSync(file)) return r.fulfill({ status: 404 });
        const type = file.endsWith('.html')
          ? 'text/html'
          : file.endsWith('.css')
            ? 'text/css'
            : file.endsWith('.json')
              ? 'application/json'
              : 'text/javascript';
        return r.fulfill({ contentType: type, body: fs.readFileSync(file) });
      });
      await page.goto(`${backend.url}/__widget/settings.html${section ? `#${section}` : ''}`);
      await page
        .getByRole('button', { name: /sign in/i })
        .first()
        .waitFor();
      const s = sessions[role];
      await page.evaluate(
        ([token, expiresAt, r]) =>
          window.postMessage({ type: 'sage100-sync:signed-in', token, expiresAt, role: r }, '*'),
        [s.token, new Date(s.claims.exp * 1000).toISOString(), role],
      );
      await page.getByRole('heading', { name: 'Sage 100 Sync', level: 1 }).waitFor();
      return page;
    },
    async runAndWait(body) {
      const started = await api('POST', '/runs', body);
      if (started.status >= 300)
        throw new Error(`POST /runs: ${started.status} ${JSON.stringify(started.body)}`);
      const ids: string[] =
        started.body.runIds ?? started.body.reports.map((r: { runId: string }) => r.runId);
      for (let i = 0; i < 300; i++) {
        const runs = await Promise.all(
          ids.map(async (id) => (await api('GET', `/runs/${id}`)).body),
        );
        if (runs.every((r) => FINAL.has(r.status))) return runs;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`runs ${ids.join(', ')} did not end`);
    },
    async zohoIdOf(module, field, value) {
      const found = await backend.zoho.client!.forTenant(tenant.id).records.search(module, {
        field,
        op: 'equals',
        value,
      });
      const id = found[0]?.id;
      if (!id) throw new Error(`no ${module} with ${field} = ${value}`);
      return String(id);
    },
    close: async () => {
      await browser.close();
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
