import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from '../http/api/api-fixture.js';
import { SIGNATURE_HEADER, verifySignature } from './signature.js';

/**
 * Run notifications end to end: the sandbox backend sends mail through a real SMTP server
 * (`smtp-server`, on loopback) and signed webhooks to a real HTTP receiver, after runs queued
 * through the API. A receiver that is down is retried with backoff; one that never answers ends
 * as a failed delivery that is listed, while the run itself is unaffected.
 */

interface Mail {
  to: string[];
  raw: string;
}
const mails: Mail[] = [];
interface Hook {
  body: string;
  signature?: string;
}
const hooks: Hook[] = [];
/** Answers 503 this many times before it takes deliveries. */
let downFor = 0;

let smtp: SMTPServer;
let receiver: http.Server;
let fx: ApiFixture;
let secret: string;
let hookUrl: string;

const listen = (server: { listen: (port: number, host: string, cb: () => void) => unknown }) =>
  new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

/** The decoded body of one MIME part of a nodemailer message (quoted-printable). */
function part(raw: string, type: 'text/plain' | 'text/html'): string {
  const at = raw.indexOf(`Content-Type: ${type}`);
  if (at < 0) return '';
  const start = raw.indexOf('\r\n\r\n', at) + 4;
  const end = raw.indexOf('\r\n----', start);
  return raw
    .slice(start, end < 0 ? undefined : end)
    .replace(/=\r\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

const until = async (what: () => boolean | Promise<boolean>, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
};

beforeAll(async () => {
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
  await listen(smtp.server);
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (downFor > 0) {
        downFor--;
        res.writeHead(503).end();
        return;
      }
      hooks.push({
        body: Buffer.concat(chunks).toString('utf8'),
        signature: req.headers[SIGNATURE_HEADER] as string | undefined,
      });
      res.writeHead(204).end();
    });
  });
  await listen(receiver);
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/sync`;
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  fx = await startApiFixture({
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    NOTIFY_FROM: 'Sync <sync@example.test>',
    NOTIFY_RUN_LINK: 'https://crm.example.test/runs/{runId}',
    NOTIFY_WEBHOOK_RETRY_BASE_MS: '50',
    NOTIFY_WEBHOOK_MAX_ATTEMPTS: '4',
  });
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'sage_to_zoho' });
}, 30_000);
afterAll(async () => {
  await fx?.close();
  await new Promise<void>((r) => smtp?.close(() => r()));
  await new Promise<void>((r) => receiver?.close(() => r()));
});

describe('notification settings', () => {
  it('saves who is told and when; the generated webhook secret is shown once', async () => {
    const empty = await fx.call('GET', '/notifications/settings', fx.adminToken);
    expect(empty.body).toMatchObject({ mode: 'off', emails: [], webhookUrl: null });
    const put = await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      mode: 'failures',
      emails: ['ops@example.test'],
      webhookUrl: hookUrl,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ mode: 'failures', webhookSecretSet: true });
    expect(put.body.webhookSecret).toMatch(/^[0-9a-f]{64}$/);
    secret = put.body.webhookSecret;
    const read = await fx.call('GET', '/notifications/settings', fx.adminToken);
    expect(read.body).not.toHaveProperty('webhookSecret');
    expect(read.body).toMatchObject({ emails: ['ops@example.test'], webhookUrl: hookUrl });
  });

  it('refuses bad settings, and a rep', async () => {
    const bad = await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      emails: ['not an address'],
    });
    expect([bad.status, bad.type]).toEqual([422, expect.stringMatching(/problem\+json/)]);
    const ftp = await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      webhookUrl: 'ftp://example.test/x',
    });
    expect(ftp.status).toBe(422);
    const nobody = await fx.call('PUT', '/notifications/settings', fx.otherTenantToken, {
      mode: 'every',
    });
    expect(nobody.status).toBe(422);
    expect((await fx.call('GET', '/notifications/settings', fx.repToken)).status).toBe(403);
  });
});

describe('notifications of runs', () => {
  it('a succeeded run tells nobody when the setting is failures only', async () => {
    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    const run = await fx.waitForRun(res.body.runIds[0]);
    expect(run.status).toBe('succeeded');
    await fx.backend.notifier.idle();
    const list = await fx.call('GET', `/notifications/deliveries?runId=${run.id}`, fx.adminToken);
    expect(list.body.deliveries).toEqual([]);
    expect(mails).toHaveLength(0);
  });

  it('a failed run sends the email (text and HTML, counts and link) and a signed webhook, retried while the receiver is down', async () => {
    const saved = (await fx.backend.repos.sageConnections.get(fx.tenantId))!;
    await fx.backend.repos.sageConnections.save({ ...saved, agentUrl: 'http://127.0.0.1:9/agent' });
    downFor = 2;
    let runId: string;
    try {
      const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
      runId = res.body.runIds[0];
      const run = await fx.waitForRun(runId);
      expect(run.status).toBe('failed');
    } finally {
      await fx.backend.repos.sageConnections.save(saved);
    }
    // Both arrive (a loaded machine may take a while: the webhook is retried twice first), and
    // only one of each: a second would fail here, not wait out the bound.
    await until(() => mails.length >= 1 && hooks.length >= 1, 30_000);
    expect([mails.length, hooks.length]).toEqual([1, 1]);

    const [mail] = mails;
    expect(mail!.to).toEqual(['ops@example.test']);
    expect(mail!.raw).toMatch(/^Subject: \[Sage 100 Sync\] Accounts manual run failed/m);
    expect(mail!.raw).toMatch(/multipart\/alternative/);
    const text = part(mail!.raw, 'text/plain');
    const html = part(mail!.raw, 'text/html');
    expect(text).toContain('the manual run of Accounts (sage_to_zoho) ended failed.');
    expect(text).toMatch(/Reason: .*127\.0\.0\.1:9/);
    expect(text).toContain(`The run: https://crm.example.test/runs/${runId!}`);
    expect(html).toContain(`<a href="https://crm.example.test/runs/${runId!}">Open the run</a>`);
    expect(html).toContain('ended <b>failed</b>');

    const [hook] = hooks;
    const payload = JSON.parse(hook!.body);
    expect(payload).toMatchObject({
      type: 'run.finished',
      run: {
        id: runId!,
        module: 'Accounts',
        status: 'failed',
        link: `https://crm.example.test/runs/${runId!}`,
      },
    });
    expect(verifySignature(secret, hook!.body, hook!.signature)).toBe(true);
    // A receiver can tell a forged or altered delivery.
    expect(verifySignature('0'.repeat(64), hook!.body, hook!.signature)).toBe(false);
    expect(
      verifySignature(secret, hook!.body.replace('failed', 'succeeded'), hook!.signature),
    ).toBe(false);
    expect(verifySignature(secret, hook!.body, undefined)).toBe(false);

    await until(async () => {
      const l = await fx.call('GET', `/notifications/deliveries?runId=${runId}`, fx.adminToken);
      return l.body.deliveries.every((d: { status: string }) => d.status === 'delivered');
    });
    const list = await fx.call('GET', `/notifications/deliveries?runId=${runId!}`, fx.adminToken);
    const byChannel = Object.fromEntries(
      list.body.deliveries.map((d: { channel: string }) => [d.channel, d]),
    );
    expect(byChannel.email).toMatchObject({
      status: 'delivered',
      attempts: 1,
      target: 'ops@example.test',
    });
    expect(byChannel.webhook).toMatchObject({
      status: 'delivered',
      attempts: 3,
      responseStatus: 204,
      target: hookUrl,
    });
  });

  it('an undeliverable webhook is listed as failed with the reason, and never holds up the run', async () => {
    // Port 2, below the range listen(0) hands out and served by nothing here, refuses every attempt
    // (fetch refuses port 9 and other well-known ones outright). A port freed by closing
    // a server is not safe: another test's server may take it meanwhile, and an attempt that is
    // accepted but never answered waits out the webhook timeout (a CI run saw exactly that).
    const deadUrl = 'http://127.0.0.1:2/gone';
    await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      mode: 'every',
      webhookUrl: deadUrl,
      emails: [],
    });
    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    const run = await fx.waitForRun(res.body.runIds[0]);
    expect(run.status).toBe('succeeded');
    await until(async () => {
      const l = await fx.call('GET', `/notifications/deliveries?runId=${run.id}`, fx.adminToken);
      return l.body.deliveries[0]?.status === 'failed';
    });
    const failed = await fx.call('GET', '/notifications/deliveries?status=failed', fx.adminToken);
    expect(failed.body.deliveries[0]).toMatchObject({
      channel: 'webhook',
      runId: run.id,
      status: 'failed',
      attempts: 4,
      target: deadUrl,
      lastError: expect.stringMatching(/could not be reached: ECONNREFUSED/),
    });
  });

  it('sends a test notification to the configured channels', async () => {
    await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      emails: ['ops@example.test'],
      webhookUrl: hookUrl,
      mode: 'failures',
    });
    const before = mails.length;
    const res = await fx.call('POST', '/notifications/test', fx.adminToken, {});
    expect(res.status).toBe(200);
    expect(
      res.body.deliveries.map((d: { channel: string; kind: string }) => [d.channel, d.kind]).sort(),
    ).toEqual([
      ['email', 'test'],
      ['webhook', 'test'],
    ]);
    await until(() => mails.length === before + 1);
    expect(mails.at(-1)!.raw).toMatch(/^Subject: \[Sage 100 Sync\] test notification/m);
  });

  it('the daily digest: nothing per run, then one email and one signed webhook a day from the scheduler', async () => {
    await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      emails: ['digest@example.test'],
      webhookUrl: hookUrl,
      mode: 'digest',
    });
    const [mailsBefore, hooksBefore] = [mails.length, hooks.length];
    const queued = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    const quiet = await fx.waitForRun(queued.body.runIds[0]);
    expect(['succeeded', 'partial']).toContain(quiet.status);
    await fx.backend.notifier.idle();
    const perRun = await fx.call(
      'GET',
      `/notifications/deliveries?runId=${quiet.id}`,
      fx.adminToken,
    );
    expect(perRun.body.deliveries).toEqual([]);

    // The scheduler's tick runs what is due, the daily digest among the maintenance tasks.
    await fx.backend.jobs.tick();
    await until(() => mails.length === mailsBefore + 1 && hooks.length === hooksBefore + 1);
    const runs = (await fx.call('GET', '/runs?limit=200', fx.adminToken)).body.runs as Array<{
      id: string;
      status: string;
      dryRun: boolean;
      kind: string;
      module: string;
    }>;
    const done = runs.filter((r) => !r.dryRun && !['queued', 'running'].includes(r.status));
    // The run the agent was unreachable for, earlier in this file, is among them.
    const failed = done.filter((r) => r.status === 'failed');
    expect(failed.length).toBeGreaterThanOrEqual(1);
    // Per status, in the order the runs list them (newest first).
    const byStatus = new Map<string, number>();
    for (const r of done) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    const statusText = [...byStatus].map(([st, n]) => `${n} ${st}`).join(', ');

    const mail = mails.at(-1)!;
    expect(mail.to).toEqual(['digest@example.test']);
    // A long header is folded over lines: unfold it.
    const subject = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(mail.raw)?.[1]?.replace(/\r\n/g, '');
    // Statuses in the order the runs list them (newest first): the quiet run leads.
    expect(subject).toBe(`[Sage 100 Sync] daily digest: ${done.length} runs, ${statusText}`);
    const text = part(mail.raw, 'text/plain');
    const html = part(mail.raw, 'text/html');
    expect(text).toMatch(
      new RegExp(`: ${done.length} runs from \\S+ to \\S+ \\(${statusText}\\)\\.`),
    );
    // Every run that did not succeed is listed with its link; those that succeeded are counted.
    for (const r of done) {
      const link = `https://crm.example.test/runs/${r.id}`;
      if (r.status === 'succeeded') expect(text).not.toContain(link);
      else {
        expect(text).toContain(`  ${r.module} ${r.kind} ${r.status}: `);
        expect(text).toContain(link);
        expect(html).toContain(`<a href="${link}">run</a>`);
      }
    }

    const hook = hooks.at(-1)!;
    expect(verifySignature(secret, hook.body, hook.signature)).toBe(true);
    const payload = JSON.parse(hook.body);
    expect(payload.type).toBe('runs.digest');
    expect(payload.runs.map((r: { id: string }) => r.id).sort()).toEqual(
      done.map((r) => r.id).sort(),
    );
    expect(payload.runs.find((r: { id: string }) => r.id === quiet.id)).toMatchObject({
      status: quiet.status,
      link: `https://crm.example.test/runs/${quiet.id}`,
    });

    // The day's slot has run: another tick sends no second digest.
    await fx.backend.jobs.tick();
    await fx.backend.notifier.idle();
    expect([mails.length, hooks.length]).toEqual([mailsBefore + 1, hooksBefore + 1]);
  });
});
