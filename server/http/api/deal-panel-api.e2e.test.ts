import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * What the widget's Deal panel and Deal stage rule editor read beyond ADR 0066's lists: the
 * invoice amount, whether Sage answers, the org's Deal stages, and a rule naming a stage the
 * org does not have refused per status.
 */

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('Deal panel and stage options', () => {
  it('gives each invoice its amount and says whether Sage answers', async () => {
    const sb = fx.backend.sandbox!;
    const accountId = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const [dealId] = sb.zohoSim.seedRecords(sb.orgId, 'Deals', [
      { Deal_Name: 'Autumn refit', Stage: 'Qualification', Account_Name: { id: accountId } },
    ]);
    const [invoiceId] = sb.zohoSim.seedRecords(sb.orgId, 'Invoices', [
      {
        Subject: '0100077',
        Account_Name: { id: accountId },
        Deal: { id: dealId },
        Invoice_Date: '2026-11-02',
        Grand_Total: 1234.5,
        Invoiced_Items: [],
      },
    ]);
    const online = await fx.call('GET', `/records/Deals/${dealId}/status`, fx.repToken);
    expect(online.status, JSON.stringify(online.body)).toBe(200);
    expect(online.body.invoices).toEqual([
      expect.objectContaining({ zohoId: invoiceId, invoiceNo: '0100077', amount: 1234.5 }),
    ]);
    expect(online.body.sage).toEqual({ available: true });

    await sb.sage.setOnline(false);
    try {
      const offline = await fx.call('GET', `/records/Deals/${dealId}/status`, fx.repToken);
      expect(offline.status).toBe(200);
      expect(offline.body.sage).toEqual({
        available: false,
        reason: expect.stringMatching(/^the Sage agent at 127\.0\.0\.1:\d+ cannot be reached/),
      });
      expect(offline.body.invoices[0].invoiceNo).toBe('0100077');
    } finally {
      await sb.sage.setOnline(true);
    }
  });

  it("names the Deal's Account as Zoho holds it, with its Sage customer number once linked", async () => {
    const sb = fx.backend.sandbox!;
    const [linkedId, unlinkedId] = sb.zohoSim.seedRecords(sb.orgId, 'Accounts', [
      { Account_Name: 'Lakeshore Linked Ltd' },
      { Account_Name: 'Only In Zoho Inc' },
    ]);
    await fx.backend.repos.links.create(fx.tenantId, 'Accounts', {
      state: 'linked',
      zohoId: linkedId,
      sageKey: '01-LAKE',
    });
    const [linkedDeal, unlinkedDeal, bareDeal] = sb.zohoSim.seedRecords(sb.orgId, 'Deals', [
      { Deal_Name: 'Lakeshore refit', Stage: 'Qualification', Account_Name: { id: linkedId } },
      { Deal_Name: 'Zoho-only deal', Stage: 'Qualification', Account_Name: { id: unlinkedId } },
      { Deal_Name: 'No account', Stage: 'Qualification' },
    ]);
    const status = async (id: string | undefined) => {
      const res = await fx.call('GET', `/records/Deals/${id}/status`, fx.repToken);
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body.account;
    };
    expect(await status(linkedDeal)).toEqual({
      zohoId: linkedId,
      name: 'Lakeshore Linked Ltd',
      customerNo: '01-LAKE',
    });
    expect(await status(unlinkedDeal)).toEqual({
      zohoId: unlinkedId,
      name: 'Only In Zoho Inc',
      customerNo: null,
    });
    expect(await status(bareDeal)).toBeNull();
  });

  it("lists the org's Deal stages for admins only", async () => {
    const res = await fx.call('GET', '/deals/stages', fx.adminToken);
    expect(res.status).toBe(200);
    expect(res.body.from).toBe('zoho');
    expect(res.body.stages).toContain('Closed Won');
    expect(res.body.stages).toContain('Qualification');
    expect(res.body.stages).not.toContain('-None-');
    expect((await fx.call('GET', '/deals/stages', fx.repToken)).status).toBe(403);
  });

  it('refuses a rule naming a stage the org lacks, one issue per status', async () => {
    const res = await fx.call('PUT', '/modules/Sales_Orders', fx.adminToken, {
      dealStages: { enabled: true, stages: { C: 'Closed Won', invoiced: 'Paid in full' } },
    });
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.code).toBe('unknown_deal_stage');
    expect(res.body.issues).toEqual([
      {
        path: 'dealStages.stages.invoiced',
        message: `Zoho's Deals have no stage "Paid in full"; pick one of the org's stages.`,
      },
    ]);
    const list = await fx.call('GET', '/modules', fx.adminToken);
    const orders = list.body.modules.find((m: { module: string }) => m.module === 'Sales_Orders');
    expect(orders.settings.dealStages.enabled).toBe(false);
    const ok = await fx.call('PUT', '/modules/Sales_Orders', fx.adminToken, {
      dealStages: { enabled: true, stages: { C: 'Closed Won', invoiced: 'Closed Won' } },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.settings.dealStages).toEqual({
      enabled: true,
      stages: { C: 'Closed Won', invoiced: 'Closed Won' },
    });
  });
});
