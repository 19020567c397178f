import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, plainMessage } from './api.js';
import { t } from './i18n.js';
import { TimeoutError, withTimeout } from './timeout.js';
import { parsePageLoad, SYNC_MODULES } from './zoho-sdk.js';

describe('Zoho SDK payloads', () => {
  it('reads the button’s array and the related list’s string', () => {
    expect(
      parsePageLoad({
        Entity: 'Accounts',
        EntityId: ['5725767000000123001'],
        ButtonPosition: 'DetailView',
      }),
    ).toEqual({ module: 'Accounts', recordId: '5725767000000123001', from: 'button' });
    expect(parsePageLoad({ Entity: 'Sales_Orders', EntityId: '42' })).toEqual({
      module: 'Sales_Orders',
      recordId: '42',
      from: 'related-list',
    });
    // A Deal's related list (its Sage orders and invoices); "Sync to Sage" does not serve Deals.
    expect(parsePageLoad({ Entity: 'Deals', EntityId: '77' })).toEqual({
      module: 'Deals',
      recordId: '77',
      from: 'related-list',
    });
    expect(SYNC_MODULES).not.toContain('Deals');
  });

  it('refuses modules it does not serve, odd ids and other shapes', () => {
    expect(parsePageLoad({ Entity: 'Leads', EntityId: '1' })).toBeUndefined();
    expect(parsePageLoad({ Entity: 'Accounts', EntityId: ['1 OR 1'] })).toBeUndefined();
    expect(parsePageLoad({ Entity: 'Accounts', EntityId: [] })).toBeUndefined();
    expect(parsePageLoad({ Entity: 'Accounts', EntityId: 12 })).toBeUndefined();
    expect(parsePageLoad(null)).toBeUndefined();
    expect(parsePageLoad('Accounts')).toBeUndefined();
  });
});

describe('timeouts', () => {
  it('rejects a promise that never settles, naming what did not answer', async () => {
    vi.useFakeTimers();
    try {
      const never = withTimeout(new Promise(() => undefined), 5000, 'Zoho CRM (init)');
      const caught = never.catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(5000);
      const error = await caught;
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as Error).message).toBe('Zoho CRM (init) did not answer within 5000 ms');
    } finally {
      vi.useRealTimers();
    }
  });

  it('passes a value through in time', async () => {
    await expect(withTimeout(Promise.resolve(7), 1000, 'x')).resolves.toBe(7);
  });
});

describe('API client', () => {
  const problem = (status: number, body: object) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'content-type': 'application/problem+json' },
    });

  it('sends the session as a Bearer token and JSON bodies', async () => {
    const fetchImpl = vi.fn(async () => Response.json({ ok: true }));
    const api = new ApiClient({
      baseUrl: 'https://sync.example.com',
      token: () => 's1.abc.def',
      onUnauthorized: () => undefined,
      fetchImpl,
    });
    expect(await api.post('/api/v1/records/Accounts/sync', { zohoId: '1' })).toEqual({ ok: true });
    expect(fetchImpl).toHaveBeenCalledWith(
      'https://sync.example.com/api/v1/records/Accounts/sync',
      {
        method: 'POST',
        headers: {
          accept: 'application/json',
          authorization: 'Bearer s1.abc.def',
          'content-type': 'application/json',
        },
        body: '{"zohoId":"1"}',
        credentials: 'omit',
      },
    );
  });

  it('turns problems into typed errors and tells the session about a 401', async () => {
    const onUnauthorized = vi.fn();
    const answers = [
      problem(401, { title: 'Not signed in', detail: 'The session has expired: sign in again.' }),
      problem(409, {
        title: 'Module disabled',
        detail: 'Accounts is disabled.',
        code: 'module_disabled',
      }),
      problem(500, { title: 'Internal Server Error', detail: 'TypeError at foo.ts:12' }),
      new Response('<html>bad gateway</html>', { status: 502 }),
    ];
    const api = new ApiClient({
      baseUrl: 'https://sync.example.com',
      token: () => undefined,
      onUnauthorized,
      fetchImpl: async () => answers.shift()!,
    });
    const errors = [];
    for (let i = 0; i < 4; i++)
      errors.push(await api.get('/api/v1/modules').catch((e: unknown) => e));
    expect(errors.map((e) => (e as ApiError).kind)).toEqual([
      'unauthorized',
      'conflict',
      'server',
      'zoho_unavailable',
    ]);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    expect((errors[1] as ApiError).code).toBe('module_disabled');
    // Plain words: the backend's sentence for a refusal, never a status, code or stack.
    expect(plainMessage(errors[1])).toBe(`${t('error.conflict')} Accounts is disabled.`);
    expect(plainMessage(errors[2])).toBe(t('error.server'));
    expect(plainMessage(errors[2])).not.toMatch(/500|TypeError|foo\.ts/);
    expect(plainMessage(errors[0])).toBe(t('error.unauthorized'));
  });

  it('reports an unreachable backend as a network error', async () => {
    const api = new ApiClient({
      baseUrl: 'https://sync.example.com',
      token: () => undefined,
      onUnauthorized: () => undefined,
      fetchImpl: async () => {
        throw new TypeError('Failed to fetch');
      },
    });
    const error = await api.get('/api/v1/modules').catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', status: 0 });
    expect(plainMessage(error)).toBe(t('error.network'));
  });
});
