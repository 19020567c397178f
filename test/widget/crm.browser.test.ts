import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  actAs,
  axeViolations,
  frameOf,
  newAccount,
  signInThroughPopup,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * The widget in headless Chromium on the sandbox CRM host, as users meet it: the admin connects
 * the org from the settings tab, a sales rep syncs a new account, reads the status panel, and
 * meets a refused sync, an ended session, Sage offline, and a popup that cannot post back. Each
 * test asserts what the user sees, and the Sage simulator's state where a write was promised.
 * The tests run in order on one backend (the org is connected once).
 */

let host: CrmHost;
const FINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost();
}, 60_000);
afterAll(async () => host?.close());

const statusFrame = (page: import('playwright-core').Page) =>
  page.frameLocator('iframe[data-widget=status]');
const syncPopup = (page: import('playwright-core').Page) => page.frameLocator('dialog iframe');

describeWith([chromium], 'the widget in the sandbox CRM', () => {
  it('lets the admin connect the org from the settings tab, in the popup', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/settings`);
    await actAs(page, 'admin');
    const settings = page.frameLocator('iframe[data-widget=settings]');
    await signInThroughPopup(page, settings);
    await expect
      .poll(() => settings.getByRole('alert').textContent())
      .toContain('not connected to this Zoho CRM organisation yet');
    await signInThroughPopup(page, settings, 'Connect as administrator');
    await settings.getByRole('heading', { name: 'Sage 100 Sync', level: 1 }).waitFor();
    await expect.poll(() => settings.getByText('Sign in to Sage 100 Sync').count()).toBe(0);
    const [tenant] = await host.backend.repos.tenants.list();
    const connection = await host.backend.repos.zohoConnections.get(tenant!.id);
    expect(connection?.connectedAt).toBeTruthy();
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=settings]'))).toEqual([]);
    // A sales rep sees who can change these settings.
    await actAs(page, 'rep');
    await signInThroughPopup(page, settings);
    await settings.getByText('These settings are for CRM administrators').waitFor();
    await page.close();
  }, 90_000);

  it('a sales rep syncs a new account to Sage and sees the customer with the values shown', async () => {
    expect((await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' })).status).toBe(
      200,
    );
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, {
      'Account Name': 'Cascade Tooling',
      Phone: '503-555-0142',
      'Billing City': 'Portland',
      'Billing State': 'OR',
    });
    const panel = statusFrame(page);
    await signInThroughPopup(page, panel);
    await panel.getByText('Not in Sage yet').waitFor();
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);

    // By keyboard: focus the button, Enter opens the popup, which focuses its primary action.
    // The panel beside it is signed in and passes the popup a session (ADR 0077): no sign-in
    // prompt, no sign-in window, and the session is the rep's.
    const windows: string[] = [];
    page.on('popup', (w) => windows.push(w.url()));
    const redeems: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/auth/zoho/redeem')) redeems.push(r.frame().url());
    });
    await page.getByRole('button', { name: 'Sync to Sage' }).focus();
    await page.keyboard.press('Enter');
    const popup = syncPopup(page);
    await popup.getByText('Sage does not have it yet: a new customer will be created.').waitFor();
    expect(await popup.getByRole('button', { name: 'Sign in with Zoho' }).count()).toBe(0);
    expect(windows).toEqual([]);
    expect(redeems).toHaveLength(1);
    expect(redeems[0]).toContain('/sync.html');
    const popupFrame = await frameOf(page, 'dialog iframe');
    expect(await popupFrame.evaluate(() => JSON.stringify(sessionStorage))).toBe('{}');
    expect(await axeViolations(await frameOf(page, 'dialog iframe'))).toEqual([]);
    await expect.poll(() => popup.locator(':focus').textContent()).toBe('Sync to Sage');
    await page.keyboard.press('Enter');
    const created = popup.getByRole('status').filter({ hasText: 'Created in Sage' });
    await created.waitFor();
    const key = (await popup.locator('.key').textContent())!;
    expect(key).toMatch(/^01-\d{7}$/);
    expect(await created.textContent()).toContain(`Sage 100 has a new customer ${key}.`);
    expect(await axeViolations(await frameOf(page, 'dialog iframe'))).toEqual([]);

    // The customer exists in the Sage simulator with the account's values.
    const customers = host.backend.sandbox!.sage.customers();
    const customer = customers.find((c) => `${c.ARDivisionNo}-${c.CustomerNo}` === key);
    expect(customer).toMatchObject({
      CustomerName: 'Cascade Tooling',
      City: 'Portland',
      State: 'OR',
    });
    expect(String(customer!.TelephoneNo)).toContain('555-0142');

    // Done closes the popup and reloads the record: the Sage list beside it shows the customer.
    await Promise.all([
      page.waitForNavigation(),
      popup.getByRole('button', { name: 'Done' }).click(),
    ]);
    expect(await page.locator('dialog').count()).toBe(0);
    const firstRow = page.locator('aside tbody tr').first();
    expect(await firstRow.textContent()).toContain('Cascade Tooling');
    // The reloaded status panel is still signed in (its session handed across the reload by a
    // one-time code, platform/handoff.ts): no sign-in prompt, and no token left in storage.
    await panel.getByText('Linked').waitFor();
    expect(await panel.locator('.key').textContent()).toBe(key);
    expect(await panel.getByRole('button', { name: 'Sign in with Zoho' }).count()).toBe(0);
    const stored = await (
      await frameOf(page, 'iframe[data-widget=status]')
    ).evaluate(() => JSON.stringify(sessionStorage));
    expect(stored).toBe('{}');
    expect(await panel.getByText('Last checked').count()).toBe(0);

    // Synced again with nothing to change: "Last synced" stays, and the panel says it was checked.
    const lastSynced = await panel.locator('dt:text-is("Last synced") + dd').textContent();
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByText(`linked to Sage customer ${key}, which will be updated`).waitFor();
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByText('Already up to date').waitFor();
    await Promise.all([
      page.waitForNavigation(),
      popup.getByRole('button', { name: 'Done' }).click(),
    ]);
    await panel.getByText('Last checked').waitFor();
    expect(await panel.locator('dt:text-is("Last checked") + dd').textContent()).toMatch(
      /, nothing to change$/,
    );
    expect(await panel.locator('dt:text-is("Last synced") + dd').textContent()).toBe(lastSynced);
    await page.close();
  }, 120_000);

  it('a name Sage had to cut reads "Synced, with a note" in the panel, with what Sage keeps', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, {
      'Account Name': 'Rocket Propulsion Laboratories of Greater Irvine and Tustin',
      'Billing City': 'Irvine',
    });
    const panel = statusFrame(page);
    await signInThroughPopup(page, panel);
    await panel.getByText('Not in Sage yet').waitFor();
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    const popup = syncPopup(page);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByRole('status').filter({ hasText: 'Created in Sage' }).waitFor();
    await Promise.all([
      page.waitForNavigation(),
      popup.getByRole('button', { name: 'Done' }).click(),
    ]);
    await panel.getByText('Linked').waitFor();
    const note = panel.locator('.notice').filter({ hasText: 'Synced, with a note' });
    await note.waitFor();
    expect(await note.textContent()).toContain(
      'CustomerName trimmed to 50 characters ("Rocket Propulsion Laboratories of Greater Irvine")',
    );
    expect(await panel.getByText('Last sync failed').count()).toBe(0);
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('a contact the last sync skipped reads "Not synced" in the panel, with why', async () => {
    expect((await host.adminApi('PUT', '/modules/Contacts', { direction: 'both' })).status).toBe(
      200,
    );
    const sb = host.backend.sandbox!;
    const [id] = sb.zohoSim.seedRecords(sb.orgId, 'Contacts', [
      { First_Name: 'Ada', Last_Name: 'Orphan' },
    ]);
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Contacts/${id}`);
    await actAs(page, 'rep');
    const panel = statusFrame(page);
    await signInThroughPopup(page, panel);
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    const popup = syncPopup(page);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup
      .getByText(/no account chosen/)
      .first()
      .waitFor();
    await Promise.all([
      page.waitForNavigation(),
      popup.getByRole('button', { name: 'Done' }).click(),
    ]);
    const notice = panel
      .locator('.notice')
      .filter({ hasText: 'Not synced: the last sync skipped it' });
    await notice.waitFor();
    expect(await notice.textContent()).toContain(
      'no account chosen (Account_Name is empty): Sage files it under its customer; choose the account in Zoho, then sync again',
    );
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows a linked account’s credit status and open invoices in the status panel', async () => {
    const started = await host.adminApi('POST', '/runs', {
      modules: ['Accounts'],
      direction: 'sage_to_zoho',
    });
    expect(started.status).toBeLessThan(300);
    const ids: string[] =
      started.body.runIds ?? started.body.reports.map((r: { runId: string }) => r.runId);
    await expect
      .poll(
        async () =>
          (
            await Promise.all(
              ids.map(async (id) => (await host.adminApi('GET', `/runs/${id}`)).body.status),
            )
          ).every((s: string) => FINAL.has(s)),
        { timeout: 60_000 },
      )
      .toBe(true);
    const [tenant] = await host.backend.repos.tenants.list();
    const links = await host.backend.repos.links.list(tenant!.id, 'Accounts', { state: 'linked' });
    let target: { zohoId: string; status: any } | undefined; // eslint-disable-line @typescript-eslint/no-explicit-any
    for (const link of links) {
      const s = await host.adminApi('GET', `/records/Accounts/${link.zohoId}/status`);
      if (s.body.sage?.available && s.body.sage.openInvoices.length > 0) {
        target = { zohoId: link.zohoId!, status: s.body };
        break;
      }
    }
    expect(target).toBeDefined();
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts/${target!.zohoId}`);
    const panel = statusFrame(page);
    await signInThroughPopup(page, panel);
    await panel.getByText('Linked').waitFor();
    const { credit, openInvoices } = target!.status.sage;
    expect(await panel.locator('.key').textContent()).toBe(target!.status.sageKey);
    await panel
      .getByRole('heading', { name: `Open invoices (${credit.openInvoiceCount})` })
      .waitFor();
    const money = (n: number) =>
      new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(n);
    const facts = await panel.locator('dl.facts').nth(1).textContent();
    expect(facts).toContain(`Credit limit${money(credit.creditLimit)}`);
    expect(facts).toContain(`Balance${money(credit.currentBalance)}`);
    // The credit list lines up with the record's facts above it: labels and values start at
    // the same x.
    const starts = (selector: string) =>
      Promise.all(
        [0, 1].map((i) =>
          panel
            .locator('dl.facts')
            .nth(i)
            .locator(selector)
            .first()
            .evaluate((e) => Math.round(e.getBoundingClientRect().left)),
        ),
      );
    const [dt, dd] = [await starts('dt'), await starts('dd')];
    expect(dt[1]).toBe(dt[0]);
    expect(dd[1]).toBe(dd[0]);
    const rows = panel.locator('table.grid tbody tr');
    expect(await rows.count()).toBe(openInvoices.length);
    expect(await rows.first().textContent()).toContain(openInvoices[0].invoiceNo);
    // The frame was resized to its content: the whole table shows without scrolling.
    const frameHeight = await page
      .locator('iframe[data-widget=status]')
      .evaluate((f) => f.clientHeight);
    expect(frameHeight).toBeGreaterThan(200);
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('shows a failed sync’s reason, and a 401 brings the sign-in prompt back', async () => {
    expect((await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' })).status).toBe(
      200,
    );
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, { 'Account Name': 'Refused Rivets', 'Billing City': 'Tulsa' });
    host.backend.sandbox!.sage.faults().exception('*', { times: 50 });
    try {
      await page.getByRole('button', { name: 'Sync to Sage' }).click();
      const popup = syncPopup(page);
      await signInThroughPopup(page, popup);
      await popup.getByRole('button', { name: 'Sync to Sage' }).click();
      const failed = popup.getByRole('alert');
      await failed.waitFor({ timeout: 30_000 }).catch(async (e) => {
        await page.screenshot({ path: '/tmp/crm-fail4.png' });
        throw e;
      });
      expect(await failed.textContent()).toMatch(
        /Sage did not accept it.*The sync failed: .*exception/i,
      );
      expect(await popup.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    } finally {
      host.backend.sandbox!.sage.faults().clear();
    }
    // The session ends (the backend answers 401): the popup asks to sign in again, not blank.
    await page.route(/\/api\/v1\/records\/Accounts\/sync$/, (route) =>
      route.fulfill({
        status: 401,
        contentType: 'application/problem+json',
        body: JSON.stringify({
          title: 'Not signed in',
          status: 401,
          detail: 'The session has expired: sign in again.',
        }),
      }),
    );
    const popup = syncPopup(page);
    await popup.getByRole('button', { name: 'Try again' }).click();
    await popup.getByRole('heading', { name: 'Please sign in again' }).waitFor();
    await page.unroute(/\/api\/v1\/records\/Accounts\/sync$/);
    await signInThroughPopup(page, popup);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByText('Created in Sage').waitFor();
    // Done reloads the record (the panel was never signed in: it signs in now): it shows the account linked, and no longer the failure
    // that this sync has put right (it showed "Last sync failed: ... exception" from the event).
    await Promise.all([
      page.waitForNavigation(),
      popup.getByRole('button', { name: 'Done' }).click(),
    ]);
    const panel = statusFrame(page);
    await signInThroughPopup(page, panel);
    await panel.getByText('Linked').waitFor();
    expect(await panel.getByText('Last sync failed').count()).toBe(0);
    await page.close();
  }, 120_000);

  it('says Sage is not reachable when it is offline, in the panel and the popup', async () => {
    expect((await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' })).status).toBe(
      200,
    );
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, { 'Account Name': 'Offline Outfitters' });
    const linked = (
      await host.backend.repos.links.list(
        (await host.backend.repos.tenants.list())[0]!.id,
        'Accounts',
        { state: 'linked' },
      )
    )[0]!;
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Take Sage offline' }).click(),
    ]);
    try {
      const popupButton = page.getByRole('button', { name: 'Sync to Sage' });
      await popupButton.click();
      const popup = syncPopup(page);
      await signInThroughPopup(page, popup);
      await popup.getByRole('button', { name: 'Sync to Sage' }).click();
      const alert = popup.getByRole('alert');
      await alert.waitFor({ timeout: 40_000 }).catch(async (e) => {
        await page.screenshot({ path: '/tmp/crm-fail5.png' });
        throw e;
      });
      expect(await alert.textContent()).toContain(
        'Sage 100 is not reachable right now, so the customer was not sent.',
      );
      expect(await alert.textContent()).toContain('Try again in a few minutes.');
      await page.keyboard.press('Escape');

      await page.goto(`${host.url}/sandbox/crm/Accounts/${linked.zohoId}`);
      const panel = statusFrame(page);
      await signInThroughPopup(page, panel);
      await panel.getByText('Sage is not reachable right now').waitFor();
      await panel.getByText('Linked').waitFor();
    } finally {
      await host.backend.sandbox!.sage.setOnline(true);
    }
    await page.close();
  }, 120_000);

  it('signs in by the one-time code when the popup cannot post back (COOP page)', async () => {
    const page = await host.newPage();
    const [tenant] = await host.backend.repos.tenants.list();
    const linked = (
      await host.backend.repos.links.list(tenant!.id, 'Accounts', { state: 'linked' })
    )[0]!;
    await page.goto(`${host.url}/sandbox/crm/Accounts/${linked.zohoId}?coop=same-origin`);
    const panel = statusFrame(page);
    const popup = await signInThroughPopup(page, panel);
    const code = (await popup.locator('#signin-code').textContent())!;
    expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    await panel.getByText('No window? Your browser may have blocked it').waitFor();
    await panel.getByLabel('If that window shows a code, type it here:').fill(code);
    await panel.getByRole('button', { name: 'Use code' }).click();
    await panel.getByText('Linked').waitFor();
    await page.close();
  }, 90_000);
});
