import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import { actAs, newAccount, openSettings, startCrmHost, type CrmHost } from './crm-host.js';

/**
 * The settings tab as an admin who has never seen it edits the Sage 100 connection: a refusal
 * shows on its fields until each is corrected, and "Test connection" never passes off the saved
 * connection as the values typed in the form. On one connected backend.
 */

let host: CrmHost;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({ connected: true });
}, 60_000);
afterAll(async () => host?.close());

describeWith([chromium], 'the Sage connection form, first use', () => {
  it('clears a field’s refusal once it is edited, and keeps the others', async () => {
    const { page, tab } = await openSettings(host, 'admin', 'Connections');
    const company = tab.getByLabel('Company code');
    const zone = tab.getByLabel('Sage server time zone');
    await company.fill('');
    await zone.fill('Mars/Olympus');
    await tab.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => company.getAttribute('aria-invalid')).toBe('true');
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    // The summary points at the fields, not at the API's names for them ("companyCode: ...").
    expect(await tab.getByRole('alert').textContent()).toBe(
      'Not saved. See the fields marked above.',
    );
    await company.fill('ABC');
    // The company code's "three letters or digits" goes; the time zone is still as refused.
    await expect.poll(() => company.getAttribute('aria-invalid')).toBe(null);
    expect(await tab.locator('#sage-company-error').count()).toBe(0);
    expect(await zone.getAttribute('aria-invalid')).toBe('true');
    expect(await tab.locator('#sage-zone-error').textContent()).toBe(
      'not an IANA time zone (like America/Chicago)',
    );
    await page.close();
  }, 60_000);

  it('tests the saved connection only: with unsaved edits it asks to save first', async () => {
    const { page, tab } = await openSettings(host, 'admin', 'Connections');
    const url = tab.getByLabel('eBusiness Web Services URL');
    const saved = await url.inputValue();
    const test = tab.getByRole('button', { name: 'Test connection' });
    expect(await test.isDisabled()).toBe(false);
    // Port 9 answers nothing; the saved connection does. The test would have passed.
    await url.fill(saved.replace(/:\d+\//, ':9/'));
    expect(await test.isDisabled()).toBe(true);
    await tab
      .getByText('Save your changes first: Test connection checks the saved connection.')
      .waitFor();
    // Discard puts the saved values back, and the test can run again.
    await tab.getByRole('button', { name: 'Discard changes' }).click();
    expect(await url.inputValue()).toBe(saved);
    expect(await test.isDisabled()).toBe(false);
    await test.click();
    await tab.getByText('Syncing can work').waitFor({ timeout: 30_000 });
    await page.close();
  }, 60_000);

  it('puts the menu above the section in a 400-pixel frame, the section as wide as the frame', async () => {
    const { page, frame } = await openSettings(host, 'admin', 'Connections');
    await page.addStyleTag({ content: 'iframe[data-widget=settings] { width: 400px !important }' });
    await expect.poll(() => frame.evaluate(() => window.innerWidth)).toBe(400);
    const box = (selector: string) =>
      frame.locator(selector).evaluate((e) => {
        const r = e.getBoundingClientRect();
        return {
          left: Math.round(r.left),
          top: Math.round(r.top),
          bottom: Math.round(r.bottom),
          width: Math.round(r.width),
        };
      });
    const nav = await box('.st-nav ul');
    const main = await box('.st-main');
    expect(main.top).toBeGreaterThanOrEqual(nav.bottom);
    expect(main.left).toBe(nav.left);
    // #app's padding is 16 px a side: the section has the rest, 368 px.
    expect(main.width).toBe(368);
    await page.close();
  }, 60_000);

  it('Sync now shows a run still going when the tab is opened again, and follows it to its end', async () => {
    expect((await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' })).status).toBe(
      200,
    );
    const rep = await host.newPage();
    await rep.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(rep, 'rep');
    await newAccount(rep, host, { 'Account Name': 'Lingering Lathes' });
    await rep.close();
    const held = host.backend.sandbox!.sage.faults().hold('CreateCustomer');
    try {
      const started = await host.adminApi('POST', '/runs', {
        modules: ['Accounts'],
        direction: 'zoho_to_sage',
      });
      expect(started.status).toBe(202);
      const runId: string = started.body.runIds?.[0] ?? started.body.runs[0].id;
      await held.reached;
      // The admin started it in another tab (or before a reload): this tab knows nothing of it.
      const { page, tab } = await openSettings(host, 'admin', 'Sync now');
      const row = tab.getByRole('region', { name: 'Run' }).locator(`[data-run="${runId}"]`);
      await row.waitFor();
      expect(await row.locator('.st-pill').textContent()).toBe('Running');
      held.release();
      await expect
        .poll(() => row.locator('.st-pill').textContent(), { timeout: 30_000 })
        .toBe('Succeeded');
      await page.close();
    } finally {
      held.release();
    }
  }, 90_000);

  it('Historical sync shows a backfill still going when opened, with its Cancel', async () => {
    expect((await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' })).status).toBe(
      200,
    );
    const held = host.backend.sandbox!.sage.faults().hold('CreateCustomer');
    try {
      const rep = await host.newPage();
      await rep.goto(`${host.url}/sandbox/crm/Accounts`);
      await actAs(rep, 'rep');
      await newAccount(rep, host, { 'Account Name': 'Backlog Bearings' });
      await rep.close();
      const started = await host.adminApi('POST', '/runs', {
        modules: ['Accounts'],
        direction: 'zoho_to_sage',
        since: '2026-01-01T00:00:00.000Z',
      });
      expect(started.status).toBe(202);
      const runId: string = started.body.runIds?.[0] ?? started.body.runs[0].id;
      await held.reached;
      const { page, tab } = await openSettings(host, 'admin', 'Historical sync');
      const row = tab.locator(`.st-progress[data-run="${runId}"]`);
      await row.waitFor();
      expect(await row.locator('.st-pill').textContent()).toBe('Running');
      expect(await row.getByRole('button', { name: /Cancel/ }).count()).toBe(1);
      held.release();
      await expect
        .poll(() => row.locator('.st-pill').textContent(), { timeout: 30_000 })
        .toBe('Succeeded');
      await page.close();
    } finally {
      held.release();
    }
  }, 90_000);
});
