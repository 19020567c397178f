import { afterEach, beforeEach, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from './server.js';
import { adminOfNewOrg } from './testing.js';

/**
 * Line items as Zoho writes them: the read-only Grand_Total computed from the rows, and rows
 * named by id updated or deleted while rows without one are appended (v8 updateRecords).
 */
let sim: ZohoSimulator;
let orgId: string;
let token: string;
beforeEach(async () => {
  sim = await startZohoSimulator();
  ({ orgId, token } = await adminOfNewOrg(sim, 'Totals Org'));
});
afterEach(() => sim.close());

it('sums quantity × list price less discount, and ignores a Grand_Total sent', async () => {
  const [account] = sim.admin.seedRecords(orgId, 'Accounts', [{ Account_Name: 'Totals Inc' }]);
  const [product] = sim.admin.seedRecords(orgId, 'Products', [{ Product_Name: 'Bolt' }]);
  const res = await fetch(`${sim.url}/crm/v8/Invoices`, {
    method: 'POST',
    headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      data: [
        {
          Subject: 'INV-1',
          Account_Name: { id: account },
          Grand_Total: 1,
          Invoiced_Items: [
            { Product_Name: { id: product }, Quantity: 3, List_Price: 10.5 },
            { Product_Name: { id: product }, Quantity: 2, List_Price: 4, Discount: 1.25 },
          ],
        },
      ],
    }),
  });
  expect(res.status).toBe(201);
  const [invoice] = sim.admin.records(orgId, 'Invoices');
  expect(invoice?.Grand_Total).toBe(38.25);
});

it('updates a row named by id, deletes one with _delete, appends one without an id', async () => {
  const [account] = sim.admin.seedRecords(orgId, 'Accounts', [{ Account_Name: 'Rows Inc' }]);
  const [bolt, nut] = sim.admin.seedRecords(orgId, 'Products', [
    { Product_Name: 'Bolt' },
    { Product_Name: 'Nut' },
  ]);
  const call = (method: string, body: unknown, id = '') =>
    fetch(`${sim.url}/crm/v8/Sales_Orders${id ? `/${id}` : ''}`, {
      method,
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: [body] }),
    });
  const created = await call('POST', {
    Subject: 'SO-1',
    Account_Name: { id: account },
    Ordered_Items: [
      { Product_Name: { id: bolt }, Quantity: 3, List_Price: 10, Description: 'zinc' },
      { Product_Name: { id: nut }, Quantity: 2, List_Price: 4 },
    ],
  });
  expect(created.status).toBe(201);
  const [order] = sim.admin.records(orgId, 'Sales_Orders');
  const id = String(order!.id);
  const [boltRow, nutRow] = order!.Ordered_Items as Array<{ id: string }>;
  expect(boltRow!.id).not.toBe(nutRow!.id);

  const put = (rows: unknown[]) => call('PUT', { id, Ordered_Items: rows }, id);
  expect(
    (
      await put([
        { id: boltRow!.id, Quantity: 5 },
        { Product_Name: { id: nut }, Quantity: 1 },
      ])
    ).status,
  ).toBe(200);
  let rows = sim.admin.record(orgId, 'Sales_Orders', id)!.Ordered_Items as Array<
    Record<string, unknown>
  >;
  expect(
    rows.map((r) => [r.id === boltRow!.id, r.id === nutRow!.id, r.Quantity, r.Description]),
  ).toEqual([
    [true, false, 5, 'zinc'],
    [false, true, 2, undefined],
    [false, false, 1, undefined],
  ]);
  expect(sim.admin.record(orgId, 'Sales_Orders', id)!.Grand_Total).toBe(50 + 8 + 0);

  expect((await put([{ id: nutRow!.id, _delete: null }])).status).toBe(200);
  rows = sim.admin.record(orgId, 'Sales_Orders', id)!.Ordered_Items as Array<
    Record<string, unknown>
  >;
  expect(rows.map((r) => r.Quantity)).toEqual([5, 1]);

  const unknown = await put([{ id: '1234', Quantity: 9 }]);
  expect(unknown.status).toBe(400);
  expect(await unknown.json()).toMatchObject({
    data: [
      {
        code: 'INVALID_DATA',
        details: { api_name: 'Ordered_Items', json_path: '$.data[0].Ordered_Items[0]', id: '1234' },
      },
    ],
  });
});
