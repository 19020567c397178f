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
 * "Sync to Sage" when Sage 100 is slow: the backend answers 202 at its deadline (300 ms here)
 * and the popup follows the run. The rep is told it takes longer and may close the window, and
 * sees the outcome when the run ends. Sage's CreateCustomer is held until the test releases it.
 */

let host: CrmHost;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({ connected: true, env: { RUNS_RECORD_DEADLINE_MS: '300' } });
  await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' });
}, 60_000);
afterAll(async () => host?.close());

describeWith([chromium], 'Sync to Sage with a slow Sage 100', () => {
  it('says it takes longer, lets the rep close, and shows the outcome when the run ends', async () => {
    const page = await host.newPage();
    await page.goto(`${host.url}/sandbox/crm/Accounts`);
    await actAs(page, 'rep');
    await newAccount(page, host, { 'Account Name': 'Treacle Transport' });
    const held = host.backend.sandbox!.sage.faults().hold('CreateCustomer');
    try {
      await page.getByRole('button', { name: 'Sync to Sage' }).click();
      const popup = page.frameLocator('dialog iframe');
      await signInThroughPopup(page, popup);
      await popup.getByRole('button', { name: 'Sync to Sage' }).click();
      await held.reached;
      const running = popup.getByRole('status');
      await expect
        .poll(() => running.textContent(), { timeout: 10_000 })
        .toBe(
          'Sage 100 is taking longer than usual. It carries on if you close this window: the record’s Sage 100 panel shows the result.',
        );
      expect(await popup.getByRole('button', { name: 'Close' }).isEnabled()).toBe(true);
      expect(await axeViolations(await frameOf(page, 'dialog iframe'))).toEqual([]);
      held.release();
      await popup.getByText('Sent to Sage').waitFor({ timeout: 20_000 });
    } finally {
      held.release();
    }
    await page.close();
  }, 90_000);
});
