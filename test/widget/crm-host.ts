import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { startBackend, type RunningBackend } from '../../server/composition.js';
import { parseConfig } from '../../server/config.js';
import { createLogger } from '../../server/logging.js';
import { connectSandboxZoho, onFreePort } from '../sandbox.js';

/**
 * Browser tests on the sandbox CRM host: the backend as `npm start` builds it in sandbox mode
 * (simulated Zoho CRM and Sage 100, the built app/ served from its own origin per location, the
 * CRM pages at /sandbox with our fake SDK), driven by Debian's Chromium through playwright-core.
 * Sign-in goes through the real popup: the backend's start route, the simulator's consent page,
 * the callback page posting to the widget.
 */

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export interface CrmHost {
  backend: RunningBackend;
  url: string;
  browser: Browser;
  newPage(): Promise<Page>;
  /** An admin session issued by the backend, for test set-up through the API. */
  adminApi(method: string, p: string, body?: unknown): Promise<{ status: number; body: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any
  close(): Promise<void>;
}

export interface CrmHostOptions {
  /** More settings (page sizes, SMTP_URL, ...), as the environment would give them. */
  env?: Record<string, string>;
  /**
   * Connect the org through the simulator's consent flow before the browser starts, for tests
   * of what comes after (the connect in the browser is crm.browser.test.ts's first test).
   */
  connected?: boolean;
}

export async function startCrmHost(options: CrmHostOptions = {}): Promise<CrmHost> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-browser-'));
  const backend = await onFreePort((port) =>
    startBackend(
      parseConfig({
        NODE_ENV: 'test',
        PORT: String(port),
        SECRET_KEY: 'f'.repeat(64),
        DATABASE_URL: `sqlite:${path.join(dir, `sync-${port}.db`)}`,
        ZOHO_SANDBOX: 'true',
        ...options.env,
      }),
      createLogger('silent'),
    ),
  );
  if (options.connected) await connectSandboxZoho(backend.url);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const pages: Page[] = [];
  return {
    backend,
    url: backend.url,
    browser,
    async newPage() {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.setDefaultTimeout(15_000);
      pages.push(page);
      return page;
    },
    async adminApi(method, p, body) {
      const [tenant] = await backend.repos.tenants.list();
      const { token } = backend.zoho.sessions.issue({
        tenantId: tenant!.id,
        userId: 'test-admin',
        orgId: tenant!.zohoOrgId,
        role: 'admin',
      });
      const res = await fetch(`${backend.url}/api/v1${p}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    close: async () => {
      await browser.close();
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Switches the sandbox CRM's user (the header's button) if it is not already `role`. */
export async function actAs(page: Page, role: 'admin' | 'rep'): Promise<void> {
  const button = page.getByRole('button', {
    name: role === 'admin' ? 'Switch to the admin' : 'Switch to a sales rep',
  });
  if (await button.count()) {
    await Promise.all([page.waitForNavigation(), button.click()]);
  }
}

/** Clicks `trigger` in a widget, accepts on the consent page in the popup it opens. */
export async function signInThroughPopup(
  page: Page,
  widget: FrameLocator,
  buttonName = 'Sign in with Zoho',
) {
  const [popup] = await Promise.all([
    page.waitForEvent('popup'),
    widget.getByRole('button', { name: buttonName }).click(),
  ]).catch(async (e: unknown) => {
    await page.screenshot({ path: `${os.tmpdir()}/crm-browser-failure.png` });
    throw e;
  });
  await popup.getByRole('button', { name: 'Accept' }).click();
  return popup;
}

/** Creates an account through the sandbox CRM's form and returns its detail page's record id. */
export async function newAccount(
  page: Page,
  host: CrmHost,
  fields: Record<string, string>,
): Promise<string> {
  await page.goto(`${host.url}/sandbox/crm/Accounts/new`);
  for (const [label, value] of Object.entries(fields))
    await page.getByLabel(label, { exact: true }).fill(value);
  await Promise.all([
    page.waitForURL(/\/Accounts\/\d+$/),
    page.getByRole('button', { name: 'Save' }).click(),
  ]);
  return /\/Accounts\/(\d+)$/.exec(page.url())![1]!;
}

const require = createRequire(import.meta.url);
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** axe-core in the frame: the serious and critical violations, as "id: help" lines. */
export async function axeViolations(frame: Frame): Promise<string[]> {
  await frame.evaluate(AXE);
  const result = await frame.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(): Promise<{ violations: Array<{ id: string; impact: string; help: string }> }>;
        };
      }
    ).axe;
    return (await axe.run()).violations;
  });
  return result
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help}`);
}

/** The Frame behind a location's iframe (for axe and evaluate). */
export async function frameOf(page: Page, selector: string): Promise<Frame> {
  const handle = await page.waitForSelector(selector);
  const frame = await handle.contentFrame();
  if (!frame) throw new Error(`no frame for ${selector}`);
  return frame;
}

export interface SettingsTab {
  page: Page;
  /** The settings tab's frame, for locators. */
  tab: FrameLocator;
  /** The same frame as a Frame, for evaluate and axe. */
  frame: Frame;
  /** Opens a section from the tab's menu and waits for its heading. */
  open(section: string): Promise<void>;
}

/**
 * The settings tab in the sandbox CRM as `role` sees it: the page opened, the CRM user switched,
 * signed in through the real popup; for an admin, `section` opened from the menu.
 */
export async function openSettings(
  host: CrmHost,
  role: 'admin' | 'rep',
  section?: string,
): Promise<SettingsTab> {
  const page = await host.newPage();
  page.on('pageerror', (e) => {
    throw e;
  });
  await page.goto(`${host.url}/sandbox/crm/settings`);
  await actAs(page, role);
  const tab = page.frameLocator('iframe[data-widget=settings]');
  await signInThroughPopup(page, tab);
  await tab.getByRole('heading', { name: 'Sage 100 Sync', level: 1 }).waitFor();
  const frame = await frameOf(page, 'iframe[data-widget=settings]');
  const open = async (name: string) => {
    await tab
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name, exact: true })
      .click();
    await tab.getByRole('heading', { name, level: 2 }).waitFor();
  };
  if (section) await open(section);
  return { page, tab, frame, open };
}

const FINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

/** POST /runs as the admin and wait until every run it queued has ended; their summaries. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
export async function runAndWait(host: CrmHost, body: Record<string, unknown>): Promise<any[]> {
  const started = await host.adminApi('POST', '/runs', body);
  if (started.status >= 300)
    throw new Error(`POST /runs: ${started.status} ${JSON.stringify(started.body)}`);
  const ids: string[] =
    started.body.runIds ?? started.body.reports.map((r: { runId: string }) => r.runId);
  for (;;) {
    const runs = await Promise.all(
      ids.map(async (id) => (await host.adminApi('GET', `/runs/${id}`)).body),
    );
    if (runs.every((r) => FINAL.has(r.status))) return runs;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The sandbox org's tenant and the Zoho client on it (test set-up and checks). */
export async function sandboxTenant(host: CrmHost) {
  const [tenant] = await host.backend.repos.tenants.list();
  if (!tenant) throw new Error('the sandbox org is not connected');
  const zoho = host.backend.zoho.client!.forTenant(tenant.id).records;
  return {
    tenantId: tenant.id,
    orgId: tenant.zohoOrgId,
    zoho,
    async zohoIdOf(module: string, field: string, value: string): Promise<string> {
      const found = await zoho.search(module, { field, op: 'equals', value });
      const id = found[0]?.id;
      if (!id) throw new Error(`no ${module} with ${field} = ${value}`);
      return String(id);
    },
  };
}
