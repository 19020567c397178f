import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  actAs,
  axeViolations,
  frameOf,
  signInThroughPopup,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * The settings tab framed in the sandbox CRM host, as in Zoho: the built widget on its own
 * origin inside /sandbox/crm/settings, our fake SDK, sign-in and the admin's connect through the
 * real popup, every call cross-origin to the backend. The sections' own paths and bad input are
 * in settings.browser.test.ts; this checks the tab works where CRM puts it.
 */

let host: CrmHost;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost();
}, 60_000);
afterAll(async () => host?.close());

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
    expect(await menu.getByRole('button').allTextContents()).toEqual([
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
    ]);
    await settings.getByText('Sandbox Manufacturing', { exact: false }).first().waitFor();

    await menu.getByRole('button', { name: 'Modules' }).click();
    const contacts = settings.locator('details[data-module="Contacts"]');
    await contacts.locator('summary').click();
    await contacts.getByLabel('Direction').selectOption('both');
    await contacts.getByRole('button', { name: /^Save Contacts/ }).click();
    await settings.getByText(/Also switched on: Accounts/).waitFor();
    await settings.getByTestId('direction-Accounts').filter({ hasText: 'Both ways' }).waitFor();
    const modules = await host.adminApi('GET', '/modules');
    expect(modules.body.modules[0].settings.direction).toBe('both');
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=settings]'))).toEqual([]);
    await page.close();
  }, 120_000);

  it('a sales rep in the same CRM sees no settings and is told to ask a CRM admin', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/settings`);
    await actAs(page, 'rep');
    const settings = page.frameLocator('iframe[data-widget=settings]');
    await signInThroughPopup(page, settings);
    await settings.getByText(/Ask a CRM admin/).waitFor();
    expect(await settings.getByRole('navigation', { name: 'Settings sections' }).count()).toBe(0);
    await page.close();
  }, 60_000);
});
