import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { appDir } from '../../server/sandbox/widget-hosts.js';
import { chromium, describeWith } from '../requirements.js';
import {
  actAs,
  axeViolations,
  frameOf,
  openSettings,
  runAndWait,
  sandboxTenant,
  signInThroughPopup,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * The settings tab framed in the sandbox CRM host, as in Zoho: the built widget on its own
 * origin inside /sandbox/crm/settings, our fake SDK, sign-in and the admin's connect through the
 * real popup, every call cross-origin to the backend. Who may use it, Connections and Modules,
 * axe-core in every section, and the keyboard. The data sections are in
 * settings-data.browser.test.ts, review, activity and notifications in
 * settings-review.browser.test.ts. In order, on one backend (the org is connected in the first).
 */

let host: CrmHost;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost();
}, 60_000);
afterAll(async () => host?.close());

const SECTIONS = [
  'Connections',
  'Modules',
  'Field mapping',
  'Filters',
  'Historical sync',
  'Sync now',
  'Logs',
  'Review',
  'Activity',
  'Notifications',
];

describeWith([chromium], 'the settings tab in the sandbox CRM', () => {
  it('an admin connects, opens Modules, enables Contacts both ways and sees Accounts enabled too', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/settings`);
    await actAs(page, 'admin');
    const settings = page.frameLocator('iframe[data-widget=settings]');
    await signInThroughPopup(page, settings);
    await expect
      .poll(() => settings.getByRole('alert').textContent())
      .toContain('not connected to this Zoho CRM organisation yet');
    await signInThroughPopup(page, settings, 'Connect as administrator');
    const menu = settings.getByRole('navigation', { name: 'Settings sections' });
    await menu.waitFor();
    expect(await menu.getByRole('button').allTextContents()).toEqual(SECTIONS);
    // One "Sage 100 Sync" heading on the page: the tab's own (the CRM page adds none).
    expect(await page.getByRole('heading', { name: 'Sage 100 Sync' }).count()).toBe(0);
    expect(await settings.getByRole('heading', { name: 'Sage 100 Sync' }).count()).toBe(1);
    await settings.getByText('Sandbox Manufacturing', { exact: false }).first().waitFor();

    await menu.getByRole('button', { name: 'Modules' }).click();
    const contacts = settings.locator('details[data-module="Contacts"]');
    await contacts.locator('summary').click();
    await contacts.getByLabel('Direction').selectOption('both');
    await expect
      .poll(() => contacts.getByRole('status').first().textContent())
      .toMatch(/also switches on Accounts/);
    await contacts.getByRole('button', { name: /^Save Contacts/ }).click();
    await settings.getByText(/Also switched on: Accounts/).waitFor();
    await settings.getByTestId('direction-Accounts').filter({ hasText: 'Both ways' }).waitFor();
    expect(await settings.getByTestId('direction-Contacts').textContent()).toBe('Both ways');
    const modules = (await host.adminApi('GET', '/modules')).body.modules;
    const direction = (m: string) =>
      modules.find((x: { module: string }) => x.module === m).settings.direction;
    expect([direction('Accounts'), direction('Contacts')]).toEqual(['both', 'both']);
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=settings]'))).toEqual([]);
    await page.close();
  }, 120_000);

  it("a sales rep sees no settings, and the server refuses the rep's own session its admin calls", async () => {
    const page = await host.newPage();
    // Keep the session the sign-in popup delivers to the tab, to call the API with it.
    await page.addInitScript(() => {
      window.addEventListener('message', (e: MessageEvent) => {
        const d = e.data as { type?: string; token?: string } | null;
        if (d?.type === 'sage100-sync:signed-in')
          (window as unknown as { repToken?: string }).repToken = d.token;
      });
    });
    await page.goto(`${host.url}/sandbox/crm/settings`);
    await actAs(page, 'rep');
    const settings = page.frameLocator('iframe[data-widget=settings]');
    await signInThroughPopup(page, settings);
    await settings.getByText(/Ask a CRM admin/).waitFor();
    expect(await settings.getByRole('navigation', { name: 'Settings sections' }).count()).toBe(0);
    expect(await settings.getByRole('button', { name: /Save/ }).count()).toBe(0);
    const frame = await frameOf(page, 'iframe[data-widget=settings]');
    const refused = await frame.evaluate(async (backend) => {
      const token = (window as unknown as { repToken?: string }).repToken;
      const call = async (method: string, p: string, body?: unknown) => {
        const res = await fetch(`${backend}/api/v1${p}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return {
          status: res.status,
          type: res.headers.get('content-type'),
          detail: ((await res.json()) as { detail?: string }).detail,
        };
      };
      return {
        token: token?.slice(0, 3),
        put: await call('PUT', '/modules/Accounts', { direction: 'disabled' }),
        get: await call('GET', '/connections/sage'),
        run: await call('POST', '/runs', { modules: ['Accounts'] }),
      };
    }, host.url);
    expect(refused.token).toBe('s1.');
    for (const r of [refused.put, refused.get, refused.run]) {
      expect(r.status).toBe(403);
      expect(r.type).toMatch(/application\/problem\+json/);
      expect(r.detail).toMatch(/admin/i);
    }
    const modules = (await host.adminApi('GET', '/modules')).body.modules;
    expect(
      modules.find((m: { module: string }) => m.module === 'Accounts').settings.direction,
    ).toBe('both');
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 60_000);

  it('axe-core finds no serious or critical violation in any section, module cards open', async () => {
    const { page, tab, frame, open } = await openSettings(host, 'admin');
    const found: string[] = [];
    for (const name of SECTIONS) {
      await open(name);
      await tab.locator('.loading').first().waitFor({ state: 'detached' });
      if (name === 'Modules') {
        for (const summary of await tab.locator('details[data-module] summary').all())
          await summary.click();
      }
      found.push(...(await axeViolations(frame)).map((v) => `${name}: ${v}`));
    }
    expect(found).toEqual([]);
    await page.close();
  }, 120_000);
});

describeWith([chromium], 'connections on the sandbox CRM', () => {
  it('shows the Zoho org, saves Sage settings, refuses a bad URL on its field, and tests', async () => {
    const { page, tab, frame } = await openSettings(host, 'admin', 'Connections');
    const zoho = tab.getByRole('group', { name: 'Zoho CRM' });
    expect(await zoho.getByText('Sandbox Manufacturing').textContent()).toMatch(
      /^Sandbox Manufacturing \(\d+\)$/,
    );
    expect(await zoho.getByText('enterprise').count()).toBe(1);
    expect(await zoho.textContent()).toContain('Sandbox Admin (admin@sandbox.example)');

    const url = tab.getByLabel('eBusiness Web Services URL');
    const good = await url.inputValue();
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    await url.fill('not a url');
    await tab.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => url.getAttribute('aria-invalid')).toBe('true');
    const described = await url.getAttribute('aria-describedby');
    expect(await tab.locator(`#${described!.split(' ').pop()}`).textContent()).toMatch(/URL/i);
    const stored = (await host.adminApi('GET', '/connections/sage')).body;
    expect(stored.endpointUrl).toBe(good);

    await url.fill(good);
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab.getByText('Sage 100 settings saved.', { exact: false }).waitFor();

    await tab.getByRole('button', { name: 'Test connection' }).click();
    await tab
      .getByText('Syncing can work: every check passed, with 1 warning(s) to look at below.')
      .waitFor();
    expect(await tab.locator('.st-check').count()).toBe(8);
    expect(await tab.locator('[data-check="tls"]').textContent()).toMatch(/Warning.*plain http/);
    expect(await tab.locator('[data-check="tls"] .st-fix').textContent()).toMatch(/https/);
    expect(await tab.locator('[data-check="clock_skew"]').textContent()).toMatch(/Passed/);
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 60_000);

  it('a wrong password fails logon with what to do, and skips what depends on it', async () => {
    const sb = await sandboxTenant(host);
    const good = (await host.backend.repos.sageConnections.get(sb.tenantId))!;
    const { page, tab } = await openSettings(host, 'admin', 'Connections');
    try {
      await tab.getByLabel('Password').fill('wrong-password');
      await tab.getByRole('button', { name: 'Save' }).click();
      await tab.getByText('Sage 100 settings saved.', { exact: false }).waitFor();
      await tab.getByRole('button', { name: 'Test connection' }).click();
      await tab.getByText(/Some checks failed/).waitFor();
      expect(await tab.locator('[data-check="logon"]').textContent()).toMatch(
        /Failed.*rejected user.*What to do:.*Enable Web Services/,
      );
      expect(await tab.locator('[data-check="company"]').textContent()).toMatch(/Not checked/);
    } finally {
      await host.backend.repos.sageConnections.save(good); // the right password back
    }
    await page.close();
  }, 60_000);

  it('sets the AR division for new customers, refusing one that is not two digits on its field', async () => {
    const sb = await sandboxTenant(host);
    const { page, tab } = await openSettings(host, 'admin', 'Connections');
    try {
      const division = tab.getByLabel('AR division for new customers');
      expect(await division.inputValue()).toBe('01');
      await division.fill('1');
      await tab.getByRole('button', { name: 'Save' }).click();
      await expect.poll(() => division.getAttribute('aria-invalid')).toBe('true');
      const described = await division.getAttribute('aria-describedby');
      expect(await tab.locator(`#${described!.split(' ').pop()}`).textContent()).toMatch(
        /two digits/,
      );
      expect((await host.adminApi('GET', '/connections/sage')).body.defaultDivision).toBe('01');
      await division.fill('02');
      await tab.getByRole('button', { name: 'Save' }).click();
      await tab.getByText('Sage 100 settings saved.', { exact: false }).waitFor();
      expect((await host.adminApi('GET', '/connections/sage')).body.defaultDivision).toBe('02');
      expect(await division.inputValue()).toBe('02');
    } finally {
      const stored = (await host.backend.repos.sageConnections.get(sb.tenantId))!;
      await host.backend.repos.sageConnections.save({ ...stored, defaultDivision: '01' });
    }
    await page.close();
  }, 60_000);

  it('disconnects Zoho after a confirmation, and reconnects through the consent popup with the new edition; Vendors then says what it needs', async () => {
    const sb = await sandboxTenant(host);
    const { page, tab, frame, open } = await openSettings(host, 'admin', 'Connections');
    const zoho = tab.getByRole('group', { name: 'Zoho CRM' });
    await zoho.getByRole('button', { name: 'Disconnect' }).click();
    await zoho.getByText(/Disconnect Zoho CRM\? Scheduled syncs stop/).waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await zoho.getByRole('button', { name: 'Yes, disconnect' }).click();
    await zoho.getByText('Zoho CRM is disconnected. Connect it again to resume syncing.').waitFor();
    await zoho.getByText('Zoho CRM is not connected: nothing syncs').waitFor();
    expect((await host.adminApi('GET', '/connections/zoho')).body.connected).toBe(false);
    expect(await host.backend.repos.zohoConnections.get(sb.tenantId)).toBeUndefined();

    // The org moved to Zoho's Standard edition meanwhile; connecting again reads it.
    host.backend.sandbox!.zohoSim.setEdition(sb.orgId, 'standard');
    try {
      await signInThroughPopup(page, tab, 'Connect Zoho CRM');
      await open('Modules');
      await open('Connections');
      await zoho.getByText('standard', { exact: true }).waitFor();
      expect((await host.adminApi('GET', '/connections/zoho')).body).toMatchObject({
        connected: true,
        edition: 'standard',
        vendorsAvailable: false,
      });

      await open('Modules');
      const vendors = tab.locator('details[data-module="Vendors"]');
      await vendors.locator('summary').click();
      expect(await vendors.locator('.notice.warning').textContent()).toMatch(
        /^Vendors needs Zoho CRM Professional or above; this organisation has standard\./,
      );
      expect(await vendors.getByLabel('Direction').isDisabled()).toBe(true);
      expect(await axeViolations(frame)).toEqual([]);
    } finally {
      host.backend.sandbox!.zohoSim.setEdition(sb.orgId, 'enterprise');
    }
    // Reconnect (connected already) takes the edition back.
    await open('Connections');
    await signInThroughPopup(page, tab, 'Reconnect');
    await expect
      .poll(async () => (await host.adminApi('GET', '/connections/zoho')).body.edition)
      .toBe('enterprise');
    await page.close();
  }, 120_000);
});

describeWith([chromium], 'modules on the sandbox CRM', () => {
  it('refuses an invalid schedule before saving, and says why a needed module cannot be switched off', async () => {
    const { page, tab } = await openSettings(host, 'admin', 'Modules');
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    const accounts = tab.locator('details[data-module="Accounts"]');
    await accounts.locator('summary').click();
    await accounts.getByLabel('At fixed times each day').check();
    await accounts.getByLabel('Times (HH:MM)').fill('06:00, 25:00');
    await accounts.getByRole('button', { name: /^Save Accounts/ }).click();
    await accounts
      .getByText(/"25:00" is not a time of day/)
      .first()
      .waitFor();
    await accounts.getByLabel('Times (HH:MM)').fill('06:00');
    await accounts.getByLabel('In time zone').fill('Mars/Olympus');
    await accounts.getByRole('button', { name: /^Save Accounts/ }).click();
    await accounts
      .getByText(/"Mars\/Olympus" is not a time zone/)
      .first()
      .waitFor();
    await accounts.getByLabel('Every …').check();
    await accounts.getByLabel('Every', { exact: true }).fill('10');
    await accounts.getByLabel('Unit').selectOption('seconds');
    await accounts.getByRole('button', { name: /^Save Accounts/ }).click();
    await accounts
      .getByText(/at most every 30 seconds/)
      .first()
      .waitFor();
    expect(puts).toEqual([]);

    await accounts.getByLabel('Direction').selectOption('disabled');
    await accounts.getByText(/Contacts ↔ AR customer contacts need this module/).waitFor();
    await accounts.getByLabel('Every', { exact: true }).fill('15');
    await accounts.getByLabel('Unit').selectOption('minutes');
    await accounts.getByRole('button', { name: /^Save Accounts/ }).click();
    await accounts.getByText(/Accounts is needed by Contacts/).waitFor();
    expect(puts).toHaveLength(1);
    expect((await host.adminApi('GET', '/modules')).body.modules[0].settings.direction).toBe(
      'both',
    );
    await page.close();
  }, 60_000);
});

describeWith([chromium], 'the keyboard on the sandbox CRM', () => {
  /** Tabs forward until the focused element's text or label is `name`; fails after 60 stops. */
  async function tabTo(
    page: import('playwright-core').Page,
    frame: import('playwright-core').Frame,
    name: RegExp,
  ) {
    const seen: string[] = [];
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      // An iframe that lost the focus keeps its activeElement: hasFocus tells them apart.
      const focused = await frame.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!document.hasFocus()) return '(outside the tab)';
        const label = el?.id ? document.querySelector(`label[for="${el.id}"]`)?.textContent : '';
        return `${el?.getAttribute('aria-label') ?? label ?? ''}|${el?.textContent ?? ''}`;
      });
      seen.push(focused);
      if (name.test(focused)) return;
    }
    throw new Error(`Tab never reached ${name}: ${seen.join(' / ')}`);
  }

  it('saves a module with the keyboard alone: menu, card, direction, schedule, Save', async () => {
    await host.adminApi('PUT', '/modules/Products', { direction: 'disabled' });
    const { page, tab, frame } = await openSettings(host, 'admin', 'Connections');
    const menu = tab.getByRole('navigation', { name: 'Settings sections' });
    await menu.getByRole('button', { name: 'Connections' }).focus();
    await page.keyboard.press('Tab'); // Modules
    await page.keyboard.press('Enter');
    await tab.getByRole('heading', { name: 'Modules', level: 2 }).waitFor();
    expect(await frame.evaluate(() => document.activeElement?.textContent)).toBe('Modules');
    await tabTo(page, frame, /\|Products/);
    await page.keyboard.press('Enter');
    expect(await tab.locator('details[data-module="Products"]').getAttribute('open')).toBe('');
    await page.keyboard.press('Tab'); // Direction
    await page.keyboard.type('Sage');
    expect(
      await tab.locator('details[data-module="Products"]').getByLabel('Direction').inputValue(),
    ).toBe('sage_to_zoho');
    // The schedule: past the checked "Every …" radio to its number, then the unit.
    await tabTo(page, frame, /^Every\|$/);
    await page.keyboard.press('Control+A');
    await page.keyboard.type('45');
    await page.keyboard.press('Tab'); // Unit
    await page.keyboard.type('minutes');
    await tabTo(page, frame, /Save Products/);
    await page.keyboard.press('Enter');
    await tab
      .getByText(/Products ← CI items saved\./)
      .first()
      .waitFor();
    const products = (await host.adminApi('GET', '/modules')).body.modules.find(
      (m: { module: string }) => m.module === 'Products',
    );
    expect(products.settings).toMatchObject({
      direction: 'sage_to_zoho',
      schedule: { kind: 'interval', seconds: 45 * 60 },
    });
    await page.close();
  }, 60_000);

  it('runs Test connection and a filter count with the keyboard alone', async () => {
    const { page, tab, frame } = await openSettings(host, 'admin', 'Connections');
    await tabTo(page, frame, /\|Test connection$/);
    await page.keyboard.press('Enter');
    await tab.locator('.st-check').first().waitFor();
    expect(await tab.locator('.st-check').count()).toBe(8);

    const menu = tab.getByRole('navigation', { name: 'Settings sections' });
    await menu.getByRole('button', { name: 'Filters' }).focus();
    await page.keyboard.press('Enter');
    await tab.getByRole('heading', { name: 'Filters', level: 2 }).waitFor();
    await tabTo(page, frame, /\|Add a criterion$/);
    await page.keyboard.press('Enter');
    // The new criterion sits above the buttons: back from "Add a criterion" to its field.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Tab');
    expect(await frame.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Criterion 1: Field',
    );
    await page.keyboard.type('Account_Name');
    await page.keyboard.press('Tab'); // operator: equals
    await page.keyboard.press('Tab'); // value
    await page.keyboard.type('Bay Area Bakeries');
    await tabTo(page, frame, /\|Count matching records$/);
    await page.keyboard.press('Enter');
    await expect
      .poll(() => tab.getByTestId('filter-count').textContent())
      .toMatch(/Zoho: 1 of 3 records would sync/);
    await page.close();
  }, 60_000);
});

describeWith([chromium], 'budget', () => {
  it('the settings location the sandbox CRM frames is at most 120 KB of JS and CSS gzipped', () => {
    const size = (f: string) =>
      zlib.gzipSync(fs.readFileSync(path.join(appDir(), f)), { level: 9 }).length;
    const total = size('js/settings.js') + size('css/settings.css');
    expect(total).toBeLessThanOrEqual(120 * 1024);
    expect(total).toBeGreaterThan(10 * 1024); // the tab is really in it
  });
});

describeWith([chromium], 'failed records on the sandbox CRM', () => {
  it("shows on the module's card the failed records a partial run still owes", async () => {
    const sandbox = host.backend.sandbox!;
    const [id] = sandbox.zohoSim.seedRecords(sandbox.orgId, 'Accounts', [
      { Account_Name: 'Owed Records Ltd' },
    ]);
    // Sage fails every CreateCustomer: the account is a failed record, owed to later runs.
    sandbox.sage.faults().exception('CreateCustomer');
    try {
      const [run] = await runAndWait(host, { modules: ['Accounts'] });
      expect(run.status).toBe('partial');
    } finally {
      sandbox.sage.faults().clear();
    }
    // The new account, and any other Zoho account earlier tests left unsynced.
    const accounts = (await host.adminApi('GET', '/modules')).body.modules[0];
    expect(accounts.retries.waiting).toBeGreaterThanOrEqual(1);
    expect(accounts.retries.exhausted).toBe(0);
    const { page, tab } = await openSettings(host, 'admin', 'Modules');
    const card = tab.locator('details[data-module="Accounts"] summary');
    expect(await card.getByTestId('retries-waiting').textContent()).toBe(
      `${accounts.retries.waiting} failed, retrying`,
    );
    expect(await card.getByTestId('retries-exhausted').count()).toBe(0);
    expect(
      await tab.locator('details[data-module="Contacts"] [data-testid^=retries]').count(),
    ).toBe(0);
    expect(id).toMatch(/^\d+$/);
    await page.close();
  }, 90_000);
});
