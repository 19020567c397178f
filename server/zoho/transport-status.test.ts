import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { ZohoApiError, ZohoRateLimitedError, ZohoResponseError, ZohoScopeError } from './errors.js';
import { parseReply } from './parse.js';
import { recordsResponse } from './schemas.js';
import type { AccessTokenCache } from './token-cache.js';
import { ZohoTransport } from './transport.js';

/** How each HTTP status is handed back, with a stub in place of the network. */
describe('Zoho transport status handling', () => {
  const tokens = {
    get: async () => ({
      accessToken: 'at',
      apiDomain: 'http://127.0.0.1:1',
      expiresAtMs: Infinity,
    }),
    invalidate: () => undefined,
  } as unknown as AccessTokenCache;
  const credits: number[] = [];

  const transport = (status: number, body: string, headers: Record<string, string> = {}) =>
    new ZohoTransport({
      tokens,
      concurrencyFor: async () => 2,
      recordCredits: async (_t, n) => {
        credits.push(n);
      },
      logger: createLogger('silent'),
      sleep: async () => undefined,
      fetchImpl: async () =>
        new Response(status === 204 || status === 304 ? null : body, { status, headers }),
    });

  const call = (t: ZohoTransport) =>
    t.call({ tenantId: 't' }, { method: 'GET', path: '/crm/v8/Accounts', credits: 2 });

  it('hands back 200, 201, 202 and 207 bodies, and no body for 204 and 304', async () => {
    for (const status of [200, 201, 202, 207]) {
      const reply = await call(transport(status, '{"data":[]}'));
      expect([reply.status, reply.body]).toEqual([status, { data: [] }]);
    }
    for (const status of [204, 304]) {
      expect((await call(transport(status, ''))).body).toBe(undefined);
    }
    expect(credits.every((c) => c === 2)).toBe(true);
  });

  it('hands back a 400 carrying per-record results, and throws Zoho error envelopes', async () => {
    const perRecord =
      '{"data":[{"code":"MANDATORY_NOT_FOUND","status":"error","message":"m","details":{"api_name":"Last_Name"}}]}';
    expect((await call(transport(400, perRecord))).status).toBe(400);
    const err = await call(
      transport(
        401,
        '{"code":"OAUTH_SCOPE_MISMATCH","message":"Unauthorized","status":"error","details":{}}',
      ),
    ).catch((e: unknown) => e);
    // A missing scope is no expired token: no refresh, a typed error telling the admin to reconnect.
    expect(err).toBeInstanceOf(ZohoScopeError);
    expect([(err as ZohoApiError).status, (err as ZohoApiError).code]).toEqual([
      401,
      'OAUTH_SCOPE_MISMATCH',
    ]);
    expect((err as Error).message).toMatch(/reconnect Zoho CRM/);
    const html = await call(transport(404, '<html>not found</html>')).catch((e: unknown) => e);
    expect((html as ZohoApiError).code).toBe('HTTP_ERROR');
  });

  it('backs off on RATE_LIMIT_EXCEEDED as on TOO_MANY_REQUESTS, waiting the retry_after Zoho asks', async () => {
    const sleeps: number[] = [];
    const answers = [
      [
        429,
        '{"code":"RATE_LIMIT_EXCEEDED","message":"m","status":"error","details":{"retry_after":7}}',
      ],
      [429, '{"code":"TOO_MANY_REQUESTS","message":"m","status":"error","details":{}}'],
      [200, '{"data":[]}'],
    ] as const;
    let i = 0;
    const t = new ZohoTransport({
      tokens,
      concurrencyFor: async () => 2,
      recordCredits: async () => undefined,
      logger: createLogger('silent'),
      random: () => 0,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      fetchImpl: async () => {
        const [status, body] = answers[i++]!;
        return new Response(body, { status });
      },
    });
    expect((await call(t)).status).toBe(200);
    expect(sleeps).toEqual([7000, 0]);
    const limited = new ZohoTransport({
      tokens,
      concurrencyFor: async () => 2,
      recordCredits: async () => undefined,
      logger: createLogger('silent'),
      sleep: async () => undefined,
      fetchImpl: async () =>
        new Response('{"code":"RATE_LIMIT_EXCEEDED","message":"m","status":"error","details":{}}', {
          status: 429,
        }),
    });
    const err = await call(limited).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoRateLimitedError);
    expect((err as ZohoApiError).code).toBe('RATE_LIMIT_EXCEEDED');
  });

  it('pauses every call of the tenant on a 429, not only the one Zoho refused; other tenants go on', async () => {
    const fetched: string[] = [];
    let refuse = true;
    const pauses: Array<{ ms: number; end: () => void }> = [];
    const t = new ZohoTransport({
      tokens,
      concurrencyFor: async () => 5,
      recordCredits: async () => undefined,
      logger: createLogger('silent'),
      random: () => 0,
      sleep: (ms) => new Promise<void>((end) => pauses.push({ ms, end })),
      fetchImpl: async (url) => {
        fetched.push(new URL(String(url)).pathname);
        if (refuse) {
          refuse = false;
          return new Response(
            '{"code":"TOO_MANY_REQUESTS","message":"m","status":"error","details":{"retry_after":2}}',
            { status: 429 },
          );
        }
        return new Response('{"data":[]}', { status: 200 });
      },
    });
    const get = (tenantId: string, path: string) =>
      t.call({ tenantId }, { method: 'GET', path: `/crm/v8/${path}` });
    const flush = async () => {
      for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
    };
    const first = get('t', 'Accounts');
    await flush();
    expect(pauses.map((p) => p.ms)).toEqual([2000]);
    const second = get('t', 'Contacts');
    const elsewhere = get('other', 'Products');
    await flush();
    // The tenant's second call waits out the pause; another tenant's call does not.
    expect(fetched).toEqual(['/crm/v8/Accounts', '/crm/v8/Products']);
    pauses[0]!.end();
    expect((await Promise.all([first, second, elsewhere])).map((r) => r.status)).toEqual([
      200, 200, 200,
    ]);
    expect(fetched.slice(2).sort()).toEqual(['/crm/v8/Accounts', '/crm/v8/Contacts']);
    expect(pauses).toHaveLength(1);
  });

  it('keeps the credits Zoho says remain', async () => {
    const t = transport(200, '{"data":[]}', { 'X-API-CREDITS-REMAINING': '1234' });
    await call(t);
    expect(t.creditsRemaining.get('t')).toBe(1234);
  });

  it('types a body that does not match the schema', () => {
    expect(() =>
      parseReply(recordsResponse, { data: [{ name: 'no id' }] }, 'GET Accounts'),
    ).toThrow(ZohoResponseError);
  });
});
