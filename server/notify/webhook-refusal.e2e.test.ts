import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from '../http/api/api-fixture.js';
import { createLogger } from '../logging.js';
import { Notifier } from './notifier.js';
import { smtpSender } from './transports.js';
import type { Lookup } from './webhook-address.js';

/**
 * A backend configured as in production (NOTIFY_ALLOW_PRIVATE_WEBHOOKS off) refuses webhook URLs
 * into its own network when they are saved, and fails a delivery whose name resolves there by the
 * time it is sent (DNS rebinding), without connecting.
 */
let fx: ApiFixture;
let receiver: http.Server;
let received = 0;

beforeAll(async () => {
  fx = await startApiFixture({ NOTIFY_ALLOW_PRIVATE_WEBHOOKS: 'false' });
  receiver = http.createServer((req, res) => {
    received++;
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
}, 30_000);
afterAll(async () => {
  await fx?.close();
  await new Promise<void>((r) => receiver?.close(() => r()));
});

describe('webhook URLs into the backend network', () => {
  it.each([
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
    ['https://10.0.0.5/hook', '10.0.0.5'],
    ['http://[::1]:8080/hook', '::1'],
    ['http://localhost:3000/hook', 'localhost'],
  ])('refuses %s with a 422 naming webhookUrl', async (url, host) => {
    const res = await fx.call('PUT', '/notifications/settings', fx.adminToken, {
      mode: 'failures',
      webhookUrl: url,
    });
    expect(res.status).toBe(422);
    expect(res.type).toMatch(/application\/problem\+json/);
    expect(res.body.title).toBe('Webhook address not allowed');
    expect(res.body.detail).toContain(`webhookUrl: the webhook may not be sent to ${host}`);
    expect(res.body.issues).toEqual([
      { path: 'webhookUrl', message: expect.stringContaining(host) },
    ]);
    const saved = await fx.call('GET', '/notifications/settings', fx.adminToken);
    expect(saved.body.webhookUrl).toBeNull();
  });

  it('fails the delivery of a name that resolves to loopback when sent, with the reason', async () => {
    const port = (receiver.address() as AddressInfo).port;
    const target = `http://hooks.example.test:${port}/hook`;
    const { repos } = fx.backend;
    await repos.notificationSettings.save({
      tenantId: fx.tenantId,
      mode: 'every',
      emails: [],
      webhookUrl: target,
      webhookSecret: 'x'.repeat(32),
    });
    const rebinding = ((_h: string, _o: unknown, cb: (...a: unknown[]) => void) =>
      cb(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as Lookup;
    const notifier = new Notifier({
      repos,
      logger: createLogger('silent'),
      email: smtpSender(undefined, 'sync@example.test'),
      runLink: 'https://crm.example.test/runs/{runId}',
      maxAttempts: 3,
      retryBaseMs: 50,
      webhookTimeoutMs: 2000,
      allowInternalWebhooks: false,
      lookup: rebinding,
    });
    const [delivery] = await notifier.sendTest(fx.tenantId);
    await notifier.close();
    expect(delivery).toMatchObject({
      channel: 'webhook',
      target,
      status: 'failed',
      attempts: 1,
      lastError:
        'the webhook may not be sent to hooks.example.test resolves to 127.0.0.1, a loopback, private or link-local address',
    });
    expect(received).toBe(0);
  });
});
