import type { Knex } from 'knex';
import type { Db } from '../db/knex.js';
import { lockKey } from './slot-id.js';

/**
 * A sync is already running for the tenant and did not finish within the wait: answered as 409
 * "a sync is running" (issue 10, item 5), or retried later by the job runner.
 */
export class TenantBusyError extends Error {
  readonly code = 'sync_running';
  constructor(readonly tenantId: string) {
    super('a sync is running for this organisation: try again when it has finished');
    this.name = 'TenantBusyError';
  }
}

export interface LockOptions {
  /** How long to wait for the lock: 0 tries once, Infinity (the default) waits until it is free. */
  waitMs?: number;
}

/**
 * One run at a time per tenant, for everything that syncs: scheduled and queued runs, "Sync to
 * Sage", replays and review decisions (ADR 0051). In process on SQLite; a Postgres advisory lock
 * (held by a connection of the lock's own pool) when several processes share the database.
 */
export interface TenantLock {
  readonly kind: 'local' | 'postgres';
  /** Runs `fn` holding the tenant's lock; TenantBusyError when it was not free within the wait. */
  run<T>(tenantId: string, fn: () => Promise<T>, options?: LockOptions): Promise<T>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A FIFO mutex per tenant, for one backend process on SQLite. */
export class LocalTenantLock implements TenantLock {
  readonly kind = 'local';
  private readonly tails = new Map<string, Promise<void>>();

  /** Something holds or waits for the tenant's lock in this process. */
  busy(tenantId: string): boolean {
    return this.tails.has(tenantId);
  }

  async run<T>(tenantId: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    const previous = this.tails.get(tenantId) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const tail = previous.then(() => mine);
    this.tails.set(tenantId, tail);
    const done = () => {
      release();
      void tail.then(() => {
        if (this.tails.get(tenantId) === tail) this.tails.delete(tenantId);
      });
    };
    const waitMs = options.waitMs ?? Infinity;
    const got =
      waitMs === Infinity
        ? await previous.then(() => true)
        : await Promise.race([previous.then(() => true), sleep(waitMs).then(() => false)]);
    if (!got) {
      // Give up our place: the chain moves on as soon as the holder before us is done.
      done();
      throw new TenantBusyError(tenantId);
    }
    try {
      return await fn();
    } finally {
      done();
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** First key of the tenants' advisory locks ("SYNC"), so they stay apart from anyone else's. */
export const LOCK_NAMESPACE = 0x53594e43;
const POLL_MS = 100;

/**
 * A transaction-scoped advisory lock on the tenant, on a pool of its own: the lock dies with its
 * connection, so a process that dies mid-run frees its tenant at once.
 */
export class PgTenantLock implements TenantLock {
  readonly kind = 'postgres';

  constructor(
    readonly db: Db,
    private readonly ownsDb = false,
  ) {}

  run<T>(tenantId: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
    return this.withLock(tenantId, options, () => fn());
  }

  /**
   * Runs `fn` holding the lock, with the lock's transaction (the job runner checks pg-boss's job
   * table in it). `fn` may throw TenantBusyError itself to give the lock back.
   */
  withLock<T>(
    tenantId: string,
    options: LockOptions,
    fn: (trx: Knex.Transaction) => Promise<T>,
  ): Promise<T> {
    const key = lockKey(`tenant:${tenantId}`);
    const waitMs = options.waitMs ?? Infinity;
    return this.db.transaction(async (trx) => {
      if (waitMs === Infinity) {
        await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_NAMESPACE, key]);
      } else {
        const deadline = Date.now() + waitMs;
        for (;;) {
          const result = (await trx.raw('SELECT pg_try_advisory_xact_lock(?, ?) AS got', [
            LOCK_NAMESPACE,
            key,
          ])) as { rows: Array<{ got: boolean }> };
          if (result.rows[0]?.got === true) break;
          const left = deadline - Date.now();
          if (left <= 0) throw new TenantBusyError(tenantId);
          await sleep(Math.min(POLL_MS, left));
        }
      }
      return fn(trx);
    });
  }

  async close(): Promise<void> {
    if (this.ownsDb) await this.db.destroy();
  }
}
