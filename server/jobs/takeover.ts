import type { Knex } from 'knex';
import type { Db } from '../db/knex.js';
import { lockKey } from './slot-id.js';

/**
 * First key of the job locks ("JOBS"). A worker holds its job's lock, in the same transaction as
 * the tenant's lock, for as long as it works on the job; the lock dies with the worker's
 * connection, so an active job nobody holds the lock of has lost its worker.
 */
export const JOB_LOCK_NAMESPACE = 0x4a4f4253;

/** Two-int advisory locks show their second key in pg_locks as an unsigned oid. */
const asOid = (key: number): string => String(key >>> 0);

/** Takes the job's lock in the worker's lock transaction; released when it commits. */
export async function holdJobLock(trx: Knex.Transaction, jobId: string): Promise<void> {
  await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [JOB_LOCK_NAMESPACE, lockKey(jobId)]);
}

/**
 * Jobs of `queue` that pg-boss shows active for longer than `graceSeconds` while no process holds
 * their job lock: their worker died (a crash, SIGKILL, a lost machine). Maintenance jobs take no
 * lock and are left to pg-boss's expiry. The grace covers a live worker between fetching a job and
 * taking its lock (milliseconds), and between releasing it and completing the job.
 */
export async function orphanedJobs(
  db: Db,
  schema: string,
  queue: string,
  graceSeconds: number,
): Promise<string[]> {
  const active = (await db.raw(
    `SELECT id FROM ??.job
      WHERE name = ? AND state = 'active' AND data->>'kind' <> 'maintenance'
        AND started_on < now() - make_interval(secs => ?)`,
    [schema, queue, graceSeconds],
  )) as { rows: Array<{ id: string }> };
  if (active.rows.length === 0) return [];
  const held = (await db.raw(
    `SELECT objid::text AS key FROM pg_locks
      WHERE locktype = 'advisory' AND granted AND objsubid = 2 AND classid = ?::bigint::oid
        AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    [JOB_LOCK_NAMESPACE],
  )) as { rows: Array<{ key: string }> };
  const locked = new Set(held.rows.map((r) => r.key));
  return active.rows.map((r) => r.id).filter((id) => !locked.has(asOid(lockKey(id))));
}
