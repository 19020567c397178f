import { describe, expect, it } from 'vitest';
import { ClientCache } from './client-cache.js';

class FakeClient {
  closed = false;
  constructor(readonly key: string) {}
  close() {
    this.closed = true;
  }
}

describe('the feed thread keeps only the agent clients in use', () => {
  const setup = () => {
    let now = 0;
    const made: FakeClient[] = [];
    const cache = new ClientCache(
      async (key) => {
        const c = new FakeClient(key);
        made.push(c);
        return c;
      },
      600_000,
      () => now,
    );
    return { cache, made, tick: (ms: number) => (now += ms) };
  };

  it('reuses a connection, and closes one left idle once the tenant moved to a new token', async () => {
    const { cache, made, tick } = setup();
    await cache.with('url|old-token', async () => undefined);
    await cache.with('url|old-token', async () => undefined);
    expect(made.map((c) => c.key)).toEqual(['url|old-token']);
    tick(60_000);
    await cache.with('url|new-token', async () => undefined);
    expect(cache.size).toBe(2);
    tick(600_000);
    await cache.with('url|new-token', async () => undefined);
    await Promise.resolve();
    expect(cache.size).toBe(1);
    expect(made.map((c) => [c.key, c.closed])).toEqual([
      ['url|old-token', true],
      ['url|new-token', false],
    ]);
  });

  it('never drops a client while a read uses it, however long it runs', async () => {
    const { cache, made, tick } = setup();
    let finish!: () => void;
    const long = cache.with('a', () => new Promise<void>((resolve) => (finish = resolve)));
    await Promise.resolve();
    tick(3_600_000);
    await cache.with('b', async () => undefined);
    expect(cache.size).toBe(2);
    expect(made[0]!.closed).toBe(false);
    finish();
    await long;
    tick(600_000);
    await cache.peek('b');
    await Promise.resolve();
    expect(made[0]!.closed).toBe(true);
  });

  it('forgets a client that could not be created, so the next read tries again', async () => {
    let tries = 0;
    const cache = new ClientCache<FakeClient>(async () => {
      tries += 1;
      throw new Error('WSDL unreadable');
    }, 1000);
    await expect(cache.with('a', async () => undefined)).rejects.toThrow('WSDL unreadable');
    await expect(cache.peek('a')).rejects.toThrow('WSDL unreadable');
    expect(tries).toBe(2);
  });
});
