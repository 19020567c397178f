import fs from 'node:fs';
import net from 'node:net';
import type { Download, Frame } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  axeViolations,
  openSettings,
  runAndWait,
  sandboxTenant,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * The settings tab's data sections on the sandbox CRM host (the product's backend in sandbox
 * mode, simulated Zoho and Sage driven by the real clients, the built widget framed cross-origin
 * in /sandbox/crm/settings, signed in through the real popup): field mapping, filters, historical
 * sync, Sync now and the logs. Each test asserts what the admin sees, and what the API or the
 * simulators then hold. In order, on one backend.
 */

let host: CrmHost;
let sb: Awaited<ReturnType<typeof sandboxTenant>>;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({
    connected: true,
    // Small pages, so a historical sync of the sandbox company moves through several of them.
    env: { SYNC_PAGE_SIZE: '5', SAGE_FEED_PAGE_SIZE: '5' },
  });
  sb = await sandboxTenant(host);
}, 60_000);
afterAll(async () => host?.close());

const ACCOUNTS = 'Accounts ↔ AR customers';

describeWith([chromium], 'field mapping on the sandbox CRM', () => {
  it("shows the server's refusal on the row it concerns, saves the defaults with a change, resets, and previews one record", async () => {
    await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' });
    const { page, tab, frame } = await openSettings(host, 'admin', 'Field mapping');
    const rows = tab.locator('tr[data-row]');
    await rows.first().waitFor();
    const defaults = await rows.count();
    await tab.getByRole('button', { name: 'Add a field' }).click();
    const last = rows.last();
    await last.getByLabel(`Row ${defaults + 1}: Zoho field`).fill('Shoe_Size');
    await last.getByLabel(`Row ${defaults + 1}: Sage field`).fill('CustomerName');
    await tab.getByRole('button', { name: 'Save mapping' }).click();
    await tab.getByText('The rows marked below need a change.').waitFor();
    // Only the new row is refused: the sandbox org has every field the defaults name.
    expect(await tab.locator('tr.st-row-invalid').count()).toBe(1);
    expect(await tab.locator(`#map-Accounts-${defaults}-problems`).textContent()).toBe(
      'Zoho has no field Shoe_Size',
    );
    expect(
      await last.getByLabel(`Row ${defaults + 1}: Zoho field`).getAttribute('aria-invalid'),
    ).toBe('true');
    expect((await host.adminApi('GET', '/modules/Accounts/mappings')).body.isDefault).toBe(true);

    await last.getByRole('button', { name: /^Remove row/ }).click();
    await rows.first().getByLabel('Row 1: Direction').selectOption('zoho_to_sage');
    await tab.getByRole('button', { name: 'Save mapping' }).click();
    await tab.getByText(`Mapping saved (${defaults} fields).`).first().waitFor();
    const stored = (await host.adminApi('GET', '/modules/Accounts/mappings')).body;
    expect(stored.isDefault).toBe(false);
    expect(stored.mappings).toHaveLength(defaults);
    expect(stored.mappings[0]).toMatchObject({
      zohoField: 'Account_Name',
      direction: 'zoho_to_sage',
    });

    await tab.getByRole('button', { name: 'Reset to defaults' }).click();
    await tab.getByRole('button', { name: 'Yes, reset' }).click();
    await tab.getByText('The standard mapping is back.').waitFor();
    expect((await host.adminApi('GET', '/modules/Accounts/mappings')).body.isDefault).toBe(true);

    const bakery = await sb.zohoIdOf('Accounts', 'Account_Name', 'Bay Area Bakeries');
    await tab.getByLabel('Record', { exact: true }).fill(bakery);
    await tab.getByRole('button', { name: 'Preview', exact: true }).click();
    const diff = tab.locator(`.st-diff[data-record="${bakery}"]`);
    await diff.waitFor();
    expect(await diff.textContent()).toMatch(/Created.*Zoho → Sage/);
    expect(await diff.locator('tr', { hasText: 'sage.CustomerName' }).textContent()).toMatch(
      /Bay Area Bakeries/,
    );
    expect(await host.backend.repos.links.count(sb.tenantId, 'Accounts', 'linked')).toBe(0);
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 90_000);

  it("edits a transform's parameters: a code table, a number's scale, a constant; a bad scale is refused on its row", async () => {
    const { page, tab } = await openSettings(host, 'admin', 'Field mapping');
    const rows = tab.locator('tr[data-row]');
    await rows.first().waitFor();
    const fields = await rows.evaluateAll((trs) =>
      trs.map((tr) => (tr.querySelector('input') as HTMLInputElement).value),
    );
    const typeRow = fields.indexOf('Account_Type') + 1;
    const creditRow = fields.indexOf('Credit_Limit') + 1;
    expect(typeRow).toBeGreaterThan(0);
    expect(creditRow).toBeGreaterThan(0);

    // Sage's customer type WHL (wholesale) has no entry in the standard table.
    const table = tab.getByLabel(`Row ${typeRow}: Codes (Sage=Zoho, …)`);
    expect(await table.inputValue()).toBe(
      'RET=Customer, DIST=Distributor, RESL=Reseller, PART=Partner',
    );
    await table.fill('RET=Customer, DIST=Distributor, WHL=Distributor');
    await table.press('Tab');
    await tab.getByLabel(`Row ${typeRow}: Other values`).selectOption('pass');

    const scale = tab.getByLabel(`Row ${creditRow}: Decimals`);
    await scale.fill('x');
    await tab.getByRole('button', { name: 'Save mapping' }).click();
    await tab.getByText('The rows marked below need a change.').waitFor();
    expect(await tab.locator('tr.st-row-invalid').count()).toBe(1);
    expect(await tab.locator(`#map-Accounts-${creditRow - 1}-problems`).textContent()).toBe(
      'the number of decimals is a whole number from 0 to 6',
    );
    await scale.fill('0');

    await tab.getByRole('button', { name: 'Add a field' }).click();
    const n = fields.length + 1;
    await tab.getByLabel(`Row ${n}: Zoho field`).fill('Description');
    await tab.getByLabel(`Row ${n}: Sage field`).fill('CustomerName');
    await tab.getByLabel(`Row ${n}: Direction`).selectOption('sage_to_zoho');
    await tab.getByLabel(`Row ${n}: Conversion`).selectOption('constant');
    await tab.getByLabel(`Row ${n}: Value`).fill('Synced from Sage 100');
    await tab.getByRole('button', { name: 'Save mapping' }).click();
    await tab.getByText(`Mapping saved (${n} fields).`).first().waitFor();

    const stored = (await host.adminApi('GET', '/modules/Accounts/mappings')).body.mappings;
    const by = (f: string) => stored.find((m: { zohoField: string }) => m.zohoField === f);
    expect(by('Account_Type').transform).toEqual({
      kind: 'code',
      table: { RET: 'Customer', DIST: 'Distributor', WHL: 'Distributor' },
      otherwise: 'pass',
    });
    expect(by('Credit_Limit').transform).toEqual({ kind: 'number', scale: 0 });
    expect(by('Description')).toMatchObject({
      sageField: 'CustomerName',
      direction: 'sage_to_zoho',
      transform: { kind: 'constant', value: 'Synced from Sage 100' },
    });
    // Reloaded, the editor shows what was saved.
    await page.reload();
    const again = await openSettings(host, 'admin', 'Field mapping');
    expect(await again.tab.getByLabel(`Row ${n}: Value`).inputValue()).toBe('Synced from Sage 100');
    await again.page.close();
    await page.close();
    await host.adminApi('POST', '/modules/Accounts/mappings/reset', {});
  }, 90_000);
});

describeWith([chromium], 'filters on the sandbox CRM', () => {
  it('counts what the criteria let through, and marks a field neither side has', async () => {
    const { page, tab, frame } = await openSettings(host, 'admin', 'Filters');
    await tab.getByRole('button', { name: 'Add a criterion' }).click();
    await tab.getByLabel('Criterion 1: Field').fill('Account_Name');
    await tab.getByLabel('Criterion 1: Operator').selectOption('starts_with');
    await tab.getByLabel('Criterion 1: Value').fill('bay');
    await tab.getByRole('button', { name: 'Count matching records' }).click();
    await expect
      .poll(() => tab.getByTestId('filter-count').textContent())
      .toBe('Sage: 25 of 25 records would sync. Zoho: 1 of 3 records would sync.');

    await tab.getByLabel('Criterion 1: Field').fill('Shoe_Size');
    await tab.getByRole('button', { name: 'Count matching records' }).click();
    await tab.getByText('Zoho has no field Shoe_Size').waitFor();
    await tab.getByLabel('Criterion 1: Field').fill('Account_Name');
    await tab.getByRole('button', { name: 'Save filters' }).click();
    await tab.getByText('Filters saved (1 criteria).').waitFor();
    expect((await host.adminApi('GET', '/modules/Accounts/filters')).body.filters).toEqual([
      { side: 'zoho', field: 'Account_Name', operator: 'starts_with', value: 'bay' },
    ]);
    expect(await axeViolations(frame)).toEqual([]);
    await host.adminApi('PUT', '/modules/Accounts/filters', { filters: [] });
    await page.close();
  }, 60_000);
});

/** Records every text the progress line of `module` shows, in order, in the frame. */
const watchFacts = (frame: Frame, module: string) =>
  frame.evaluate((m) => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => {
      const text = document.querySelector(`[data-testid="facts-${m}"]`)?.textContent ?? '';
      if (text && seen[seen.length - 1] !== text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, module);
const seen = (frame: Frame) => frame.evaluate(() => (window as unknown as { seen: string[] }).seen);
/** Every distinct text of the run's per-pass line, as the admin saw it change. */
const watchPasses = (frame: Frame, module: string) =>
  frame.evaluate((m) => {
    const passes: string[] = [];
    (window as unknown as { passes: string[] }).passes = passes;
    new MutationObserver(() => {
      const text = document.querySelector(`[data-testid="passes-${m}"]`)?.textContent ?? '';
      if (text && passes[passes.length - 1] !== text) passes.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, module);

describeWith([chromium], 'historical sync on the sandbox CRM', () => {
  it('refuses a start with no module or a date in the future', async () => {
    const { page, tab } = await openSettings(host, 'admin', 'Historical sync');
    const posts: string[] = [];
    page.on(
      'request',
      (r) => r.method() === 'POST' && r.url().includes('/api/') && posts.push(r.url()),
    );
    await tab.getByRole('button', { name: 'Start' }).click();
    await tab.getByText('Tick at least one module.').waitFor();
    await tab.getByLabel(ACCOUNTS, { exact: true }).check();
    await tab.getByLabel(`${ACCOUNTS}: changed since`).fill('2999-01-01');
    await tab.getByRole('button', { name: 'Start' }).click();
    await tab.getByText(/the date is in the future/).waitFor();
    expect(posts).toEqual([]);
    await page.close();
  }, 60_000);

  it('shows the progress bar moving page by page and ends with the counts the API reports', async () => {
    await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' });
    const { page, tab, frame } = await openSettings(host, 'admin', 'Historical sync');
    await watchFacts(frame, 'Accounts');
    await watchPasses(frame, 'Accounts');
    await frame.evaluate(() => {
      const values: string[] = [];
      (window as unknown as { bar: string[] }).bar = values;
      new MutationObserver(() => {
        const v = document.querySelector('[role=progressbar]')?.getAttribute('aria-valuetext');
        if (v && values[values.length - 1] !== v) values.push(v);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await tab.getByLabel(ACCOUNTS, { exact: true }).check();
    await tab.getByLabel(`${ACCOUNTS}: changed since`).fill('2020-01-01');
    // Each agent page takes 400 ms, as a real Sage server's does: the pages' storage is fast
    // enough that on a quiet machine the whole run ended between two progress updates.
    host.backend.sandbox!.sage.setLatency({ agentMs: 400 });
    await tab.getByRole('button', { name: 'Start' }).click();
    const final = tab.getByTestId('final-Accounts');
    await final.waitFor({ timeout: 60_000 });
    host.backend.sandbox!.sage.setLatency({ agentMs: 0 });
    const reads = (await seen(frame)).map((t) => Number(/Read (\d+)/.exec(t)?.[1]));
    // Several distinct, rising read counts: the line moved while the run went.
    expect(new Set(reads).size).toBeGreaterThanOrEqual(3);
    expect([...reads].sort((a, b) => a - b)).toEqual(reads);
    // The bar is determinate from the first page on, from the total Sage's feed counts
    // (estimatedTotal): rising percentages with the time left, and 100% at the end. Before the
    // first page it says what it read so far.
    const bar = await frame.evaluate(() => (window as unknown as { bar: string[] }).bar);
    const moving = bar.slice(0, -1).filter((v) => !v.endsWith('so far'));
    const percents = moving.map((v) => Number(/^(\d+)%, /.exec(v)?.[1]));
    expect(percents.length).toBeGreaterThanOrEqual(2);
    expect(percents.every((p) => p > 0 && p < 100)).toBe(true);
    expect([...percents].sort((a, b) => a - b)).toEqual(percents);
    expect(new Set(percents).size).toBeGreaterThanOrEqual(2);
    for (const v of moving)
      expect(v).toMatch(
        /^\d+%, (less than a minute left|finishing|about \d+ min left|time left not known yet)$/,
      );
    expect(bar[bar.length - 1]).toBe('100%');
    // A two-way run shows each pass: Sage's counted page by page while Zoho's is still
    // "counting…" (not 0 left, not "finishing"), then Sage's whole and Zoho's own count.
    const passes = await frame.evaluate(() => (window as unknown as { passes: string[] }).passes);
    const sagePass = passes.filter((v) =>
      /^Sage → Zoho: \d+ of 25 · Zoho → Sage: counting…$/.test(v),
    );
    expect(sagePass.length).toBeGreaterThanOrEqual(2);
    for (const v of passes.slice(0, -1))
      expect(v).toMatch(
        /^Sage → Zoho: (counting…|\d+ of 25) · Zoho → Sage: counting…$|^Sage → Zoho: 25 of 25 · Zoho → Sage: \d+ of \d+$/,
      );
    const [done] = (await host.adminApi('GET', '/runs?module=Accounts&limit=1')).body.runs;
    const [s, z] = done.progress.passes;
    expect(passes[passes.length - 1]).toBe(
      `Sage → Zoho: ${s.done} of ${s.done} · Zoho → Sage: ${z.done} of ${z.done}`,
    );
    expect(s.done).toBe(25);
    expect(z.done).toBeGreaterThan(0);
    // While Zoho was uncounted the bar said the Sage pass's half at most, and no time left.
    const uncountedBar = bar.filter((v) => v.endsWith('time left not known yet'));
    expect(uncountedBar.length).toBeGreaterThan(0);
    for (const v of uncountedBar) expect(Number(/^(\d+)%/.exec(v)?.[1])).toBeLessThanOrEqual(50);
    // The facts line says the same: nothing left or time left while Zoho is uncounted (it said
    // "left 0 · finishing" at the Sage pass's end), never a count of seconds.
    const running = (await seen(frame)).filter((f) => f.includes('records/s'));
    const uncounted = running.filter((f) => f.endsWith('· time left not known yet'));
    expect(uncounted.length).toBeGreaterThan(0);
    for (const f of uncounted) expect(f).toContain('left — ·');
    expect(running.some((f) => f.endsWith('· finishing'))).toBe(false);
    expect(running.some((f) => /\d s left/.test(f))).toBe(false);
    const [run] = (await host.adminApi('GET', '/runs?module=Accounts&limit=1')).body.runs;
    expect(run).toMatchObject({ kind: 'backfill' });
    expect(await final.textContent()).toBe(
      `Done: ${run.counts.created ?? 0} created, ${run.counts.updated ?? 0} updated, ${run.counts.unchanged ?? 0} unchanged, ${run.counts.skipped ?? 0} skipped, ${run.counts.failed ?? 0} failed.` +
        (run.reason ? ` — ${run.reason}` : ''),
    );
    expect(run.counts.created).toBeGreaterThan(0);
    expect(await tab.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 120_000);

  it('Cancel stops a running historical sync between pages', async () => {
    // The agent answers each page 400 ms late (a delaying proxy in front of it), so the run is
    // still going when the admin clicks Cancel.
    const saved = (await host.backend.repos.sageConnections.get(sb.tenantId))!;
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
    await host.backend.repos.sageConnections.save({
      ...saved,
      agentUrl: `${agent.protocol}//127.0.0.1:${port}${agent.pathname}`,
    });
    try {
      const { page, tab } = await openSettings(host, 'admin', 'Historical sync');
      await tab.getByLabel(ACCOUNTS, { exact: true }).check();
      await tab.getByLabel(`${ACCOUNTS}: changed since`).fill('2000-01-01');
      await tab.getByRole('button', { name: 'Start' }).click();
      await tab
        .getByText(/pages [1-9]/)
        .first()
        .waitFor({ timeout: 30_000 });
      await tab.getByRole('button', { name: `Cancel the ${ACCOUNTS} run` }).click();
      await tab
        .locator('.st-progress .st-pill', { hasText: 'Cancelled' })
        .waitFor({ timeout: 30_000 });
      const [run] = (await host.adminApi('GET', '/runs?module=Accounts&limit=1')).body.runs;
      expect(run.status).toBe('cancelled');
      expect(run.reason).toMatch(/cancelled on request/);
      await page.close();
    } finally {
      await host.backend.repos.sageConnections.save(saved);
      proxy.close();
    }
  }, 90_000);
});

describeWith([chromium], 'sync now and logs on the sandbox CRM', () => {
  it('Preview shows a field diff for an edited record and writes nothing; Run does it', async () => {
    await host.adminApi('PUT', '/modules/Contacts', { direction: 'disabled' });
    await runAndWait(host, { modules: ['Accounts'] });
    const abf = await sb.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    // A CRM user edits the account (the sandbox CRM's record changes as Zoho's UI would).
    host.backend.sandbox!.zohoSim.editRecord(sb.orgId, 'Accounts', abf, {
      Billing_City: 'Evanston',
    });
    const link = (await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', abf))!;
    expect(sageCustomer(link.sageKey!)?.City).toBe('Chicago');
    const { page, tab, frame } = await openSettings(host, 'admin', 'Sync now');
    await tab.getByLabel(ACCOUNTS, { exact: true }).check();
    await tab.getByLabel('Zoho → Sage').check();
    await tab.getByRole('button', { name: 'Preview' }).click();
    const diff = tab.locator(`.st-diff[data-record="${abf}"]`);
    await diff.waitFor();
    expect(await diff.locator('tr', { hasText: 'sage.City' }).textContent()).toBe(
      'sage.CityChicagoEvanston',
    );
    // Nothing written: Sage still has the old city, the link was not touched.
    expect(sageCustomer(link.sageKey!)?.City).toBe('Chicago');
    const untouched = await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', abf);
    expect(untouched?.lastSyncedAt).toBe(link.lastSyncedAt);
    expect((await host.adminApi('GET', '/modules')).body.modules[0].settings.direction).toBe(
      'both',
    );

    await tab.getByRole('button', { name: 'Run', exact: true }).click();
    await tab.getByTestId('final-Accounts').waitFor({ timeout: 60_000 });
    expect(await tab.getByTestId('final-Accounts').textContent()).toMatch(/1 updated/);
    expect(sageCustomer(link.sageKey!)?.City).toBe('Evanston');
    expect((await host.adminApi('GET', '/modules')).body.modules[0].settings.direction).toBe(
      'both',
    );
    // Sage's side of that write comes back in a Sage → Zoho preview: an echo, said in words.
    await tab.getByLabel('Sage → Zoho').check();
    await tab.getByRole('button', { name: 'Preview' }).click();
    const echo = tab.locator('.st-diff.st-echo', { hasText: `Sage ${link.sageKey!}` });
    await echo.waitFor();
    const label = echo.locator('strong');
    expect(await label.textContent()).toBe('Our own earlier write — nothing to do');
    const why =
      'Sage 100 Sync made this change itself in an earlier run; it came back from the other ' +
      'system, so nothing is written again.';
    expect(await label.getAttribute('title')).toBe(why);
    expect(await echo.getByTestId('echo-hint').textContent()).toBe(why);
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 120_000);

  it("the log's failed count opens the failed records with their reason; replay after the fix succeeds, one and all", async () => {
    await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' });
    await runAndWait(host, { modules: ['Accounts'] }); // everything else linked first
    const sim = host.backend.sandbox!.zohoSim;
    const [rival, second] = sim.seedRecords(sb.orgId, 'Accounts', [
      { Account_Name: 'Rival Widgets Inc', Billing_City: 'Dayton' },
      { Account_Name: 'Second Source Supply', Billing_City: 'Akron' },
    ]);
    // The cause: Sage's web services are unreachable (a wrong URL) while the run writes them.
    const saved = (await host.backend.repos.sageConnections.get(sb.tenantId))!;
    await host.backend.repos.sageConnections.save({
      ...saved,
      endpointUrl: 'http://127.0.0.1:9/eBusinessWebServices/MasBasicWsdl.svc',
    });
    let run;
    try {
      [run] = await runAndWait(host, { modules: ['Accounts'], direction: 'zoho_to_sage' });
    } finally {
      await host.backend.repos.sageConnections.save(saved); // the fix
    }
    expect(run.counts.failed).toBe(2);

    const { page, tab, frame } = await openSettings(host, 'admin', 'Logs');
    const failed = tab.locator('button[data-count="failed"]').first();
    expect(await failed.textContent()).toBe('2');
    // The runs table stays inside its card in the tab's frame (it used to spill 18 px past its
    // right edge): a wider one would scroll in its own box.
    const spill = await frame.evaluate(() => {
      const card = document.querySelector('.st-runs')!.closest('.st-card')!;
      return {
        card: card.scrollWidth - card.clientWidth,
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      };
    });
    expect(spill).toEqual({ card: 0, page: 0 });
    await failed.click();
    const records = tab.getByRole('region', { name: 'Failed records' });
    await records.getByRole('heading', { name: /^2 Failed records of the run/ }).waitFor();
    const one = records.locator('.st-record', { hasText: rival! });
    expect(await one.getByTestId('reason').textContent()).toMatch(/ECONNREFUSED 127\.0\.0\.1:9/);
    expect(await one.textContent()).toMatch(/sage\.CustomerName: — → Rival Widgets Inc/);
    // The link opens the record where the CRM shows it (the sandbox CRM's record page).
    expect(await one.getByRole('link', { name: `Zoho record ${rival}` }).getAttribute('href')).toBe(
      `${host.url}/sandbox/crm/Accounts/${rival}`,
    );
    await one.getByRole('button', { name: `Replay record ${rival}` }).click();
    await expect
      .poll(() => one.getByTestId('replay-outcome').textContent())
      .toMatch(/Replayed: Created/);
    const link = await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', rival!);
    expect(link?.state).toBe('linked');
    const sageKey = link!.sageKey!;
    expect(
      host.backend
        .sandbox!.sage.customers()
        .find((c) => `${String(c.ARDivisionNo)}-${String(c.CustomerNo)}` === sageKey)?.CustomerName,
    ).toBe('Rival Widgets Inc');

    // Replay all: the run's failures again (the one left, and the one already replayed is a no-op).
    await records.getByRole('button', { name: "Replay all of this run's failures" }).click();
    await records.getByText(/Replayed: \d+ runs started\./).waitFor();
    await expect
      .poll(
        async () =>
          (await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', second!))?.state,
        { timeout: 30_000 },
      )
      .toBe('linked');
    expect(
      host.backend.sandbox!.sage.customers().filter((c) => c.CustomerName === 'Rival Widgets Inc'),
    ).toHaveLength(1);
    expect(
      host.backend
        .sandbox!.sage.customers()
        .filter((c) => c.CustomerName === 'Second Source Supply'),
    ).toHaveLength(1);
    expect(await axeViolations(frame)).toEqual([]);

    // The run's records as CSV: the export button downloads what the log shows.
    const [download] = (await Promise.all([
      page.waitForEvent('download'),
      tab
        .getByRole('button', { name: /^Export CSV of the run of/ })
        .nth(rowOf(await runsShown(tab), run.id))
        .click(),
    ])) as [Download, unknown];
    expect(download.suggestedFilename()).toBe(`Accounts-${run.startedAt.slice(0, 10)}.csv`);
    const csv = fs.readFileSync((await download.path())!, 'utf8');
    const [header, ...lines] = csv.trim().split(/\r?\n/);
    expect(header).toMatch(/^event_id,/);
    const failedLines = lines.filter((l) => l.includes(',zoho_to_sage,failed,'));
    expect(failedLines).toHaveLength(2);
    expect(failedLines.filter((l) => l.includes(`,failed,${rival},`))).toHaveLength(1);
    expect(failedLines.filter((l) => l.includes(`,failed,${second},`))).toHaveLength(1);
    expect(failedLines.every((l) => l.includes('ECONNREFUSED 127.0.0.1:9'))).toBe(true);
    await page.close();
  }, 120_000);
});

/** The sandbox Sage company's customer with this key ("01-ABF"). */
const sageCustomer = (key: string) =>
  host.backend
    .sandbox!.sage.customers()
    .find((c) => `${String(c.ARDivisionNo)}-${String(c.CustomerNo)}` === key);

/** The run ids of the log's table, top to bottom. */
const runsShown = (tab: import('playwright-core').FrameLocator) =>
  tab.locator('tr[data-run]').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-run')));
const rowOf = (ids: Array<string | null>, id: string) => {
  const i = ids.indexOf(id);
  if (i < 0) throw new Error(`run ${id} is not in the log: ${ids.join(', ')}`);
  return i;
};
