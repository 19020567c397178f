import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  axeViolations,
  openSettings,
  sandboxTenant,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * The tenant's daily Zoho credits in the settings tab's Connections (the sandbox CRM host, signed
 * in through the real popup): what GET /health's standing says, a warning near this product's
 * share, and once it is spent why runs are refused and when the rolling 24 hours free them.
 */

let host: CrmHost;
let tenantId: string;
beforeAll(async () => {
  if (chromium.missing) return;
  host = await startCrmHost({ connected: true });
  ({ tenantId } = await sandboxTenant(host));
}, 60_000);
afterAll(async () => host?.close());

const n = (v: number) => v.toLocaleString('en-US');
const standing = async () => (await host.adminApi('GET', '/health')).body.zoho.credits;

describeWith([chromium], 'daily Zoho credits on the sandbox CRM', () => {
  it('shows credits used against the share and the edition, warns near the cap, and says when runs resume', async () => {
    const first = await standing();
    expect(first.budget).toBeGreaterThan(0);
    let { page, tab } = await openSettings(host, 'admin', 'Connections');
    const used = tab.getByTestId('credits-used');
    // The admin's own sign-in and the tab's reads cost credits too: read the figure it shows.
    const shown = Number((await used.textContent())!.split(' ')[0]!.replace(/,/g, ''));
    expect(shown).toBeGreaterThanOrEqual(first.used);
    expect(await used.textContent()).toBe(
      `${n(shown)} used of this product's ${n(first.budget)} (${first.share * 100}% of the edition's ${n(first.dailyCredits)} a day).`,
    );
    expect(await tab.getByTestId('credits-near').count()).toBe(0);
    expect(await tab.getByTestId('credits-exhausted').count()).toBe(0);
    await page.close();

    // 85% of the share spent, five hours ago: a warning with what is left.
    const fiveHoursAgo = new Date(Date.now() - 5 * 3600_000);
    await host.backend.repos.zohoCredits.add(
      tenantId,
      Math.ceil(first.budget * 0.85) - shown,
      fiveHoursAgo,
    );
    ({ page, tab } = await openSettings(host, 'admin', 'Connections'));
    const near = await standing();
    expect(near.exhausted).toBe(false);
    expect(await tab.getByTestId('credits-near').textContent()).toBe(
      `Close to the cap: ${n(near.budget - near.used)} credits left. At the cap, scheduled runs are skipped and Sync now is refused until older calls leave the 24-hour window.`,
    );
    await page.close();

    // Spent: the twenty-hours-old calls leaving the window bring the total back under the share.
    const twentyHoursAgo = new Date(Date.now() - 20 * 3600_000);
    await host.backend.repos.zohoCredits.add(tenantId, first.budget, twentyHoursAgo);
    const openedAt = await openSettings(host, 'admin', 'Connections');
    ({ page, tab } = openedAt);
    const spent = await standing();
    expect(spent.exhausted).toBe(true);
    const bucket = Math.floor(twentyHoursAgo.getTime() / 3600_000) * 3600_000;
    const resumes = new Date(bucket + 24 * 3600_000).toISOString();
    expect(spent.resumesAt).toBe(resumes);
    const when = await openedAt.frame.evaluate(
      (iso) => new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }),
      resumes,
    );
    const alert = tab.getByTestId('credits-exhausted');
    expect(await alert.getAttribute('role')).toBe('alert');
    expect(await alert.textContent()).toBe(
      `This product's share of the daily Zoho credits is used (${n(spent.used)} of ${n(spent.budget)}): scheduled runs are skipped and Sync now is refused, so the org's other apps keep their credits. A record's Sync to Sage still works. Runs resume about ${when}, when the oldest calls leave the window.`,
    );
    expect(await tab.getByTestId('credits-near').count()).toBe(0);
    expect(await axeViolations(openedAt.frame)).toEqual([]);
    await page.screenshot({ path: '/tmp/shots/settings-credits-exhausted.png', fullPage: true });
    await page.close();
  }, 120_000);
});
