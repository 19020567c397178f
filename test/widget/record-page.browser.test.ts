import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  actAs,
  axeViolations,
  frameOf,
  newAccount,
  openSettings,
  signInThroughPopup,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * What a user who has never seen the widget reads: the sign-in prompt says what signing in is
 * for in that place, and the "Sync to Sage" popup's outcome says what Sage did to the values,
 * not only that it worked. On one connected
 * backend, Accounts both ways.
 */

let host: CrmHost;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({ connected: true });
  await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' });
}, 60_000);
afterAll(async () => host?.close());

const syncPopup = (page: import('playwright-core').Page) => page.frameLocator('dialog iframe');

describeWith([chromium], 'the record page, as a sales rep reads it', () => {
  it('asks to sign in for what each place does: the settings tab speaks of settings', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/settings`);
    const prompt = page.frameLocator('iframe[data-widget=settings]').locator('.sign-in');
    await prompt.getByRole('button', { name: 'Sign in with Zoho' }).waitFor();
    expect(await prompt.locator('p').first().textContent()).toBe(
      'Sign in with your Zoho account to see and change how Sage 100 Sync keeps Zoho CRM and Sage 100 in agreement.',
    );
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await page.locator('a[href*="/Accounts/"]').nth(1).click();
    const panel = page.frameLocator('iframe[data-widget=status]').locator('.sign-in');
    expect(await panel.locator('p').first().textContent()).toBe(
      'Sign in with your Zoho account to see this record in Sage 100 and send it there.',
    );
    await page.close();
  }, 60_000);

  it('says when Sage shortened a value: a 69-character account name is cut to 50', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    const name = 'Société Générale de Distribution Électrique du Québec Ltée (Montréal)';
    await newAccount(page, host, { 'Account Name': name });
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    const popup = syncPopup(page);
    await signInThroughPopup(page, popup);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    const created = popup.getByRole('status').filter({ hasText: 'Created in Sage' });
    await created.waitFor();
    const key = (await popup.locator('.key').textContent())!;
    const customer = host.backend
      .sandbox!.sage.customers()
      .find((c) => `${c.ARDivisionNo}-${c.CustomerNo}` === key);
    expect(customer?.CustomerName).toBe('Société Générale de Distribution Électrique du');
    expect(await created.textContent()).toContain(
      'CustomerName trimmed to 50 characters ("Société Générale de Distribution Électrique du")',
    );
    await page.screenshot({ path: '/tmp/shots/sync-trimmed-note.png' });
    await page.close();
  }, 90_000);

  it('after a sync that met Sage offline, the panel says so in words and when it is tried again', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    const zohoId = await newAccount(page, host, { 'Account Name': 'Unplugged Pumps' });
    await host.backend.sandbox!.sage.setOnline(false);
    try {
      await page.getByRole('button', { name: 'Sync to Sage' }).click();
      const popup = syncPopup(page);
      await signInThroughPopup(page, popup);
      await popup.getByRole('button', { name: 'Sync to Sage' }).click();
      await popup.getByText('Sage 100 is not reachable right now').waitFor({ timeout: 40_000 });
      await page.keyboard.press('Escape');
      const status = await host.adminApi('GET', `/records/Accounts/${zohoId}/status`);
      expect(status.body.retry).toMatchObject({ attempts: 1, exhausted: false });
      await page.reload();
      const panel = page.frameLocator('iframe[data-widget=status]');
      await signInThroughPopup(page, panel);
      const failed = panel.getByRole('alert').filter({ hasText: 'Last sync failed' });
      await failed.waitFor();
      const when = new Date(status.body.retry.nextAttemptAt).toLocaleString('en-US', {
        dateStyle: 'medium',
        timeStyle: 'short',
      });
      expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
      expect(await failed.textContent()).toBe(
        'Last sync failed' +
          'Sage 100 could not be reached.' +
          `Sage 100 Sync tries it again by itself at ${when} (tried 1 time so far).`,
      );
    } finally {
      await host.backend.sandbox!.sage.setOnline(true);
    }
    await page.close();
    // The admin's Logs call that run of one record that failed "Failed", not "Partly done".
    const runs = await host.adminApi('GET', '/runs');
    const run = (runs.body.runs as Array<{ id: string; kind: string }>).find(
      (r) => r.kind === 'record',
    )!;
    const logs = await openSettings(host, 'admin', 'Logs');
    const row = logs.tab.locator(`tr[data-run="${run.id}"]`);
    expect(await row.locator('.st-pill').textContent()).toBe('Failed');
    await logs.page.close();
  }, 120_000);

  it('when the panel cannot load, it offers to try again, without a reload (which signs out)', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, { 'Account Name': 'Hiccup Hydraulics' });
    const status = /\/api\/v1\/records\/Accounts\/\d+\/status$/;
    await page.route(status, (route) =>
      route.request().method() === 'GET'
        ? route.fulfill({
            status: 500,
            contentType: 'application/problem+json',
            body: JSON.stringify({ title: 'Internal error', status: 500 }),
          })
        : route.continue(),
    );
    const panel = page.frameLocator('iframe[data-widget=status]');
    await signInThroughPopup(page, panel);
    await panel
      .getByRole('alert')
      .filter({ hasText: 'Something went wrong in Sage 100 Sync. Try again' })
      .waitFor();
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.unroute(status);
    await panel.getByRole('button', { name: 'Try again' }).click();
    await panel.getByText('Not in Sage yet').waitFor();
    expect(await panel.getByRole('alert').count()).toBe(0);

    // A Deal's panel the same way.
    const deals = /\/api\/v1\/records\/Deals\/\d+\/status$/;
    await page.route(deals, (route) =>
      route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{}' }),
    );
    await page.goto(`${host.url}/sandbox/crm/Deals`);
    await page.locator('a[href*="/Deals/"]').first().click();
    await signInThroughPopup(page, panel);
    await panel.getByRole('button', { name: 'Try again' }).waitFor();
    await page.unroute(deals);
    await panel.getByRole('button', { name: 'Try again' }).click();
    await panel.getByText(/Sage orders \(\d+\)/).waitFor();
    await page.close();
  }, 60_000);

  it('the popup does not promise a new customer when it could not read the record’s link', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, { 'Account Name': 'Known Knives' });
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    const popup = syncPopup(page);
    await signInThroughPopup(page, popup);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByText('Created in Sage').waitFor();
    await Promise.all([
      page.waitForNavigation(),
      popup.getByRole('button', { name: 'Done' }).click(),
    ]);
    // Linked now; the popup's read of the record fails this time.
    await page.route(/\/api\/v1\/records\/Accounts\/\d+\/status$/, (route) =>
      route.fulfill({ status: 500, contentType: 'application/problem+json', body: '{}' }),
    );
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    await signInThroughPopup(page, popup);
    await popup.getByRole('button', { name: 'Sync to Sage' }).waitFor();
    await expect
      .poll(() => popup.locator('.popup-body').textContent())
      .toBe(
        'This sends this account to Sage 100 as a customer: its name, address and phone.' +
          'Sage 100 Sync could not check whether Sage has it yet: the sync finds out.',
      );
    await page.close();
  }, 60_000);

  it('a record changed on both sides says so, and that an admin resolves it in Review', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    const zohoId = await newAccount(page, host, { 'Account Name': 'Twice Edited Tools' });
    await page.getByRole('button', { name: 'Sync to Sage' }).click();
    const popup = syncPopup(page);
    await signInThroughPopup(page, popup);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByRole('status').filter({ hasText: 'Created in Sage' }).waitFor();
    // Then both sides edit it: the engine opens a conflict for the admin's review.
    const { repos } = host.backend;
    const [tenant] = await repos.tenants.list();
    const link = (await repos.links.findByZohoId(tenant!.id, 'Accounts', zohoId))!;
    await repos.conflicts.open({
      tenantId: link.tenantId,
      module: 'Accounts',
      linkId: link.id,
      zohoId,
      sageKey: link.sageKey,
      fields: [
        { field: 'Phone ↔ TelephoneNo', zohoValue: '312-555-0100', sageValue: '(312) 555-0101' },
      ],
    });
    await page.reload();
    const panel = page.frameLocator('iframe[data-widget=status]');
    await signInThroughPopup(page, panel);
    const notice = panel
      .getByRole('status')
      .filter({ hasText: 'Changed in both Zoho and Sage 100' });
    await notice.waitFor();
    expect(await notice.textContent()).toBe(
      'Changed in both Zoho and Sage 100' +
        'This customer was changed on both sides since the last sync (Phone ↔ TelephoneNo). A CRM ' +
        'administrator chooses which values to keep, in the Sage 100 Sync settings tab under Review.',
    );
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.close();
  }, 90_000);

  it('Done after a failed sync reloads the record: the panel beside it shows the failure', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, { 'Account Name': 'Stale Staplers' });
    const panel = page.frameLocator('iframe[data-widget=status]');
    await signInThroughPopup(page, panel);
    await panel.getByText('Not in Sage yet').waitFor();
    await host.backend.sandbox!.sage.setOnline(false);
    try {
      await page.getByRole('button', { name: 'Sync to Sage' }).click();
      const popup = syncPopup(page);
      await popup.getByRole('button', { name: 'Sync to Sage' }).click();
      await popup.getByText('Sage 100 is not reachable right now').waitFor({ timeout: 40_000 });
      await Promise.all([
        page.waitForNavigation(),
        popup.getByRole('button', { name: 'Done' }).click(),
      ]);
      // Still signed in across the reload (ADR 0064), and no longer "nothing happened".
      await panel.getByText('Last sync failed').waitFor();
      expect(await panel.getByRole('button', { name: 'Sign in with Zoho' }).count()).toBe(0);
    } finally {
      await host.backend.sandbox!.sage.setOnline(true);
    }
    await page.close();
  }, 90_000);
});
