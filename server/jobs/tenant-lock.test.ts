import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../db/knex.js';
import { LocalTenantLock, PgTenantLock, TenantBusyError, type TenantLock } from './tenant-lock.js';

const url = process.env.TEST_DATABASE_URL;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The same behaviour from both locks: one holder per tenant, waits bounded, tenants apart. */
function lockSuite(make: () => TenantLock) {
  it('runs one holder per tenant at a time, in order, and other tenants alongside', async () => {
    const lock = make();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`${name}+`);
      await sleep(ms);
      log.push(`${name}-`);
      return name;
    };
    const [a, b, c] = await Promise.all([
      lock.run('t1', job('a', 250)),
      lock.run('t1', job('b', 10)),
      lock.run('t2', job('c', 10)),
    ]);
    expect([a, b, c]).toEqual(['a', 'b', 'c']);
    expect(log.indexOf('a-')).toBeLessThan(log.indexOf('b+'));
    expect(log.indexOf('c-')).toBeLessThan(log.indexOf('a-'));
  });

  it('gives up after the wait with TenantBusyError, and never runs the refused work', async () => {
    const lock = make();
    let ran = false;
    const holder = lock.run('t1', () => sleep(400));
    await sleep(50);
    const refused = lock.run('t1', () => Promise.resolve((ran = true)), { waitMs: 100 });
    await expect(refused).rejects.toBeInstanceOf(TenantBusyError);
    await expect(refused).rejects.toMatchObject({ code: 'sync_running' });
    await holder;
    expect(ran).toBe(false);
    // The lock is free again afterwards.
    expect(await lock.run('t1', () => Promise.resolve('next'), { waitMs: 100 })).toBe('next');
  });

  it('frees the lock when the holder fails', async () => {
    const lock = make();
    await expect(lock.run('t1', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await lock.run('t1', () => Promise.resolve(1), { waitMs: 0 })).toBe(1);
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

describe.skipIf(!url)('PgTenantLock (Postgres)', () => {
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
    const holder = mine.run(tenant, () => sleep(300));
    await sleep(50);
    await expect(
      theirs.run(tenant, () => Promise.resolve(), { waitMs: 50 }),
    ).rejects.toBeInstanceOf(TenantBusyError);
    await holder;
    expect(await theirs.run(tenant, () => Promise.resolve('got it'), { waitMs: 50 })).toBe(
      'got it',
    );
  });
});
