import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import { startSettingsHarness, type SettingsHarness } from './settings-harness.js';

/**
 * The admin's settings tab in headless Chromium, on the sandbox (simulated Zoho CRM and Sage 100
 * driven by the real clients). Each section's main path and its bad input, asserting what the
 * admin sees; axe-core in the page for every section. In order, as an admin sets the product up.
 */

let h: SettingsHarness;
beforeAll(async () => {
  if (chromium.missing) return;
  h = await startSettingsHarness();
}, 120_000);
afterAll(async () => {
  await h?.close();
});

const AXE = fs.readFileSync(
  new URL('../../node_modules/axe-core/axe.min.js', import.meta.url),
  'utf8',
);

/** Serious and critical axe-core violations on the page, as "rule: target" lines. */
async function axeProblems(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const w = window as unknown as {
      axe: {
        run(ctx: Document): Promise<{
          violations: Array<{ id: string; impact: string; nodes: Array<{ target: string[] }> }>;
        }>;
      };
    };
    const result = await w.axe.run(document);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

const section = (page: Page, name: string) =>
  page.getByRole('navigation', { name: 'Settings sections' }).getByRole('button', { name });

describeWith([chromium], 'budget', () => {
  it('the settings location is at most 120 KB of JS and CSS gzipped', () => {
    const size = (f: string) =>
      zlib.gzipSync(fs.readFileSync(path.join(h.appDir, f)), { level: 9 }).length;
    const total = size('js/settings.js') + size('css/settings.css');
    expect(total).toBeLessThanOrEqual(120 * 1024);
    expect(total).toBeGreaterThan(10 * 1024); // the tab is really in it
  });
});

describeWith([chromium], 'who may use it', () => {
  it('a sales rep is told to ask a CRM admin, and the server refuses their admin calls', async () => {
    const page = await h.open('user');
    await expect(page.getByText(/Ask a CRM admin/).textContent()).resolves.toMatch(/CRM admin/);
    expect(await page.getByRole('navigation', { name: 'Settings sections' }).count()).toBe(0);
    const refused = await page.evaluate(
      async ([url, token]) => {
        const res = await fetch(`${url}/api/v1/modules/Accounts`, {
          method: 'PUT',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ direction: 'disabled' }),
        });
        return { status: res.status, type: res.headers.get('content-type') };
      },
      [h.backend.url, h.repToken],
    );
    expect(refused.status).toBe(403);
    expect(refused.type).toMatch(/problem\+json/);
    await page.close();
  });
});

describeWith([chromium], 'connections', () => {
  it('shows the Zoho org, saves Sage settings, refuses a bad URL on its field, and tests', async () => {
    const page = await h.open('admin', 'connections');
    const zoho = page.getByRole('group', { name: 'Zoho CRM' });
    await expect(zoho.getByText('Sandbox Manufacturing').textContent()).resolves.toMatch(/\(\d+\)/);
    await expect(zoho.getByText('enterprise').count()).resolves.toBe(1);

    const url = page.getByLabel('eBusiness Web Services URL');
    const good = await url.inputValue();
    await url.fill('not a url');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByText('Not saved', { exact: false })
      .first()
      .waitFor()
      .catch(() => undefined);
    await expect(url.getAttribute('aria-invalid')).resolves.toBe('true');
    const described = await url.getAttribute('aria-describedby');
    expect(await page.locator(`#${described!.split(' ').pop()}`).textContent()).toMatch(/URL/i);

    await url.fill(good);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Sage 100 settings saved.', { exact: false }).waitFor();

    await page.getByRole('button', { name: 'Test connection' }).click();
    await page
      .getByText('Syncing can work: every check passed, with 1 warning(s) to look at below.')
      .waitFor();
    const checks = page.locator('.st-check');
    expect(await checks.count()).toBe(8);
    expect(await page.locator('[data-check="tls"]').textContent()).toMatch(/Warning.*plain http/);
    expect(await page.locator('[data-check="tls"] .st-fix').textContent()).toMatch(/https/);
    expect(await page.locator('[data-check="clock_skew"]').textContent()).toMatch(/Passed/);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });

  it('a wrong password fails logon with what to do, and skips what depends on it', async () => {
    const page = await h.open('admin', 'connections');
    await page.getByLabel('Password').fill('wrong-password');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Sage 100 settings saved.', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page.getByText(/Some checks failed/).waitFor();
    expect(await page.locator('[data-check="logon"]').textContent()).toMatch(
      /Failed.*rejected user.*What to do:.*Enable Web Services/,
    );
    expect(await page.locator('[data-check="company"]').textContent()).toMatch(/Not checked/);
    // Put the right password back for the sections that follow.
    const sandbox = await h.backend.repos.sageConnections.get(h.tenantId);
    await h.backend.repos.sageConnections.save({ ...sandbox!, password: SANDBOX_PASSWORD });
    await page.close();
  });
});

/** The sandbox Sage company's web services password (server/sandbox/sage-sandbox.ts). */
let SANDBOX_PASSWORD = '';
beforeAll(async () => {
  if (chromium.missing) return;
  SANDBOX_PASSWORD = (await h.backend.repos.sageConnections.get(h.tenantId))!.password;
});

describeWith([chromium], 'modules', () => {
  it('enabling Contacts both ways shows Accounts enabled too', async () => {
    const page = await h.open('admin', 'modules');
    const contacts = page.locator('details[data-module="Contacts"]');
    await contacts.locator('summary').click();
    await contacts.getByLabel('Direction').selectOption('both');
    await expect(contacts.getByRole('status').first().textContent()).resolves.toMatch(
      /also switches on Accounts/,
    );
    await contacts.getByRole('button', { name: /^Save Contacts/ }).click();
    await page
      .getByText(/Contacts ↔ AR customer contacts saved\. Also switched on: Accounts/)
      .waitFor();
    await page.getByTestId('direction-Accounts').filter({ hasText: 'Both ways' }).waitFor();
    await expect(page.getByTestId('direction-Contacts').textContent()).resolves.toBe('Both ways');
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });

  it('refuses an invalid schedule before saving, and says why a needed module cannot be switched off', async () => {
    const page = await h.open('admin', 'modules');
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    const accounts = page.locator('details[data-module="Accounts"]');
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
    const saved = await h.api('GET', '/modules');
    expect(saved.body.modules[0].settings.direction).toBe('both');
    await page.close();
  });
});

describeWith([chromium], 'field mapping', () => {
  it("shows the server's refusal on the row it concerns, resets, and previews one record", async () => {
    await h.api('PUT', '/modules/Accounts', { direction: 'both' });
    const page = await h.open('admin', 'mapping');
    await page.getByRole('button', { name: 'Add a field' }).click();
    const rows = page.locator('tr[data-row]');
    const last = rows.last();
    const n = (await rows.count()) - 1;
    await last.getByLabel(`Row ${n + 1}: Zoho field`).fill('Shoe_Size');
    await last.getByLabel(`Row ${n + 1}: Sage field`).fill('CustomerName');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText('The rows marked below need a change.').waitFor();
    const problem = page.locator(`#map-Accounts-${n}-problems`);
    await expect(problem.textContent()).resolves.toBe('Zoho has no field Shoe_Size');
    expect(await last.getByLabel(`Row ${n + 1}: Zoho field`).getAttribute('aria-invalid')).toBe(
      'true',
    );
    expect(await h.api('GET', '/modules/Accounts/mappings').then((r) => r.body.isDefault)).toBe(
      true,
    );

    // The sandbox org lacks some standard fields (Credit_Limit, ...): the server flags those rows
    // too. Removing the flagged rows leaves a mapping the org can take.
    const flagged = page.locator('tr.st-row-invalid');
    expect(await flagged.count()).toBeGreaterThan(1);
    while ((await flagged.count()) > 0) {
      await flagged
        .first()
        .getByRole('button', { name: /^Remove row/ })
        .click();
    }
    await rows.first().getByLabel('Row 1: Direction').selectOption('zoho_to_sage');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await page.getByText(/Mapping saved \(\d+ fields\)/).waitFor();
    const stored = (await h.api('GET', '/modules/Accounts/mappings')).body.mappings;
    expect(stored[0]).toMatchObject({ zohoField: 'Account_Name', direction: 'zoho_to_sage' });
    expect(stored.map((m: { zohoField: string }) => m.zohoField)).not.toContain('Shoe_Size');
    await page.getByRole('button', { name: 'Reset to defaults' }).click();
    await page.getByRole('button', { name: 'Yes, reset' }).click();
    await page.getByText('The standard mapping is back.').waitFor();
    expect((await h.api('GET', '/modules/Accounts/mappings')).body.isDefault).toBe(true);

    const bakery = await h.zohoIdOf('Accounts', 'Account_Name', 'Bay Area Bakeries');
    await page.getByLabel('Record', { exact: true }).fill(bakery);
    await page.getByRole('button', { name: 'Preview', exact: true }).click();
    const diff = page.locator(`.st-diff[data-record="${bakery}"]`);
    await diff.waitFor();
    expect(await diff.textContent()).toMatch(/Created.*Zoho → Sage/);
    expect(await diff.locator('tr', { hasText: 'sage.CustomerName' }).textContent()).toMatch(
      /Bay Area Bakeries/,
    );
    expect(await h.backend.repos.links.count(h.tenantId, 'Accounts', 'linked')).toBe(0);
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});

describeWith([chromium], 'filters', () => {
  it('counts what the criteria let through, and marks a field neither side has', async () => {
    const page = await h.open('admin', 'filters');
    await page.getByRole('button', { name: 'Add a criterion' }).click();
    await page.getByLabel('Criterion 1: Field').fill('Account_Name');
    await page.getByLabel('Criterion 1: Operator').selectOption('starts_with');
    await page.getByLabel('Criterion 1: Value').fill('bay');
    await page.getByRole('button', { name: 'Count matching records' }).click();
    await expect(page.getByTestId('filter-count').textContent()).resolves.toBe(
      'Sage: 25 of 25 records would sync. Zoho: 1 of 2 records would sync.',
    );

    await page.getByLabel('Criterion 1: Field').fill('Shoe_Size');
    await page.getByRole('button', { name: 'Count matching records' }).click();
    await page.getByText('Zoho has no field Shoe_Size').waitFor();
    await page.getByLabel('Criterion 1: Field').fill('Account_Name');
    await page.getByRole('button', { name: 'Save filters' }).click();
    await page.getByText('Filters saved (1 criteria).').waitFor();
    expect((await h.api('GET', '/modules/Accounts/filters')).body.filters).toEqual([
      { side: 'zoho', field: 'Account_Name', operator: 'starts_with', value: 'bay' },
    ]);
    expect(await axeProblems(page)).toEqual([]);
    await h.api('PUT', '/modules/Accounts/filters', { filters: [] });
    await page.close();
  });
});

describeWith([chromium], 'historical sync', () => {
  /** Every text the progress line of `module` showed, in order (watched in the page). */
  const watchFacts = (page: Page, module: string) =>
    page.evaluate((m) => {
      const seen: string[] = [];
      (window as unknown as { seen: string[] }).seen = seen;
      new MutationObserver(() => {
        const text = document.querySelector(`[data-testid="facts-${m}"]`)?.textContent ?? '';
        if (text && seen[seen.length - 1] !== text) seen.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, module);
  const seen = (page: Page) => page.evaluate(() => (window as unknown as { seen: string[] }).seen);

  it('shows the progress moving page by page and ends with the counts the API reports', async () => {
    await h.api('PUT', '/modules/Accounts', { direction: 'both' });
    const page = await h.open('admin', 'historical');
    await watchFacts(page, 'Accounts');
    await page.getByLabel('Accounts ↔ AR customers', { exact: true }).check();
    await page.getByLabel('Accounts ↔ AR customers: changed since').fill('2020-01-01');
    await page.getByRole('button', { name: 'Start' }).click();
    const final = page.getByTestId('final-Accounts');
    await final.waitFor({ timeout: 60_000 });
    const reads = (await seen(page)).map((t) => Number(/Read (\d+)/.exec(t)?.[1]));
    // Several distinct, rising read counts: the line moved while the run went.
    expect(new Set(reads).size).toBeGreaterThanOrEqual(3);
    expect([...reads].sort((a, b) => a - b)).toEqual(reads);
    const [run] = (await h.api('GET', '/runs?module=Accounts&limit=1')).body.runs;
    expect(run).toMatchObject({ kind: 'backfill', status: 'succeeded' });
    expect(await final.textContent()).toBe(
      `Done: ${run.counts.created ?? 0} created, ${run.counts.updated ?? 0} updated, ${run.counts.unchanged ?? 0} unchanged, ${run.counts.skipped ?? 0} skipped, ${run.counts.failed ?? 0} failed.`,
    );
    expect(run.counts.created).toBeGreaterThan(0);
    expect(await page.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });

  it('Cancel stops a running historical sync between pages', async () => {
    // The agent answers each page 400 ms late (a delaying proxy in front of it), so the run is
    // still going when the admin clicks Cancel.
    const saved = (await h.backend.repos.sageConnections.get(h.tenantId))!;
    const agent = new URL(saved.agentUrl!);
    const proxy = net.createServer((client) => {
      const upstream = net.connect(Number(agent.port), agent.hostname);
      client.on('data', (d) => upstream.write(d));
      upstream.on('data', (d) => setTimeout(() => client.write(d), 400));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => setTimeout(() => client.destroy(), 450));
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const port = (proxy.address() as net.AddressInfo).port;
    await h.backend.repos.sageConnections.save({
      ...saved,
      agentUrl: `${agent.protocol}//127.0.0.1:${port}${agent.pathname}`,
    });
    try {
      const page = await h.open('admin', 'historical');
      await page.getByLabel('Accounts ↔ AR customers', { exact: true }).check();
      await page.getByLabel('Accounts ↔ AR customers: changed since').fill('2000-01-01');
      await page.getByRole('button', { name: 'Start' }).click();
      await page
        .getByText(/pages [1-9]/)
        .first()
        .waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Cancel the Accounts ↔ AR customers run' }).click();
      await page
        .locator('.st-progress .st-pill', { hasText: 'Cancelled' })
        .waitFor({ timeout: 30_000 });
      const [run] = (await h.api('GET', '/runs?module=Accounts&limit=1')).body.runs;
      expect(run.status).toBe('cancelled');
      expect(run.reason).toMatch(/cancelled on request/);
      await page.close();
    } finally {
      await h.backend.repos.sageConnections.save(saved);
      proxy.close();
    }
  }, 90_000);

  it('refuses a start with no module or a date in the future', async () => {
    const page = await h.open('admin', 'historical');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByText('Tick at least one module.').waitFor();
    await page.getByLabel('Accounts ↔ AR customers', { exact: true }).check();
    await page.getByLabel('Accounts ↔ AR customers: changed since').fill('2999-01-01');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.getByText(/the date is in the future/).waitFor();
    await page.close();
  });
});

describeWith([chromium], 'sync now and logs', () => {
  it('Preview shows a field diff for an edited record and writes nothing; Run does it', async () => {
    // Link everything first (an initial run), then edit one account in Zoho.
    await h.api('PUT', '/modules/Contacts', { direction: 'disabled' });
    await h.runAndWait({ modules: ['Accounts'] });
    const abf = await h.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    await h.backend.zoho
      .client!.forTenant(h.tenantId)
      .records.update('Accounts', [{ id: abf, Billing_City: 'Evanston' }]);
    const link = (await h.backend.repos.links.findByZohoId(h.tenantId, 'Accounts', abf))!;
    const page = await h.open('admin', 'syncnow');
    await page.getByLabel('Accounts ↔ AR customers', { exact: true }).check();
    await page.getByLabel('Zoho → Sage').check();
    await page.getByRole('button', { name: 'Preview' }).click();
    const diff = page.locator(`.st-diff[data-record="${abf}"]`);
    await diff.waitFor();
    expect(await diff.locator('tr', { hasText: 'sage.City' }).textContent()).toMatch(
      /sage\.CityChicagoEvanston/,
    );
    const engineOpen = await h.backend.repos.links.findByZohoId(h.tenantId, 'Accounts', abf);
    expect(engineOpen?.lastSyncedAt).toBe(link.lastSyncedAt);
    const modules = await h.api('GET', '/modules');
    expect(modules.body.modules[0].settings.direction).toBe('both');

    await page.getByRole('button', { name: 'Run', exact: true }).click();
    await page.locator('[data-testid="final-Accounts"]').waitFor();
    expect(await page.getByTestId('final-Accounts').textContent()).toMatch(/1 updated/);
    expect((await h.api('GET', '/modules')).body.modules[0].settings.direction).toBe('both');
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });

  it("the log's failed count opens the failed record with its reason; replay after the fix succeeds", async () => {
    await h.api('PUT', '/modules/Accounts', { direction: 'both' });
    await h.runAndWait({ modules: ['Accounts'] }); // everything else linked first
    const zoho = h.backend.zoho.client!.forTenant(h.tenantId).records;
    const [made] = await zoho.upsert('Accounts', [{ Account_Name: 'Rival Widgets Inc' }], {
      duplicateCheckFields: ['Account_Name'],
    });
    expect(made?.ok).toBe(true);
    const rival = await h.zohoIdOf('Accounts', 'Account_Name', 'Rival Widgets Inc');
    // The cause: Sage's web services are unreachable while the run writes the new customer.
    const saved = (await h.backend.repos.sageConnections.get(h.tenantId))!;
    await h.backend.repos.sageConnections.save({
      ...saved,
      endpointUrl: 'http://127.0.0.1:9/eBusinessWebServices/MasBasicWsdl.svc',
    });
    const [run] = await h.runAndWait({ modules: ['Accounts'], direction: 'zoho_to_sage' });
    expect(run.counts.failed).toBe(1);
    await h.backend.repos.sageConnections.save(saved); // the fix

    const page = await h.open('admin', 'logs');
    const failed = page.locator('button[data-count="failed"]').first();
    await failed.click();
    const record = page.locator('.st-record', { hasText: rival });
    await record.waitFor();
    expect(await record.getByTestId('reason').textContent()).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(await record.textContent()).toMatch(/sage\.CustomerName: — → Rival Widgets Inc/);
    await record.getByRole('button', { name: /Replay record/ }).click();
    await expect(record.getByTestId('replay-outcome').textContent()).resolves.toMatch(
      /Replayed: Created/,
    );
    const link = await h.backend.repos.links.findByZohoId(h.tenantId, 'Accounts', rival);
    expect(link?.state).toBe('linked');
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});

describeWith([chromium], 'review', () => {
  it('settles a conflict with a side chosen per field', async () => {
    const abf = await h.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const link = (await h.backend.repos.links.findByZohoId(h.tenantId, 'Accounts', abf))!;
    const id = await h.backend.repos.conflicts.open({
      tenantId: h.tenantId,
      module: 'Accounts',
      linkId: link.id,
      zohoId: abf,
      sageKey: link.sageKey,
      fields: [
        { field: 'Phone ↔ TelephoneNo', zohoValue: '312-555-0100', sageValue: '(312) 555-0101' },
        { field: 'Billing_City ↔ City', zohoValue: 'Chicago', sageValue: 'Evanston' },
      ],
    });
    const page = await h.open('admin', 'review');
    const card = page.locator(`[data-conflict="${id}"]`);
    await card.getByLabel("Keep Sage's Phone ↔ TelephoneNo").check();
    await card.getByLabel("Keep Zoho's Billing_City ↔ City").check();
    await card.getByText(/each field keeps the value you picked/).waitFor();
    await card.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved.').waitFor();
    expect(await h.backend.repos.conflicts.get(h.tenantId, id)).toMatchObject({
      status: 'resolved',
      resolution: 'Phone ↔ TelephoneNo: sage; Billing_City ↔ City: zoho',
    });
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});

describeWith([chromium], 'activity', () => {
  it('draws synced and failed records per day in SVG, with a table saying the same', async () => {
    const page = await h.open('admin', 'activity');
    const chart = page.locator('figure[data-module="Accounts"]');
    await chart.waitFor();
    expect(await chart.locator('svg rect.st-bar-synced').count()).toBe(14);
    const today = new Date().toISOString().slice(0, 10);
    const api = (await h.api('GET', '/activity?days=14')).body;
    const accounts = api.modules.find((m: { module: string }) => m.module === 'Accounts');
    expect(await chart.locator('table tr', { hasText: today }).textContent()).toBe(
      `${today}${accounts.synced[13]}${accounts.failed[13]}`,
    );
    expect(accounts.synced[13]).toBeGreaterThan(0);
    await page.getByText('Company ABC configured, with its agent.').waitFor();
    expect(await axeProblems(page)).toEqual([]);
    await page.close();
  });
});

describeWith([chromium], 'notifications', () => {
  it('refuses settings that would tell nobody, saves a webhook with its secret shown once, and lists a test delivery', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
    try {
      const page = await h.open('admin', 'notifications');
      const puts: string[] = [];
      page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
      await page.getByLabel('When a run fails or partly fails').check();
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByText(/Add an email address or a webhook, or choose Never/)
        .first()
        .waitFor();
      await page.getByLabel('Email addresses').fill('ops@example.com, not-an-email');
      await page.getByRole('button', { name: 'Save' }).click();
      await page
        .getByText(/"not-an-email" is not an email address/)
        .first()
        .waitFor();
      expect(puts).toEqual([]);

      await page.getByLabel('Email addresses').fill('');
      await page.getByLabel('Webhook URL').fill(hook);
      await page.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Notification settings saved.').waitFor();
      const secret = await page.locator('.notice code.key').textContent();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      const stored = (await h.api('GET', '/notifications/settings')).body;
      expect(stored).toMatchObject({ mode: 'failures', webhookUrl: hook, webhookSecretSet: true });
      expect(stored).not.toHaveProperty('webhookSecret');

      await page.getByRole('button', { name: 'Send a test message' }).click();
      await page.getByText(/Test message sent to 1 channels/).waitFor();
      const row = page.locator('tr[data-delivery]', { hasText: hook });
      await row.waitFor();
      await expect
        .poll(async () => {
          await page.getByRole('button', { name: 'Refresh' }).click();
          return row.textContent();
        })
        .toMatch(/Webhook · test.*Delivered/);
      expect(received.some((b) => JSON.parse(b).type === 'test')).toBe(true);
      expect(await axeProblems(page)).toEqual([]);
      await page.close();
    } finally {
      receiver.close();
    }
  });
});

describeWith([chromium], 'keyboard', () => {
  it('reaches every section from the menu by keyboard, and lands on its heading', async () => {
    const page = await h.open('admin', 'connections');
    await section(page, 'Modules').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Modules', level: 2 }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Modules');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect(await page.locator('details[data-module="Accounts"]').getAttribute('open')).toBe('');
    await page.close();
  });

  it('runs Test connection and a filter count with the keyboard alone', async () => {
    const page = await h.open('admin', 'connections');
    // From the section heading, Tab forward until "Test connection" has the focus, then Enter.
    for (let i = 0; i < 40; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Test connection')
        break;
    }
    await page.keyboard.press('Enter');
    await page.locator('.st-check').first().waitFor();
    expect(await page.locator('.st-check').count()).toBe(8);

    await section(page, 'Filters').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Filters', level: 2 }).waitFor();
    await page.getByRole('button', { name: 'Add a criterion' }).focus();
    await page.keyboard.press('Enter');
    // The new criterion sits above the buttons: back from "Add a criterion" to its field.
    for (let i = 0; i < 4; i++) await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe(
      'Criterion 1: Field',
    );
    await page.keyboard.type('Account_Name');
    await page.keyboard.press('Tab'); // operator: equals
    await page.keyboard.press('Tab'); // value
    await page.keyboard.type('Bay Area Bakeries');
    await page.keyboard.press('Tab'); // remove
    await page.keyboard.press('Tab'); // add
    await page.keyboard.press('Tab'); // count
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('filter-count').textContent()).resolves.toMatch(
      /Zoho: 1 of \d+ records would sync/,
    );
    await page.close();
  });
});
