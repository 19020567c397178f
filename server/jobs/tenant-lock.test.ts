import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/knex.js';
import { describeWith, postgres } from '../../test/requirements.js';
import { LocalTenantLock, PgTenantLock, TenantBusyError, type TenantLock } from './tenant-lock.js';

const url = process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A promise with its resolver: tests wait on events, not on sleeps that a loaded machine outruns. */
function signal<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rejects when `promise` has not settled within `ms`: a lock that never lets go fails the test. */
const within = <T>(promise: Promise<T>, ms: number, what: string) =>
  Promise.race([
    promise,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`${what} never happened`)), ms),
    ),
  ]);

/** The same behaviour from both locks: one holder per tenant, waits bounded, tenants apart. */
function lockSuite(make: () => TenantLock) {
  it('runs one holder per tenant at a time, and other tenants alongside', async () => {
    const lock = make();
    const log: string[] = [];
    const otherTenantDone = signal();
    const job = (name: string, during?: () => Promise<unknown>) => async () => {
      log.push(`${name}+`);
      await during?.();
      log.push(`${name}-`);
      return name;
    };
    const [a, b, c] = await Promise.all([
      // a holds t1 until t2's job has run: with one lock for every tenant this would time out.
      lock.run(
        't1',
        job('a', () => within(otherTenantDone.promise, 10_000, "t2's job")),
      ),
      lock.run('t1', job('b')),
      lock.run('t2', async () => {
        const result = await job('c')();
        otherTenantDone.resolve();
        return result;
      }),
    ]);
    expect([a, b, c]).toEqual(['a', 'b', 'c']);
    // t1's two holders never overlap, whichever got the lock first.
    const t1 = log.filter((entry) => entry.startsWith('a') || entry.startsWith('b'));
    expect([['a+', 'a-', 'b+', 'b-'].join(), ['b+', 'b-', 'a+', 'a-'].join()]).toContain(t1.join());
    expect(log.indexOf('c-')).toBeLessThan(log.indexOf('a-'));
  });

  it('gives up after the wait with TenantBusyError, and never runs the refused work', async () => {
    const lock = make();
    let ran = false;
    const acquired = signal();
    const release = signal();
    const holder = lock.run('t1', async () => {
      acquired.resolve();
      await release.promise;
    });
    await acquired.promise;
    const refused = lock.run('t1', () => Promise.resolve((ran = true)), { waitMs: 100 });
    await expect(refused).rejects.toBeInstanceOf(TenantBusyError);
    await expect(refused).rejects.toMatchObject({ code: 'sync_running' });
    release.resolve();
    await holder;
    expect(ran).toBe(false);
    // The lock is free again afterwards.
    expect(await lock.run('t1', () => Promise.resolve('next'), { waitMs: 1000 })).toBe('next');
  });

  it('frees the lock when the holder fails', async () => {
    const lock = make();
    await expect(lock.run('t1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('t1', () => Promise.resolve(1), { waitMs: 1000 })).toBe(1);
  });
}

describe('LocalTenantLock', () => {
  lockSuite(() => new LocalTenantLock());

  it('says a tenant is busy while anyone holds or waits for it', async () => {
    const lock = new LocalTenantLock();
    const held = lock.run('t1', () => sleep(50));
    expect(lock.busy('t1')).toBe(true);
    expect(lock.busy('t2')).toBe(false);
    await held;
    await sleep(0);
    expect(lock.busy('t1')).toBe(false);
  });
});

describeWith([postgres], 'PgTenantLock (Postgres)', () => {
  let db: Db;
  let other: Db;
  beforeAll(() => {
    db = createDb({ client: 'postgres', connectionString: url! }, { poolMax: 6 });
    other = createDb({ client: 'postgres', connectionString: url! }, { poolMax: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await other.destroy();
  });
  lockSuite(() => new PgTenantLock(db));

  it('excludes a second process (another pool) until the holder commits', async () => {
    const mine = new PgTenantLock(db);
    const theirs = new PgTenantLock(other);
    const tenant = `t-${Date.now()}`;
    const acquired = signal();
    const release = signal();
    const holder = mine.run(tenant, async () => {
      acquired.resolve();
      await release.promise;
    });
    await acquired.promise;
    await expect(
      theirs.run(tenant, () => Promise.resolve(), { waitMs: 50 }),
    ).rejects.toBeInstanceOf(TenantBusyError);
    release.resolve();
    await holder;
    expect(await theirs.run(tenant, () => Promise.resolve('got it'), { waitMs: 1000 })).toBe(
      'got it',
    );
  });
});
