import PgBoss from 'pg-boss';
import type { Db } from '../db/knex.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { JobExecutor, WorkOutcome } from './executor.js';
import { planDue } from './plan.js';
import { ancestorsOf, priorityOf } from './priority.js';
import { JobsStoppedError, pool, Ticker, type JobRunner, type TriggerOptions } from './runner.js';
import { lockKey, slotJobId } from './slot-id.js';
import { LOCK_NAMESPACE, PgTenantLock, TenantBusyError } from './tenant-lock.js';
import { holdJobLock, orphanedJobs } from './takeover.js';
import { jobWork, type JobWork } from './work.js';

export interface PgBossRunnerOptions {
  /**
   * Connections for the tenants' advisory locks, one held per running job: a pool of its own
   * (at least `concurrency`), so held locks never starve the engine's queries.
   */
  lockDb: Db;
  /** Destroy `lockDb` on stop (the runner made it). */
  ownsLockDb?: boolean;
  /** The tenants' lock, shared with the API; on `lockDb` when absent. */
  lock?: PgTenantLock;
  repos: Repositories;
  executor: JobExecutor;
  logger: Logger;
  now: () => Date;
  connectionString: string;
  /** pg-boss's own schema; tests give each runner pair its own. */
  schema: string;
  tickSeconds: number;
  reconcileHours: number;
  /** Jobs this process works on at once. */
  concurrency: number;
  /** A job active longer than this is taken for dead and handed to another worker. */
  expireSeconds: number;
  /** A job whose tenant is busy in another process is tried again after this. */
  busyRetrySeconds: number;
  /** An active sync job whose lock nobody holds this long lost its worker: hand it on. */
  takeoverSeconds: number;
}

export const JOB_QUEUE = 'sync-jobs';
/** Busy retries and take-overs after expiry both count against this. */
const RETRY_LIMIT = 20;
/**
 * Finished jobs stay in the job table (where their ids are unique) this long. Slots are only sent
 * within a day of their start, so a second send of a finished slot always hits its id.
 */
const KEEP_FINISHED_SECONDS = 2 * 86_400;
const BUSY = Symbol('busy');
/** Jobs per insert when a tick sends the slots due (one JSON parameter each). */
const SEND_CHUNK = 500;

/**
 * The scheduler on Postgres, where any number of backend processes share the work. Every process
 * plans every tick and sends each due slot as a job whose id is derived from (key, slot), so a
 * slot is queued once however many processes send it. Each job is taken by one worker; module
 * work runs under the tenant's advisory lock, so a tenant has one run at a time across all
 * processes (a job finding its tenant busy is retried shortly after). A worker that dies mid-job
 * loses its lock with its connection, and pg-boss hands the job on once it expires.
 */
export class PgBossJobRunner implements JobRunner {
  readonly kind = 'pg-boss';
  private boss?: Promise<PgBoss>;
  private readonly sent = new Map<string, number>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly ticker: Ticker;
  private stopped = false;
  private readonly lock: PgTenantLock;

  constructor(private readonly o: PgBossRunnerOptions) {
    this.lock = o.lock ?? new PgTenantLock(o.lockDb);
    this.ticker = new Ticker(o.tickSeconds * 1000, () => this.tick());
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.queue();
    this.ticker.start();
    this.o.logger.info(
      { runner: this.kind, schema: this.o.schema, tickSeconds: this.o.tickSeconds },
      'jobs started',
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.ticker.stop();
    await Promise.allSettled([...this.inflight]);
    const boss = await this.boss?.catch(() => undefined);
    this.boss = undefined;
    await boss?.stop({ graceful: true, wait: true, close: true });
    if (this.o.ownsLockDb) await this.o.lockDb.destroy();
    this.o.logger.info({ runner: this.kind }, 'jobs stopped');
  }

  tick(): Promise<WorkOutcome[]> {
    return this.track(this.planAndWork());
  }

  async triggerNow(
    tenantId: string,
    module: ModuleName,
    options: TriggerOptions = {},
  ): Promise<void> {
    if (this.stopped) throw new JobsStoppedError();
    const boss = await this.queue();
    const work: JobWork = { kind: 'sync', tenantId, module, ...options };
    await boss.send(JOB_QUEUE, work, { priority: priorityOf(work, true) });
    void this.track(this.drain(boss));
  }

  /**
   * Sends queued runs as one job (its id is the first run's, so a second submit of the same runs
   * is a no-op) and starts working; any process may take it. A worker that dies mid-run loses
   * its lock with its connection; once the job expires another worker takes it over and the run
   * continues from its last finished page.
   */
  async submit(tenantId: string, runIds: string[]): Promise<void> {
    if (this.stopped) throw new JobsStoppedError();
    const boss = await this.queue();
    const work: JobWork = { kind: 'runs', tenantId, runIds };
    await boss.send(JOB_QUEUE, work, { id: runIds[0], priority: priorityOf(work) });
    void this.track(this.drain(boss));
  }

  private async planAndWork(): Promise<WorkOutcome[]> {
    if (this.stopped) return [];
    const boss = await this.queue();
    await this.takeOverOrphans(boss);
    const now = this.o.now();
    const fresh = (await planDue(this.o.repos, now, this.o, this.o.logger)).filter(
      (due) =>
        this.sent.get(due.key) !== due.slot.getTime() &&
        now.getTime() - due.slot.getTime() <= due.windowSeconds * 1000,
    );
    // One insert per chunk, not one round trip per job: with hundreds of tenants due at once the
    // lanes would otherwise wait for every send before taking the first job. A slot's job id is
    // fixed, so a job another process already sent is skipped (ON CONFLICT DO NOTHING), as send.
    for (let i = 0; i < fresh.length; i += SEND_CHUNK) {
      const chunk = fresh.slice(i, i + SEND_CHUNK);
      await boss.insert(
        chunk.map((due) => ({
          name: JOB_QUEUE,
          id: slotJobId(due.key, due.slot),
          data: due.work,
          priority: priorityOf(due.work),
        })),
      );
      for (const due of chunk) this.sent.set(due.key, due.slot.getTime());
    }
    const lanes = Array.from({ length: this.o.concurrency }, () => () => this.drain(boss));
    return (await pool(this.o.concurrency, lanes)).flat();
  }

  /**
   * Hands on the jobs whose worker died (no process holds their job lock): failed with a reason,
   * pg-boss retries them after `busyRetrySeconds`, and whichever process fetches one first
   * carries it on (a queued run from its last page). Without this they would wait for expiry.
   */
  private async takeOverOrphans(boss: PgBoss): Promise<void> {
    const { lockDb, schema, takeoverSeconds, logger } = this.o;
    const orphans = await orphanedJobs(lockDb, schema, JOB_QUEUE, takeoverSeconds);
    if (orphans.length === 0) return;
    logger.warn({ jobIds: orphans }, 'jobs whose worker is gone handed on to the next worker');
    for (const id of orphans)
      await boss.fail(JOB_QUEUE, id, { takenOver: 'its worker holds no lock any more' });
  }

  /** Takes jobs one by one until the queue has none ready. */
  private async drain(boss: PgBoss): Promise<WorkOutcome[]> {
    const outcomes: WorkOutcome[] = [];
    while (!this.stopped) {
      const [job] = await boss.fetch<unknown>(JOB_QUEUE, { batchSize: 1 });
      if (!job) break;
      outcomes.push(...(await this.handle(boss, job)));
    }
    return outcomes;
  }

  private async handle(boss: PgBoss, job: PgBoss.Job<unknown>): Promise<WorkOutcome[]> {
    const parsed = jobWork.safeParse(job.data);
    if (!parsed.success) {
      this.o.logger.error({ jobId: job.id }, 'job with unreadable data dropped');
      await boss.complete(JOB_QUEUE, job.id, { dropped: 'unreadable job data' });
      return [];
    }
    const work = parsed.data;
    try {
      const outcomes =
        work.kind === 'maintenance'
          ? await this.o.executor.run(work)
          : await this.withTenantLock(work, job.id, () => this.o.executor.run(work));
      if (outcomes === BUSY) {
        await boss.fail(JOB_QUEUE, job.id, { busy: 'tenant has a run in another worker' });
        return [];
      }
      const output = outcomes.map(({ status, runId, reason }) => ({ status, runId, reason }));
      // pg-boss 10 returns the affected count though its types say void.
      const result = (await boss.complete(JOB_QUEUE, job.id, { outcomes: output })) as unknown as
        { affected?: number } | undefined;
      if (result?.affected === 0) {
        this.o.logger.warn({ jobId: job.id, work }, 'job outlived its expiry; it may run again');
      }
      return outcomes;
    } catch (err) {
      this.o.logger.error({ jobId: job.id, work, err }, 'job failed');
      await boss.fail(JOB_QUEUE, job.id, { error: err instanceof Error ? err.message : 'error' });
      return [];
    }
  }

  /**
   * Runs `fn` holding the tenant's advisory lock for the length of a transaction. A sync whose
   * parent module still has a sync queued or running for the tenant counts as busy too: workers
   * fetch parents first, but a child's worker could otherwise reach the lock before them.
   */
  private async withTenantLock<T>(
    work: Exclude<JobWork, { kind: 'maintenance' }>,
    jobId: string,
    fn: () => Promise<T>,
  ): Promise<T | typeof BUSY> {
    try {
      return await this.lock.withLock(work.tenantId, { waitMs: 0 }, (trx) =>
        this.underLock(trx, work, jobId, fn),
      );
    } catch (err) {
      if (err instanceof TenantBusyError) return BUSY;
      throw err;
    }
  }

  private async underLock<T>(
    trx: Parameters<Parameters<PgTenantLock['withLock']>[2]>[0],
    work: Exclude<JobWork, { kind: 'maintenance' }>,
    jobId: string,
    fn: () => Promise<T>,
  ): Promise<T> {
    // Held as long as this worker works on the job: without it the job counts as orphaned.
    await holdJobLock(trx, jobId);
    const parents = work.kind === 'sync' ? ancestorsOf(work.module) : [];
    if (parents.length > 0) {
      const pending = (await trx.raw(
        `SELECT count(*)::int AS n FROM ??.job
            WHERE name = ? AND id <> ? AND state IN ('created', 'retry', 'active')
              AND data->>'kind' = 'sync' AND data->>'tenantId' = ?
              AND data->>'module' = ANY(?::text[])`,
        [this.o.schema, JOB_QUEUE, jobId, work.tenantId, parents],
      )) as { rows: Array<{ n: number }> };
      if ((pending.rows[0]?.n ?? 0) > 0) throw new TenantBusyError(work.tenantId);
    }
    return fn();
  }

  private queue(): Promise<PgBoss> {
    this.boss ??= this.open();
    return this.boss;
  }

  private async open(): Promise<PgBoss> {
    const boss = new PgBoss({
      connectionString: this.o.connectionString,
      schema: this.o.schema,
      schedule: false,
      supervise: true,
      archiveCompletedAfterSeconds: KEEP_FINISHED_SECONDS,
      archiveFailedAfterSeconds: KEEP_FINISHED_SECONDS,
      max: this.o.concurrency + 2,
    });
    boss.on('error', (err) => this.o.logger.error({ err }, 'pg-boss error'));
    // Creating the queue is DDL (a partition of pg-boss's job table): run concurrently with
    // another process's setup or its sends, Postgres answered one side with a deadlock. Set up one
    // process at a time, and only create the queue when it does not exist yet.
    const queue: PgBoss.Queue = {
      name: JOB_QUEUE,
      policy: 'standard',
      retryLimit: RETRY_LIMIT,
      retryDelay: this.o.busyRetrySeconds,
      expireInSeconds: this.o.expireSeconds,
    };
    await this.o.lockDb.transaction(async (trx) => {
      await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [
        LOCK_NAMESPACE,
        lockKey(`setup:${this.o.schema}`),
      ]);
      await boss.start();
      if (await boss.getQueue(JOB_QUEUE)) await boss.updateQueue(JOB_QUEUE, queue);
      else await boss.createQueue(JOB_QUEUE, queue);
    });
    return boss;
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p)).catch(() => undefined);
    return p;
  }
}
