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

      const sandboxPage = await (await fetch(`${backend.url}/sandbox`)).text();
      expect(sandboxPage).toContain(tenant!.id);
      expect(sandboxPage).toContain('Zoho is connected.');

      const sync = (fields: Record<string, string>) =>
        fetch(`${backend.url}/sandbox/sync`, { method: 'POST', body: new URLSearchParams(fields) });
      const text = async (res: Response) => (await res.text()).replace(/<[^>]+>/g, ' ');
      const first = await text(await sync({ module: 'Accounts', direction: 'both' }));
      // 25 generated Sage customers go to Zoho and the 2 seeded Zoho accounts go to Sage.
      expect(first).toContain('Enabled Accounts (both)');
      expect(first).toMatch(/Accounts —\s+succeeded/);
      expect(first).toMatch(/created 27,/);
      const second = await text(await sync({ module: 'Accounts', direction: 'both' }));
      expect(second).toMatch(/Accounts —\s+succeeded/);
      expect(second).not.toMatch(/created \d/);

      const bad = await sync({ module: 'Nope' });
      expect(bad.status).toBe(400);
      expect(bad.headers.get('content-type')).toMatch(/problem\+json/);
      const refused = await sync({ module: 'Products', direction: 'zoho_to_sage' });
      expect(refused.status).toBe(422);
      expect(await text(refused)).toMatch(/Products/);
      const accounts = await backend.zoho.client!.forTenant(tenant!.id).records.search('Accounts', {
        field: 'Account_Name',
        op: 'starts_with',
        value: 'American',
      });
      expect(accounts.map((a) => a.Account_Name)).toEqual(['American Business Futures']);
    } finally {
      await backend.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
