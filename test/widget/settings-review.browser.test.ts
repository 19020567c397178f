import http from 'node:http';
import type net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { chromium, describeWith } from '../requirements.js';
import {
  axeViolations,
  openSettings,
  runAndWait,
  sandboxTenant,
  startCrmHost,
  type CrmHost,
} from './crm-host.js';

/**
 * The settings tab's Review, Activity and Notifications sections on the sandbox CRM host (the
 * backend in sandbox mode, the widget framed cross-origin, signed in through the real popup),
 * with mail going to a real SMTP server on loopback. Each test asserts what the admin sees and
 * what the API, the links or the mailbox then hold. In order, on one backend.
 */

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
let smtp: SMTPServer;
let host: CrmHost;
let sb: Awaited<ReturnType<typeof sandboxTenant>>;

beforeAll(async () => {
  if (chromium.missing) return;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, done) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        done();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as net.AddressInfo).port;
  host = await startCrmHost({
    connected: true,
    env: { SMTP_URL: `smtp://127.0.0.1:${port}`, NOTIFY_FROM: 'Sync <sync@example.test>' },
  });
  sb = await sandboxTenant(host);
}, 60_000);
afterAll(async () => {
  await host?.close();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

describeWith([chromium], 'initial match on the sandbox CRM', () => {
  it('proposes pairs with their score; confirm one, reject one, and confirm all above a score', async () => {
    await host.adminApi('PUT', '/modules/Accounts', { direction: 'both' });
    // Zoho accounts typed by hand that look like Sage customers, each with a different amount
    // of evidence (a name alone scores below the proposal threshold): name, email, phone, ZIP;
    // name and email; name and phone; name and ZIP.
    const customers = host.backend.sandbox!.sage.customers().slice(0, 4);
    const evidence = [
      ['EmailAddress', 'TelephoneNo', 'ZipCode'],
      ['EmailAddress'],
      ['TelephoneNo'],
      ['ZipCode'],
    ];
    const zohoField = { EmailAddress: 'Email', TelephoneNo: 'Phone', ZipCode: 'Billing_Code' };
    host.backend.sandbox!.zohoSim.seedRecords(
      sb.orgId,
      'Accounts',
      customers.map((c, i) => ({
        Account_Name: String(c.CustomerName),
        ...Object.fromEntries(
          evidence[i]!.map((f) => [zohoField[f as keyof typeof zohoField], String(c[f] ?? '')]),
        ),
      })),
    );
    const { page, tab, frame } = await openSettings(host, 'admin', 'Review');
    const matches = tab.getByRole('group', { name: 'Initial match' });
    await matches.getByText('No proposals waiting.').waitFor();
    await matches.getByRole('button', { name: 'Find matches' }).click();
    await matches.getByText(/\d+ linked by key, \d+ proposed, \d+ waiting for review\./).waitFor();
    const rows = matches.locator('tr[data-proposal]');
    await rows.first().waitFor();
    const api = (await host.adminApi('GET', '/matches?module=Accounts')).body.proposals as Array<{
      id: number;
      score: number;
      zohoId: string;
      sageKey: string;
    }>;
    expect(api.length).toBeGreaterThanOrEqual(4);
    expect(await rows.count()).toBe(api.length);
    // Each row shows the API's score and both sides' keys.
    for (const p of api) {
      const row = matches.locator(`tr[data-proposal="${p.id}"]`);
      expect(await row.locator('td').first().textContent()).toBe(String(p.score));
      expect(await row.textContent()).toContain(`(${p.sageKey})`);
    }
    expect(await axeViolations(frame)).toEqual([]);

    const [first, second, ...rest] = [...api].sort((a, b) => b.score - a.score);
    await matches
      .getByRole('button', { name: `Confirm ${first!.zohoId} with ${first!.sageKey}` })
      .click();
    await matches.getByText('Confirmed: the two records are linked.').waitFor();
    expect(
      (await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', first!.zohoId))
        ?.sageKey,
    ).toBe(first!.sageKey);
    await matches
      .getByRole('button', { name: `Reject ${second!.zohoId} with ${second!.sageKey}` })
      .click();
    await matches.getByText('Rejected.').waitFor();
    await expect.poll(() => rows.count()).toBe(api.length - 2);
    expect(
      await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', second!.zohoId),
    ).not.toMatchObject({ sageKey: second!.sageKey, state: 'linked' });

    // A bad score is refused before anything is sent; then all at or above the lowest left.
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await matches.getByLabel('Lowest score').fill('101');
    await matches.getByRole('button', { name: 'Confirm all at or above this score' }).click();
    await matches.getByText('A score is a whole number from 1 to 100.').waitFor();
    expect(posts).toEqual([]);
    const lowest = Math.min(...rest.map((p) => p.score));
    await matches.getByLabel('Lowest score').fill(String(lowest));
    await matches.getByRole('button', { name: 'Confirm all at or above this score' }).click();
    await matches.getByText(`${rest.length} confirmed, 0 skipped`, { exact: false }).waitFor();
    for (const p of rest) {
      expect(
        (await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', p.zohoId))?.sageKey,
      ).toBe(p.sageKey);
    }
    await matches.getByText('No proposals waiting.').waitFor();
    await page.close();
  }, 90_000);
});

describeWith([chromium], 'conflicts on the sandbox CRM', () => {
  it('settles a conflict with a side chosen per field', async () => {
    await runAndWait(host, { modules: ['Accounts'] });
    const abf = await sb.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const link = (await host.backend.repos.links.findByZohoId(sb.tenantId, 'Accounts', abf))!;
    const id = await host.backend.repos.conflicts.open({
      tenantId: sb.tenantId,
      module: 'Accounts',
      linkId: link.id,
      zohoId: abf,
      sageKey: link.sageKey,
      fields: [
        { field: 'Phone ↔ TelephoneNo', zohoValue: '312-555-0100', sageValue: '(312) 555-0101' },
        { field: 'Billing_City ↔ City', zohoValue: 'Chicago', sageValue: 'Evanston' },
      ],
    });
    const { page, tab, frame } = await openSettings(host, 'admin', 'Review');
    const card = tab.locator(`[data-conflict="${id}"]`);
    expect(await card.textContent()).toContain('312-555-0100');
    expect(await card.textContent()).toContain('(312) 555-0101');
    await card.getByLabel("Keep Sage's Phone ↔ TelephoneNo").check();
    await card.getByLabel("Keep Zoho's Billing_City ↔ City").check();
    await card.getByText(/each field keeps the value you picked/).waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await card.getByRole('button', { name: 'Resolve' }).click();
    await tab.getByText('Resolved.').waitFor();
    expect(await host.backend.repos.conflicts.get(sb.tenantId, id)).toMatchObject({
      status: 'resolved',
      resolution: 'Phone ↔ TelephoneNo: sage; Billing_City ↔ City: zoho',
    });
    await page.close();
  }, 90_000);
});

describeWith([chromium], 'activity on the sandbox CRM', () => {
  it('draws synced and failed records per day in SVG, with a table saying the same', async () => {
    const { page, tab, frame } = await openSettings(host, 'admin', 'Activity');
    const chart = tab.locator('figure[data-module="Accounts"]');
    await chart.waitFor();
    expect(await chart.locator('svg rect.st-bar-synced').count()).toBe(14);
    const api = (await host.adminApi('GET', '/activity?days=14')).body;
    const accounts = api.modules.find((m: { module: string }) => m.module === 'Accounts');
    const today = api.days?.[13] ?? new Date().toISOString().slice(0, 10);
    expect(await chart.locator('table tr', { hasText: today }).textContent()).toBe(
      `${today}${accounts.synced[13]}${accounts.failed[13]}`,
    );
    expect(accounts.synced[13]).toBeGreaterThan(0);
    await tab.getByText('Company ABC configured, with its agent.').waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 60_000);
});

describeWith([chromium], 'health on the sandbox CRM', () => {
  it('names the modules that are failing, and says Working once a run goes well again', async () => {
    const saved = (await host.backend.repos.sageConnections.get(sb.tenantId))!;
    await host.backend.repos.sageConnections.save({ ...saved, agentUrl: 'http://127.0.0.1:9' });
    let failed;
    try {
      [failed] = await runAndWait(host, { modules: ['Accounts'], direction: 'sage_to_zoho' });
    } finally {
      await host.backend.repos.sageConnections.save(saved);
    }
    expect(failed.status).toBe('failed');
    const { page, tab, frame } = await openSettings(host, 'admin', 'Activity');
    const syncing = tab.locator('.st-tile', { hasText: 'Syncing' });
    await syncing
      .getByText('Failing: Accounts. The newest run failed and none has gone well since.')
      .waitFor();
    expect(await syncing.textContent()).toContain(
      'the Sage agent at 127.0.0.1:9 cannot be reached',
    );
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();

    const [ok] = await runAndWait(host, { modules: ['Accounts'], direction: 'sage_to_zoho' });
    expect(ok.status).toBe('succeeded');
    const again = await openSettings(host, 'admin', 'Activity');
    await again.tab.locator('.st-tile', { hasText: 'Syncing' }).getByText('Working.').waitFor();
    await again.page.close();
  }, 90_000);
});

describeWith([chromium], 'notifications on the sandbox CRM', () => {
  it('refuses settings that would tell nobody or a bad address; saves emails, sends a test mail, and mails a failed run', async () => {
    const { page, tab, frame } = await openSettings(host, 'admin', 'Notifications');
    const puts: string[] = [];
    page.on('request', (r) => r.method() === 'PUT' && puts.push(r.url()));
    await tab.getByLabel('When a run fails or partly fails').check();
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab
      .getByText(/Add an email address or a webhook, or choose Never/)
      .first()
      .waitFor();
    await tab.getByLabel('Email addresses').fill('ops@example.test, not-an-email');
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab
      .getByText(/"not-an-email" is not an email address/)
      .first()
      .waitFor();
    expect(await tab.getByLabel('Email addresses').getAttribute('aria-invalid')).toBe('true');
    expect(puts).toEqual([]);

    await tab.getByLabel('Email addresses').fill('ops@example.test, finance@example.test');
    await tab.getByRole('button', { name: 'Save' }).click();
    await tab.getByText('Notification settings saved.').waitFor();
    expect((await host.adminApi('GET', '/notifications/settings')).body).toMatchObject({
      mode: 'failures',
      emails: ['ops@example.test', 'finance@example.test'],
      webhookUrl: null,
    });

    await tab.getByRole('button', { name: 'Send a test message' }).click();
    await tab.getByText(/Test message sent to 1 channels/).waitFor();
    await expect.poll(() => mails.length).toBe(1);
    expect(mails[0]!.to).toEqual(['ops@example.test', 'finance@example.test']);
    expect(mails[0]!.raw).toMatch(/^From: Sync <sync@example\.test>/m);
    const row = tab.locator('tr[data-delivery]', { hasText: 'ops@example.test' }).first();
    await expect
      .poll(async () => {
        await tab.getByRole('button', { name: 'Refresh' }).click();
        return row.textContent();
      })
      .toMatch(/Email · test.*Delivered/);

    // A run that fails (Sage's web services unreachable) is mailed to them.
    const saved = (await host.backend.repos.sageConnections.get(sb.tenantId))!;
    const [made] = host.backend.sandbox!.zohoSim.seedRecords(sb.orgId, 'Accounts', [
      { Account_Name: 'Unreachable Upholstery' },
    ]);
    await host.backend.repos.sageConnections.save({
      ...saved,
      endpointUrl: 'http://127.0.0.1:9/eBusinessWebServices/MasBasicWsdl.svc',
    });
    let run;
    try {
      [run] = await runAndWait(host, { modules: ['Accounts'], direction: 'zoho_to_sage' });
    } finally {
      await host.backend.repos.sageConnections.save(saved);
    }
    expect(run.counts.failed).toBeGreaterThanOrEqual(1);
    await expect.poll(() => mails.length, { timeout: 20_000 }).toBe(2);
    expect(mails[1]!.to).toEqual(['ops@example.test', 'finance@example.test']);
    expect(mails[1]!.raw).toMatch(/^Subject: .*Accounts/m);
    expect(made).toBeTruthy();
    await tab.getByRole('button', { name: 'Refresh' }).click();
    await tab.locator('tr[data-delivery]', { hasText: 'Email · run' }).first().waitFor();
    expect(await axeViolations(frame)).toEqual([]);
    await page.close();
  }, 90_000);

  it('saves a webhook with its secret shown once, and lists a test delivery', async () => {
    const received: string[] = [];
    const receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push(body);
        res.writeHead(200).end('ok');
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const hook = `http://127.0.0.1:${(receiver.address() as net.AddressInfo).port}/hook`;
    try {
      const { page, tab } = await openSettings(host, 'admin', 'Notifications');
      await tab.getByLabel('Email addresses').fill('');
      await tab.getByLabel('Webhook URL').fill('ftp://example.test/hook');
      await tab.getByRole('button', { name: 'Save' }).click();
      await tab.getByText('The webhook URL starts with https:// (or http://).').first().waitFor();
      await tab.getByLabel('Webhook URL').fill(hook);
      await tab.getByRole('button', { name: 'Save' }).click();
      await tab.getByText('Notification settings saved.').waitFor();
      const secret = await tab.locator('.notice code.key').textContent();
      expect(secret).toMatch(/^[0-9a-f]{64}$/);
      const stored = (await host.adminApi('GET', '/notifications/settings')).body;
      expect(stored).toMatchObject({ mode: 'failures', webhookUrl: hook, webhookSecretSet: true });
      expect(stored).not.toHaveProperty('webhookSecret');

      await tab.getByRole('button', { name: 'Send a test message' }).click();
      await tab.getByText(/Test message sent to 1 channels/).waitFor();
      const row = tab.locator('tr[data-delivery]', { hasText: hook });
      await expect
        .poll(async () => {
          await tab.getByRole('button', { name: 'Refresh' }).click();
          return row.textContent();
        })
        .toMatch(/Webhook · test.*Delivered/);
      expect(received.some((b) => JSON.parse(b).type === 'test')).toBe(true);
      await page.close();
    } finally {
      receiver.close();
    }
  }, 60_000);
});
