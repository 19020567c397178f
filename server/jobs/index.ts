import type { Config } from '../config.js';
import { createDb } from '../db/knex.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { NotificationChannels } from '../zoho/notification-channels.js';
import { JobExecutor, type EngineOpener } from './executor.js';
import { InProcessJobRunner } from './in-process-runner.js';
import { PgBossJobRunner } from './pg-boss-runner.js';
import type { JobRunner } from './runner.js';

export type { JobRunner } from './runner.js';
export type { WorkOutcome, EngineOpener, OpenedEngine } from './executor.js';
export { JobExecutor } from './executor.js';
export { InProcessJobRunner } from './in-process-runner.js';
export { PgBossJobRunner } from './pg-boss-runner.js';
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
    maintenance: { channels: deps.channels, eventRetentionDays: config.sync.eventRetentionDays },
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
  if (config.database.client === 'sqlite') return new InProcessJobRunner(common);
  return new PgBossJobRunner({
    ...common,
    lockDb: createDb(config.database, { poolMax: config.jobs.concurrency + 1 }),
    ownsLockDb: true,
    connectionString: config.database.connectionString,
    schema: deps.pgBossSchema ?? config.jobs.pgBossSchema,
    expireSeconds: config.jobs.expireSeconds,
    busyRetrySeconds: config.jobs.busyRetrySeconds,
  });
}
