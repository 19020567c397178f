import { afterEach, beforeEach, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from './server.js';

/** Zoho computes an inventory record's read-only Grand_Total from the line items written. */
let sim: ZohoSimulator;
let orgId: string;
let token: string;
beforeEach(async () => {
  sim = await startZohoSimulator();
  sim.admin.registerClient({ clientId: 'c1', clientSecret: 's1', redirectUris: ['http://x/cb'] });
  orgId = sim.admin.createOrg({ companyName: 'Totals Org' }).id;
  const userId = sim.admin.createUser(orgId, {
    email: 't@sim.example',
    profile: 'Administrator',
  }).id;
  const refresh = sim.admin.mintRefreshToken(orgId, userId, { clientId: 'c1' });
  const res = await fetch(`${sim.url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: 'c1',
      client_secret: 's1',
      refresh_token: refresh,
    }),
  });
  token = String(((await res.json()) as { access_token: string }).access_token);
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
