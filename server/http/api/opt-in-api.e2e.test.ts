import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * Per-record opt-in (ADR 0062) and the Deal stage rule (ADR 0066) over HTTP on the sandbox: the
 * module settings that turn them on, what they refuse, and "Sync to Sage" ticking the record.
 */

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

const expectProblem = (res: { status: number; type: string }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/problem\+json/);
};

describe('opt-in setting', () => {
  it('is off by default, names its checkbox, and turns on for Accounts', async () => {
    const list = await fx.call('GET', '/modules', fx.adminToken);
    const view = (m: string) =>
      list.body.modules.find((x: { module: string }) => x.module === m) as {
        optInField: string | null;
        settings: { optIn: boolean };
      };
    expect(view('Accounts')).toMatchObject({
      optInField: 'Sync_to_Sage',
      settings: { optIn: false },
    });
    expect(view('Sales_Orders').optInField).toBe('Sync_to_Sage');
    expect(view('Products').optInField).toBeNull();

    const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
      direction: 'both',
      optIn: true,
    });
    expect(on.status).toBe(200);
    expect(on.body.settings).toMatchObject({ direction: 'both', optIn: true });
  });

  it('refuses opt-in on a module without the checkbox (422) and a rep (403)', async () => {
    const products = await fx.call('PUT', '/modules/Products', fx.adminToken, { optIn: true });
    expectProblem(products, 422);
    expect(products.body).toMatchObject({ code: 'opt_in_not_supported', field: 'optIn' });
    expect(products.body.detail).toBe(
      'Products has no opt-in checkbox: only Accounts, Contacts, Sales_Orders do.',
    );
    expectProblem(await fx.call('PUT', '/modules/Accounts', fx.repToken, { optIn: false }), 403);
    expectProblem(await fx.call('PUT', '/modules/Accounts', fx.adminToken, { optIn: 'yes' }), 400);
  });

  it('"Sync to Sage" sends an unticked account while opt-in is on, and ticks it', async () => {
    await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both', optIn: true });
    const zohoId = await fx.zohoIdOf('Accounts', 'Account_Name', 'Bay Area Bakeries');
    const res = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.action).toBe('created');
    const record = await fx.backend.zoho
      .client!.forTenant(fx.tenantId)
      .records.getRecord('Accounts', zohoId, ['Sync_to_Sage', 'Sage_Key']);
    expect(record).toMatchObject({ Sync_to_Sage: true, Sage_Key: res.body.sageKey });
  });
});

describe('Deal stage rule', () => {
  it('defaults to off with closed or invoiced orders winning their Deal', async () => {
    const list = await fx.call('GET', '/modules', fx.adminToken);
    const orders = list.body.modules.find((x: { module: string }) => x.module === 'Sales_Orders');
    expect(orders.settings.dealStages).toEqual({
      enabled: false,
      stages: { C: 'Closed Won', invoiced: 'Closed Won' },
    });
  });

  it('saves a tenant rule on Sales_Orders, and refuses it elsewhere or with an unknown status', async () => {
    const rule = { enabled: true, stages: { O: 'Negotiation/Review', invoiced: 'Closed Won' } };
    const saved = await fx.call('PUT', '/modules/Sales_Orders', fx.adminToken, {
      dealStages: rule,
    });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.dealStages).toEqual(rule);
    const again = await fx.call('GET', '/modules', fx.adminToken);
    expect(
      again.body.modules.find((x: { module: string }) => x.module === 'Sales_Orders').settings
        .dealStages,
    ).toEqual(rule);

    const elsewhere = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
      dealStages: rule,
    });
    expectProblem(elsewhere, 422);
    expect(elsewhere.body.code).toBe('deal_stages_not_supported');
    const unknown = await fx.call('PUT', '/modules/Sales_Orders', fx.adminToken, {
      dealStages: { enabled: true, stages: { X: 'Closed Won' } },
    });
    expectProblem(unknown, 400);
  });
});

describe('Deal status panel', () => {
  it("lists the Deal's orders with their Sage numbers, and its invoices", async () => {
    const sb = fx.backend.sandbox!;
    const accountId = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const [dealId] = sb.zohoSim.seedRecords(sb.orgId, 'Deals', [
      { Deal_Name: 'Spring restock', Stage: 'Qualification', Account_Name: { id: accountId } },
    ]);
    const [orderId] = sb.zohoSim.seedRecords(sb.orgId, 'Sales_Orders', [
      {
        Subject: 'Restock order',
        Account_Name: { id: accountId },
        Deal_Name: { id: dealId },
        Status: 'Approved',
        Ordered_Items: [],
      },
    ]);
    const [invoiceId] = sb.zohoSim.seedRecords(sb.orgId, 'Invoices', [
      {
        Subject: '0100042',
        Account_Name: { id: accountId },
        Sales_Order: { id: orderId },
        Deal: { id: dealId },
        Invoice_Date: '2026-11-30',
        Invoiced_Items: [],
      },
    ]);
    await fx.backend.repos.links.create(fx.tenantId, 'Sales_Orders', {
      state: 'linked',
      zohoId: orderId,
      sageKey: '0000042',
    });
    const res = await fx.call('GET', `/records/Deals/${dealId}/status`, fx.repToken);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({
      module: 'Deals',
      zohoId: dealId,
      name: 'Spring restock',
      stage: 'Qualification',
      opportunityId: expect.stringMatching(/^D\d{4}$/),
      orders: [
        { zohoId: orderId, subject: 'Restock order', status: 'Approved', salesOrderNo: '0000042' },
      ],
      invoices: [
        { zohoId: invoiceId, invoiceNo: '0100042', invoiceDate: '2026-11-30', sageKey: null },
      ],
    });
  });

  it('answers 404 for a Deal the org does not have, and 400 for a bad id', async () => {
    expectProblem(await fx.call('GET', '/records/Deals/123456789/status', fx.repToken), 404);
    expectProblem(await fx.call('GET', '/records/Deals/abc/status', fx.repToken), 400);
  });
});
