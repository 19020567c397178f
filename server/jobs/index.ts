import type { Config } from '../config.js';
import { createDb } from '../db/knex.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { NotificationChannels } from '../zoho/notification-channels.js';
import { JobExecutor, type EngineOpener, type RunFinishedListener } from './executor.js';
import { InProcessJobRunner } from './in-process-runner.js';
import type { MaintenanceDeps } from './maintenance.js';
import { PgBossJobRunner } from './pg-boss-runner.js';
import type { JobRunner } from './runner.js';
import { LocalTenantLock, PgTenantLock, type TenantLock } from './tenant-lock.js';

export type { JobRunner } from './runner.js';
export type { WorkOutcome, EngineOpener, OpenedEngine } from './executor.js';
export { JobExecutor } from './executor.js';
export { InProcessJobRunner } from './in-process-runner.js';
export { PgBossJobRunner } from './pg-boss-runner.js';
export { LocalTenantLock, PgTenantLock, TenantBusyError, type TenantLock } from './tenant-lock.js';
export {
  checkSchedule,
  InvalidScheduleError,
  latestSlot,
  MIN_INTERVAL_SECONDS,
  nextSlot,
} from './schedule.js';

export type JobsConfig = Pick<
  Config,
  'database' | 'jobs' | 'sync' | 'zoho' | 'sageFeed' | 'sageEbws'
>;

export interface JobDeps {
  /** The effective config: with the sandbox's Zoho settings when the sandbox is on. */
  config: JobsConfig;
  repos: Repositories;
  channels?: Pick<NotificationChannels, 'renewExpiring' | 'ensure' | 'canReceive'>;
  logger: Logger;
  /** The composition root's engine opener (TenantEngines.open); tests pass their own. */
  openEngine: EngineOpener;
  /** Tests inject a clock; production uses the wall clock. */
  now?: () => Date;
  /** Tests give each pg-boss runner its own schema. */
  pgBossSchema?: string;
  /** The tenants' lock, shared with the API (createTenantLock); the runner's own when absent. */
  lock?: TenantLock;
  onRunFinished?: RunFinishedListener;
  notifier?: MaintenanceDeps['notifier'];
}

/**
 * The one per-tenant lock of a process: in memory on SQLite, advisory locks on a small pool of
 * its own on Postgres (one connection per held or awaited lock: the jobs' plus a few API calls').
 */
export function createTenantLock(config: Pick<Config, 'database' | 'jobs'>): TenantLock {
  if (config.database.client === 'sqlite') return new LocalTenantLock();
  const db = createDb(config.database, { poolMax: config.jobs.concurrency + 4 });
  return new PgTenantLock(db, true);
}

/** The runner for the configured database: in process on SQLite, pg-boss on Postgres. */
export function createJobRunner(deps: JobDeps): JobRunner {
  const { config, repos } = deps;
  const logger = deps.logger.child({ component: 'jobs' });
  const now = deps.now ?? (() => new Date());
  const executor = new JobExecutor({
    repos,
    logger,
    now,
    openEngine: deps.openEngine,
    maintenance: {
      channels: deps.channels,
      eventRetentionDays: config.sync.eventRetentionDays,
      notifier: deps.notifier,
    },
    onRunFinished: deps.onRunFinished,
  });
  const common = {
    repos,
    executor,
    logger,
    now,
    tickSeconds: config.jobs.tickSeconds,
    reconcileHours: config.jobs.reconcileHours,
    concurrency: config.jobs.concurrency,
  };
  if (config.database.client === 'sqlite') {
    const lock = deps.lock instanceof LocalTenantLock ? deps.lock : undefined;
    return new InProcessJobRunner({ ...common, lock });
  }
  const lock = deps.lock instanceof PgTenantLock ? deps.lock : undefined;
  return new PgBossJobRunner({
    ...common,
    lock,
    lockDb: lock?.db ?? createDb(config.database, { poolMax: config.jobs.concurrency + 1 }),
    ownsLockDb: !lock,
    connectionString: config.database.connectionString,
    schema: deps.pgBossSchema ?? config.jobs.pgBossSchema,
    expireSeconds: config.jobs.expireSeconds,
    busyRetrySeconds: config.jobs.busyRetrySeconds,
    takeoverSeconds: config.jobs.takeoverSeconds,
  });
}
