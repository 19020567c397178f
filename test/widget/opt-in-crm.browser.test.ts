import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  actAs,
  axeViolations,
  newAccount,
  openSettings,
  runAndWait,
  signInThroughPopup,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * Per-record opt-in (ADR 0062) and inactive customers on the settings tab's module cards, then
 * what they do: an admin turns opt-in on for Accounts, a run leaves an unticked new account out,
 * a sales rep's "Sync to Sage" sends it and ticks its box in Zoho; the admin leaves inactive
 * customers out, which saves the catalog's preset filters. In order, on one connected backend.
 */

let host: CrmHost;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({ connected: true });
}, 60_000);
afterAll(async () => host?.close());

const SHOTS = '/tmp/shots';

describeWith([chromium], 'opt-in and inactive customers in the sandbox CRM', () => {
  it('an admin turns on opt-in for Accounts; Sync to Sage sends an unticked account and ticks it', async () => {
    expect((await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' })).status).toBe(
      200,
    );
    const { page, tab, frame } = await openSettings(host, 'admin', 'Modules');
    const accounts = tab.locator('details[data-module="Accounts"]');
    await accounts.locator('summary').click();
    const optIn = accounts.getByRole('form', { name: 'Per-record opt-in' });
    expect(await optIn.textContent()).toContain(
      'goes to Sage only when its “Sync to Sage” checkbox (field Sync_to_Sage) is ticked',
    );
    const toggle = optIn.getByLabel('Only send records whose “Sync to Sage” box is ticked');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await optIn.getByRole('button', { name: 'Save opt-in' }).click();
    await optIn.getByText('Opt-in is on for').waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await optIn.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/settings-opt-in.png` });
    const modules = await host.adminApi('GET', '/modules');
    const view = modules.body.modules.find((m: { module: string }) => m.module === 'Accounts');
    expect(view.settings.optIn).toBe(true);
    await page.close();

    // A rep's new account, not ticked: the module's run leaves it out of Sage.
    const rep = await host.newPage();
    await rep.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(rep, 'rep');
    const zohoId = await newAccount(rep, host, {
      'Account Name': 'Opt-in Optics',
      'Billing City': 'Boise',
    });
    const sim = host.backend.sandbox!;
    const ticked = () => sim.zohoSim.record(sim.orgId, 'Accounts', zohoId)?.Sync_to_Sage;
    expect(ticked()).toBeFalsy();
    const [run] = await runAndWait(host, { modules: ['Accounts'], direction: 'zoho_to_sage' });
    expect(run.counts.skipped).toBeGreaterThanOrEqual(1);
    const inSage = () => sim.sage.customers().find((c) => c.CustomerName === 'Opt-in Optics');
    expect(inSage()).toBeUndefined();

    // "Sync to Sage" is the rep's opt-in: the customer is created and the box is ticked in Zoho.
    await rep.getByRole('button', { name: 'Sync to Sage' }).click();
    const popup = rep.frameLocator('dialog iframe');
    await signInThroughPopup(rep, popup);
    await popup.getByRole('button', { name: 'Sync to Sage' }).click();
    await popup.getByRole('status').filter({ hasText: 'Created in Sage' }).waitFor();
    expect(inSage()).toMatchObject({ City: 'Boise' });
    expect(ticked()).toBe(true);
    await rep.close();
  }, 150_000);

  it('an admin leaves inactive customers out: the preset filters are saved', async () => {
    const { page, tab, frame } = await openSettings(host, 'admin', 'Modules');
    const accounts = tab.locator('details[data-module="Accounts"]');
    await accounts.locator('summary').click();
    const inactive = accounts.getByRole('form', { name: 'Inactive customers' });
    expect(await inactive.textContent()).toContain(
      'A customer made inactive in Sage 100 (Customer Status I) arrives in Zoho CRM with “Sage Inactive” ticked',
    );
    const toggle = inactive.getByLabel('Leave inactive customers out of the sync');
    expect(await toggle.isChecked()).toBe(false);
    await toggle.check();
    await inactive.getByRole('button', { name: 'Save inactive customers' }).click();
    await inactive.getByText('Inactive customers are left out of the sync.').waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await inactive.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/settings-inactive.png` });
    const saved = await host.adminApi('GET', '/modules/Accounts/filters');
    expect(saved.body.filters).toEqual([
      { side: 'sage', field: 'CustomerStatus', operator: 'not_equals', value: 'I' },
      { side: 'zoho', field: 'Sage_Inactive', operator: 'not_equals', value: true },
    ]);

    // The Filters section shows the rows, and offers the preset (already applied: no new rows).
    await tab
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Filters', exact: true })
      .click();
    await tab.getByRole('heading', { name: 'Filters', level: 2 }).waitFor();
    const rows = tab.locator('.st-filter-rows li');
    await expect.poll(() => rows.count()).toBe(2);
    await tab.getByRole('button', { name: 'Exclude inactive customers' }).click();
    expect(await rows.count()).toBe(2);

    // Unticking takes only the preset's rows out.
    await tab
      .getByRole('navigation', { name: 'Settings sections' })
      .getByRole('button', { name: 'Modules', exact: true })
      .click();
    await accounts.locator('summary').click();
    await inactive.getByLabel('Leave inactive customers out of the sync').uncheck();
    await inactive.getByRole('button', { name: 'Save inactive customers' }).click();
    await inactive.getByText('Inactive customers sync like the others.').waitFor();
    expect((await host.adminApi('GET', '/modules/Accounts/filters')).body.filters).toEqual([]);
    await page.close();
  }, 120_000);
});
