import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { postWebhook } from './transports.js';
import { internalHostReason, isInternalAddress, type Lookup } from './webhook-address.js';

describe('webhook addresses', () => {
  it('refuses loopback, private, link-local, unspecified and metadata addresses', () => {
    for (const ip of [
      '169.254.169.254',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '127.0.0.1',
      '0.0.0.0',
      '100.100.100.200',
      '::1',
      '::',
      'fe80::1',
      'fd00:ec2::254',
      '::ffff:7f00:1',
    ]) {
      expect(isInternalAddress(ip), ip).toBe(true);
    }
    for (const ip of ['93.184.216.34', '8.8.8.8', '2606:4700::1111']) {
      expect(isInternalAddress(ip), ip).toBe(false);
    }
  });

  it('names the reason for a URL whose host is such an address or the backend itself', () => {
    expect(internalHostReason('http://169.254.169.254/latest/meta-data')).toMatch(
      /169\.254\.169\.254 is a loopback, private or link-local address/,
    );
    expect(internalHostReason('http://[::1]:8080/hook')).toMatch(/::1 is a loopback/);
    expect(internalHostReason('http://2130706433/hook')).toMatch(/127\.0\.0\.1/);
    expect(internalHostReason('http://localhost:3000/')).toMatch(/localhost is this server/);
    expect(internalHostReason('http://metadata.google.internal/')).toMatch(/metadata service/);
    expect(internalHostReason('https://hooks.example.com/sync')).toBeUndefined();
  });

  it('is allowed in the sandbox and when configured, never by default elsewhere', () => {
    const base = { SECRET_KEY: 'e'.repeat(64) };
    const allowed = (env: Record<string, string>) =>
      parseConfig({ ...base, ...env }).notify.webhook.allowPrivate;
    expect(allowed({ NODE_ENV: 'production' })).toBe(false);
    expect(allowed({ NODE_ENV: 'test' })).toBe(false);
    expect(allowed({ NODE_ENV: 'test', ZOHO_SANDBOX: 'true' })).toBe(true);
    expect(allowed({ NODE_ENV: 'development' })).toBe(true); // npm start without Zoho
    expect(allowed({ NODE_ENV: 'production', NOTIFY_ALLOW_PRIVATE_WEBHOOKS: 'true' })).toBe(true);
    expect(allowed({ NODE_ENV: 'development', NOTIFY_ALLOW_PRIVATE_WEBHOOKS: 'false' })).toBe(
      false,
    );
  });
});

describe('postWebhook to an internal address', () => {
  let receiver: http.Server;
  let port: number;
  let received = 0;
  beforeAll(async () => {
    receiver = http.createServer((req, res) => {
      received++;
      req.resume();
      req.on('end', () => res.writeHead(204).end());
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    port = (receiver.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  /** A DNS server rebinding the name to loopback after the URL was saved. */
  const rebinding: Lookup = ((_host: string, _o: unknown, cb: (...a: unknown[]) => void) =>
    cb(null, [{ address: '127.0.0.1', family: 4 }])) as unknown as Lookup;
  const post = (url: string, allowInternal: boolean) =>
    postWebhook(url, 's'.repeat(32), { type: 'test' }, 7, {
      timeoutMs: 2000,
      now: new Date(),
      allowInternal,
      lookup: rebinding,
    });

  it('does not connect to a name that resolves to loopback at delivery, and says why', async () => {
    const before = received;
    const result = await post(`http://hooks.example.test:${port}/hook`, false);
    expect(result).toEqual({
      ok: false,
      retryable: false,
      error:
        'the webhook may not be sent to hooks.example.test resolves to 127.0.0.1, a loopback, private or link-local address',
    });
    expect(received).toBe(before);
  });

  it('does not post to a literal metadata or private address', async () => {
    const result = await post('http://169.254.169.254/latest/meta-data', false);
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok || result.error).toMatch(/169\.254\.169\.254 is a loopback/);
  });

  it('delivers to the same receiver when internal addresses are allowed', async () => {
    const before = received;
    expect(await post(`http://hooks.example.test:${port}/hook`, true)).toEqual({
      ok: true,
      responseStatus: 204,
    });
    expect(received).toBe(before + 1);
  });
});
