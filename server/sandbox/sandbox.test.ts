import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startBackend } from '../composition.js';
import { parseConfig } from '../config.js';
import { createLogger } from '../logging.js';
import { AgentClient } from '../sage/agent-client.js';
import { testSageConnection } from '../sage/test-connection.js';
import { connectSandboxZoho, freePort } from '../../test/sandbox.js';

describe('local sandbox', () => {
  it('is on by default only for development with no Zoho client', () => {
    expect(parseConfig({}).zoho.sandbox).toBe(true);
    expect(parseConfig({ PORT: '0' }).zoho.sandbox).toBe(false);
    expect(parseConfig({ ZOHO_CLIENT_ID: 'x', ZOHO_CLIENT_SECRET: 'y' }).zoho.sandbox).toBe(false);
    expect(parseConfig({ NODE_ENV: 'test' }).zoho.sandbox).toBe(false);
    expect(parseConfig({ NODE_ENV: 'test', ZOHO_SANDBOX: 'true' }).zoho.sandbox).toBe(true);
  });

  it('connects the backend to a simulated Zoho through its consent page', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoho-sandbox-'));
    const port = await freePort();
    const config = parseConfig({
      NODE_ENV: 'test',
      PORT: String(port),
      SECRET_KEY: 'd'.repeat(64),
      DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
      ZOHO_SANDBOX: 'true',
    });
    const backend = await startBackend(config, createLogger('silent'));
    try {
      const start = await fetch(`${backend.url}/oauth/zoho/connect`, { redirect: 'manual' });
      const consentPage = await (await fetch(start.headers.get('location')!)).text();
      expect(consentPage).toContain('Sandbox Admin (Administrator, Sandbox Manufacturing)');
      const done = await connectSandboxZoho(backend.url);
      expect(await done.text()).toContain('Zoho CRM connected');
      const [tenant, ...others] = await backend.repos.tenants.list();
      expect(others).toEqual([]);
      expect(tenant?.name).toBe('Sandbox Manufacturing');

      // The same tenant carries a Sage connection to the simulated company, and it works.
      const sage = await backend.repos.sageConnections.get(tenant!.id);
      expect(sage).toMatchObject({ companyCode: 'ABC', timeZone: 'America/Chicago' });
      const check = await testSageConnection(sage!, { logger: createLogger('silent') });
      expect(check.ok).toBe(true);
      const agent = await AgentClient.create(
        { url: sage!.agentUrl!, token: sage!.agentToken!, timeoutMs: 5000 },
        createLogger('silent'),
      );
      expect((await agent.health()).healthy).toBe(true);

      // The demo org has every field the default mappings name (as an org set up for the
      // extension has), so each module's default mapping saves as it stands.
      const { token } = backend.zoho.sessions.issue({
        tenantId: tenant!.id,
        userId: 'admin',
        orgId: tenant!.zohoOrgId,
        role: 'admin',
      });
      const api = (method: string, p: string, body?: unknown) =>
        fetch(`${backend.url}/api/v1${p}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      for (const module of [
        'Accounts',
        'Contacts',
        'Products',
        'Vendors',
        'Sales_Orders',
        'Invoices',
      ]) {
        const defaults = (await (await api('GET', `/modules/${module}/mappings`)).json()) as {
          mappings: unknown[];
          isDefault: boolean;
        };
        expect(defaults.isDefault).toBe(true);
        const saved = await api('PUT', `/modules/${module}/mappings`, {
          mappings: defaults.mappings,
        });
        expect(`${module}: ${saved.status} ${await saved.text()}`).toMatch(
          new RegExp(`^${module}: 200`),
        );
      }
      const accountFields = backend.sandbox!.zohoSim.fields(tenant!.zohoOrgId, 'Accounts');
      expect(accountFields.find((f) => f.api_name === 'Credit_Limit')).toMatchObject({
        data_type: 'currency',
        custom_field: true,
      });
      // The extension's own fields are the product's to create (on connect), with their types.
      expect(accountFields.find((f) => f.api_name === 'Sage_Inactive')?.data_type).toBe('boolean');
      expect(accountFields.find((f) => f.api_name === 'Account_Type')?.pick_list_values).toContain(
        'Distributor',
      );
      // The settings tab's page has no heading of its own: the widget's is the only one.
      expect(
        (await (await fetch(`${backend.url}/sandbox/crm/settings`)).text()).match(/<h1/g),
      ).toBeNull();

      // The sandbox CRM: list and detail pages from the Zoho simulator, the widget framed from
      // its own origins (allowed as widget origins), the Sage company's customers beside it.
      const html = async (path: string) => (await fetch(`${backend.url}${path}`)).text();
      expect(await html('/sandbox')).toContain('<title>Sandbox CRM</title>');
      const list = await html('/sandbox/crm/Accounts');
      expect(list).toContain('<title>Accounts — Sandbox CRM</title>');
      expect(list).toContain('American Business Futures');
      expect(list).toContain('Sage 100 company ABC: customers');
      const id = /href="\/sandbox\/crm\/Accounts\/(\d+)">American Business Futures/.exec(list)?.[1];
      const detail = await fetch(`${backend.url}/sandbox/crm/Accounts/${id}`);
      const page = await detail.text();
      const status = /src="(http:\/\/127\.0\.0\.1:\d+)\/status\.html\?serviceOrigin=([^"]+)"/.exec(
        page,
      );
      expect(decodeURIComponent(status![2]!.replace(/&#38;/g, '&'))).toBe(backend.url);
      expect(status![1]).not.toBe(backend.url);
      expect(page).toContain(`&#34;EntityId&#34;:[&#34;${id}&#34;]`);
      expect(detail.headers.get('content-security-policy')).toMatch(
        new RegExp(`frame-src [^;]*${status![1]}`),
      );
      const preflight = await fetch(`${backend.url}/api/v1/modules`, {
        method: 'OPTIONS',
        headers: { origin: status![1]!, 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBe(status![1]);
      // The widget page as the sandbox serves it: our fake SDK, and this backend.
      const widget = await (await fetch(`${status![1]}/status.html`)).text();
      expect(widget).toContain('<script src="/__sandbox/zoho-sdk.js"></script>');
      expect(widget).toContain(`<meta name="sage100-sync-backend" content="${backend.url}">`);
      expect(widget).not.toContain('zwidgets.com');
      // Deals: the demo Deal (numbered on connect) with the status panel and no Sync button.
      const deals = await html('/sandbox/crm/Deals');
      const dealId = /href="\/sandbox\/crm\/Deals\/(\d+)">Spring restock \(Atlas Trading 1\)/.exec(
        deals,
      )?.[1];
      const dealPage = await html(`/sandbox/crm/Deals/${dealId}`);
      expect(dealPage).toContain('<dd>D1001</dd>');
      expect(dealPage).toContain(
        `&#34;Entity&#34;:&#34;Deals&#34;,&#34;EntityId&#34;:&#34;${dealId}&#34;`,
      );
      expect(dealPage).not.toContain('data-popup-src');
      // Its order in Sage carries the Deal's number, as a Sage clerk would have typed it.
      expect(
        backend.sandbox!.sage.company.list('SO_SalesOrderHeader', { CRMOpportunityID: 'D1001' }),
      ).toHaveLength(1);
      expect((await fetch(`${backend.url}/sandbox/crm/Leads`)).status).toBe(404);
      expect((await fetch(`${backend.url}/sandbox/crm/Accounts/999`)).status).toBe(404);

      // A new account from the CRM's form lands in the simulator; the Sage outage switch works.
      const created = await fetch(`${backend.url}/sandbox/crm/Accounts/new`, {
        method: 'POST',
        body: new URLSearchParams({ Account_Name: 'Cascade Tooling', Billing_City: 'Portland' }),
        redirect: 'manual',
      });
      expect(created.status).toBe(303);
      expect(await html(created.headers.get('location')!)).toContain('<h1>Cascade Tooling</h1>');
      const bad = await fetch(`${backend.url}/sandbox/crm/Accounts/new`, {
        method: 'POST',
        body: new URLSearchParams({ Account_Name: '' }),
      });
      expect(bad.status).toBe(400);
      await fetch(`${backend.url}/sandbox/sage`, {
        method: 'POST',
        body: new URLSearchParams({ online: 'false' }),
        redirect: 'manual',
      });
      expect(await html('/sandbox')).toContain('Sage 100 is offline');
      await expect(fetch(sage!.endpointUrl)).rejects.toThrow();
      await fetch(`${backend.url}/sandbox/sage`, {
        method: 'POST',
        body: new URLSearchParams({ online: 'true' }),
        redirect: 'manual',
      });
      expect((await testSageConnection(sage!, { logger: createLogger('silent') })).ok).toBe(true);
    } finally {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('starts again with the settings kept and nothing remembered of the last simulators', async () => {
    // Its simulated Zoho and Sage begin anew at every start: links to their old records (and the
    // old Zoho grant) made a restarted sandbox's runs fail on records that no longer exist.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zoho-sandbox-again-'));
    const configOn = (port: number) =>
      parseConfig({
        NODE_ENV: 'test',
        PORT: String(port),
        SECRET_KEY: 'd'.repeat(64),
        DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
        ZOHO_SANDBOX: 'true',
      });
    const first = await startBackend(configOn(await freePort()), createLogger('silent'));
    const tenantId = first.sandbox!.tenantId;
    try {
      await connectSandboxZoho(first.url);
      const { token } = first.zoho.sessions.issue({
        tenantId,
        userId: 'admin',
        orgId: first.sandbox!.orgId,
        role: 'admin',
      });
      const call = (p: string, body: unknown, method = 'POST') =>
        fetch(`${first.url}/api/v1${p}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      expect((await call('/modules/Accounts', { direction: 'both' }, 'PUT')).status).toBe(200);
      const [zohoId] = first.sandbox!.zohoSim.seedRecords(first.sandbox!.orgId, 'Accounts', [
        { Account_Name: 'Restart Test Co' },
      ]);
      const synced = await call('/records/Accounts/sync', { zohoId });
      expect((await synced.json()).action).toBe('created');
      expect(await first.repos.links.count(tenantId, 'Accounts', 'linked')).toBe(1);
    } finally {
      await first.close();
    }
    const second = await startBackend(configOn(await freePort()), createLogger('silent'));
    try {
      expect(second.sandbox!.tenantId).toBe(tenantId);
      expect(await second.repos.links.count(tenantId, 'Accounts', 'linked')).toBe(0);
      expect(await second.repos.cursors.get(tenantId, 'Accounts', 'zoho')).toBeUndefined();
      // Connect again, through the new simulator's consent page, as the README says.
      expect(await second.repos.zohoConnections.get(tenantId)).toBeUndefined();
      expect((await second.repos.moduleSettings.get(tenantId, 'Accounts'))?.direction).toBe('both');
    } finally {
      await second.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
