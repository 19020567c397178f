import fs from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_DEAL } from '../../server/sandbox/sage-sandbox.js';
import { chromium, describeWith } from '../requirements.js';
import {
  actAs,
  axeViolations,
  frameOf,
  openSettings,
  runAndWait,
  signInThroughPopup,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * Deals in the sandbox CRM (ADR 0066) as users meet them: the admin sets the Deal stage rule in
 * the settings tab (a stage the org lacks refused on its field), Sage's order and invoice for the
 * demo Deal sync over, the Deal moves to the stage the rule names for "invoiced", and a sales rep
 * opens the Deal and reads its Sage order and invoice, also while Sage is offline. In order, on
 * one backend connected before the browser starts.
 */

let host: CrmHost;
const SHOTS = '/tmp/shots';
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({ connected: true });
  fs.mkdirSync(SHOTS, { recursive: true });
}, 60_000);
afterAll(async () => host?.close());

const demoDealId = () => {
  const sim = host.backend.sandbox!;
  return String(
    sim.zohoSim.records(sim.orgId, 'Deals').find((d) => d.Deal_Name === DEMO_DEAL.name)!.id,
  );
};

describeWith([chromium], 'Deals in the sandbox CRM', () => {
  it('shows an empty Deal panel before any order, with what to do', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Deals`);
    await actAs(page, 'rep');
    await page.getByRole('link', { name: DEMO_DEAL.name }).click();
    await page.waitForURL(/\/Deals\/\d+$/);
    // The Deal belongs to the customer whose Sage order carries its number.
    expect(await page.locator('dl').first().textContent()).toContain(
      `Account Name${DEMO_DEAL.account.name}`,
    );
    // A Deal is not sent to Sage: its page has the panel, not the button.
    expect(await page.getByRole('button', { name: 'Sync to Sage' }).count()).toBe(0);
    const panel = page.frameLocator('iframe[data-widget=status]');
    await signInThroughPopup(page, panel);
    await panel.getByText('Sage orders (0)').waitFor();
    expect(await panel.locator('dd.key').textContent()).toBe(DEMO_DEAL.number);
    // Its Account, read by the backend from Zoho: no Sage customer number before it is linked.
    expect(await panel.getByTestId('deal-account').textContent()).toBe(
      `${DEMO_DEAL.account.name} Not in Sage yet`,
    );
    expect(await panel.locator('main').textContent()).toContain(
      `No Sage order yet — a Sales Order created from this Deal goes to Sage with “Sync to Sage”, and an order entered in Sage 100 with CRM Opportunity ID ${DEMO_DEAL.number} shows here after the next sync.`,
    );
    await panel.getByText('No invoices yet').waitFor();
    await page.locator('section.related').screenshot({ path: `${SHOTS}/deal-panel-empty.png` });
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.close();
  }, 90_000);

  it('refuses a stage the org lacks on its field, then saves the invoiced rule', async () => {
    const sim = host.backend.sandbox!;
    const stage = sim.zohoSim.fields(sim.orgId, 'Deals').find((f) => f.api_name === 'Stage')!;
    const stages = [...stage.pick_list_values!];
    const { page, tab, frame } = await openSettings(host, 'admin', 'Modules');
    const orders = tab.locator('details[data-module="Sales_Orders"]');
    await orders.locator('summary').click();
    const rule = orders.getByRole('form', { name: 'Move the Deal when its Sage order changes' });
    // Off by default, with Zoho's usual stages ready to pick.
    expect(await rule.getByLabel('Move Deals by their Sage order').isChecked()).toBe(false);
    expect(await rule.getByLabel('Order is invoiced').inputValue()).toBe('Closed Won');
    const choices = await rule.getByLabel('Order is open (O)').locator('option').allTextContents();
    expect(choices).toEqual(['Don’t move the Deal', ...stages]);

    // Meanwhile an admin renames "Closed Won" in Zoho's Deals: the save is refused on each field.
    stage.pick_list_values = stages.map((s) => (s === 'Closed Won' ? 'Won' : s));
    try {
      await rule.getByLabel('Move Deals by their Sage order').check();
      await rule.getByRole('button', { name: 'Save Deal stages' }).click();
      const invoiced = rule.getByLabel('Order is invoiced');
      await expect.poll(() => invoiced.getAttribute('aria-invalid')).toBe('true');
      const describedBy = (await invoiced.getAttribute('aria-describedby'))!;
      const message = tab.locator(`[id="${describedBy.split(' ').pop()}"]`);
      expect(await message.textContent()).toBe(
        `Zoho's Deals have no stage "Closed Won"; pick one of the org's stages.`,
      );
      expect(await rule.getByLabel('Order is closed (C)').getAttribute('aria-invalid')).toBe(
        'true',
      );
      expect(await rule.getByRole('alert').textContent()).toBe(
        'Not saved. See the stages marked above.',
      );
      expect(await axeViolations(frame)).toEqual([]);
      await rule.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SHOTS}/settings-deal-stages-422.png` });
    } finally {
      stage.pick_list_values = stages;
    }
    await rule.getByLabel('Order is closed (C)').selectOption({ label: 'Don’t move the Deal' });
    await rule.getByLabel('Order is invoiced').selectOption('Closed Won');
    await rule.getByRole('button', { name: 'Save Deal stages' }).click();
    await rule.getByText('Saved: Deals now move with their Sage orders.').waitFor();
    await rule.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/settings-deal-stages.png`, fullPage: true });
    const saved = await host.adminApi('GET', '/modules');
    const view = saved.body.modules.find((m: { module: string }) => m.module === 'Sales_Orders');
    expect(view.settings.dealStages).toEqual({ enabled: true, stages: { invoiced: 'Closed Won' } });
    await page.close();
  }, 120_000);

  it('an invoiced order moves its Deal, and a rep sees the order and invoice on the Deal', async () => {
    for (const [module, direction] of [
      ['Invoices', 'sage_to_zoho'],
      ['Sales_Orders', 'both'],
    ]) {
      const put = await host.adminApi('PUT', `/modules/${module}`, { direction });
      expect(put.status, JSON.stringify(put.body)).toBe(200);
    }
    for (const module of ['Accounts', 'Products', 'Sales_Orders', 'Invoices']) {
      const [run] = await runAndWait(host, { modules: [module], direction: 'sage_to_zoho' });
      expect(`${module}: ${run.status}`).toBe(`${module}: succeeded`);
    }
    const dealId = demoDealId();
    const sim = host.backend.sandbox!;
    expect(sim.zohoSim.record(sim.orgId, 'Deals', dealId)?.Stage).toBe('Closed Won');
    const order = sim.zohoSim
      .records(sim.orgId, 'Sales_Orders')
      .find((o) => (o.Deal_Name as { id?: string } | null)?.id === dealId)!;
    const invoice = sim.zohoSim
      .records(sim.orgId, 'Invoices')
      .find((i) => (i.Deal as { id?: string } | null)?.id === dealId)!;
    expect(order.Sage_Key).toBe('0000001');
    // The order went to the Deal's own Account: the first Accounts sync linked it by its Sage key
    // rather than creating a second one.
    const dealAccount = sim.zohoSim.record(sim.orgId, 'Deals', dealId)!.Account_Name as {
      id: string;
    };
    expect((order.Account_Name as { id?: string }).id).toBe(dealAccount.id);
    const atlas = sim.zohoSim
      .records(sim.orgId, 'Accounts')
      .filter((a) => a.Account_Name === DEMO_DEAL.account.name);
    expect(atlas.map((a) => [a.id, a.Sage_Key])).toEqual([
      [dealAccount.id, DEMO_DEAL.account.sageKey],
    ]);
    expect(invoice.Subject).toBe('0000001');

    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Deals/${dealId}`);
    await actAs(page, 'rep');
    const panel = page.frameLocator('iframe[data-widget=status]');
    await signInThroughPopup(page, panel);
    await panel.getByText('Sage orders (1)').waitFor();
    const [orderRow, invoiceRow] = [
      panel.locator('table.grid').nth(0).locator('tbody tr'),
      panel.locator('table.grid').nth(1).locator('tbody tr'),
    ];
    expect(await orderRow.locator('.key').textContent()).toBe('0000001');
    expect(await orderRow.textContent()).toContain(String(order.Subject));
    const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
    const amount = money.format(Number(invoice.Grand_Total));
    expect(Number(invoice.Grand_Total)).toBeGreaterThan(0);
    const date = new Date(`${String(invoice.Invoice_Date)}T12:00:00`).toLocaleDateString('en-US', {
      dateStyle: 'medium',
    });
    expect(await invoiceRow.textContent()).toBe(`0000001${date}${amount}`);
    expect(await panel.locator('dl.facts').textContent()).toContain('StageClosed Won');
    // The Accounts sync linked the Deal's Account: the panel names its Sage customer.
    expect(await panel.getByTestId('deal-account').textContent()).toBe(
      `${DEMO_DEAL.account.name} ${DEMO_DEAL.account.sageKey}`,
    );
    expect(await panel.getByTestId('deal-account').locator('.key').textContent()).toBe(
      DEMO_DEAL.account.sageKey,
    );
    // In a 320-pixel frame (CRM's related lists are narrow) the key wraps as a whole, never as
    // "01-" on one line and the number on the next.
    await page.addStyleTag({ content: 'iframe[data-widget=status] { width: 320px !important }' });
    const statusFrame = await frameOf(page, 'iframe[data-widget=status]');
    await expect.poll(() => statusFrame.evaluate(() => window.innerWidth)).toBe(320);
    expect(
      await panel
        .getByTestId('deal-account')
        .locator('.key')
        .evaluate((e) => e.getClientRects().length),
    ).toBe(1);
    expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
    await page.locator('section.related').screenshot({ path: `${SHOTS}/deal-panel.png` });

    // Sage goes offline: the panel still lists what reached Zoho, and says Sage is away.
    await Promise.all([
      page.waitForNavigation(),
      page.getByRole('button', { name: 'Take Sage offline' }).click(),
    ]);
    try {
      // The page reloaded by the CRM's own form, not the widget: the panel asks to sign in again.
      await signInThroughPopup(page, panel);
      await panel.getByText('Sage is not reachable right now').waitFor({ timeout: 30_000 });
      await panel.getByText('Sage orders (1)').waitFor();
      expect(await panel.locator('table.grid').nth(1).locator('tbody tr').textContent()).toContain(
        amount,
      );
      expect(await axeViolations(await frameOf(page, 'iframe[data-widget=status]'))).toEqual([]);
      await page.locator('section.related').screenshot({ path: `${SHOTS}/deal-panel-offline.png` });
    } finally {
      await host.backend.sandbox!.sage.setOnline(true);
    }
    await page.close();
  }, 180_000);
});
