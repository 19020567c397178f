import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import type { Db } from './db/knex.js';
import type { Repositories } from './db/repositories/index.js';
import { apiRouter } from './http/api/index.js';
import { createApp } from './http/app.js';
import { listenFirst } from './http/listen-first.js';
import {
  createJobRunner,
  createTenantLock,
  type JobRunner,
  type TenantLock,
} from './jobs/index.js';
import { NotificationTrigger } from './jobs/notification-trigger.js';
import { Metrics } from './metrics/metrics.js';
import { metricsRouter } from './metrics/routes.js';
import { createNotifier, type Notifier } from './notify/index.js';
import { composeZoho, type ZohoServices } from './http/zoho/compose.js';
import { startSandbox, type Sandbox } from './sandbox/index.js';
import type { Logger } from './logging.js';
import { composeServices, openStorage, type Services } from './root.js';

export { createSecretBox } from './root.js';

export interface RunningBackend {
  url: string;
  db: Db;
  repos: Repositories;
  /** The composition root's long-lived objects (Zoho client, agent clients, engine opener). */
  services: Services;
  /** Zoho client, connect/sign-in flows, notification channels and the session guard. */
  zoho: ZohoServices;
  /** Scheduled syncs and maintenance; started only when JOBS_ENABLED. */
  jobs: JobRunner;
  /** The per-tenant lock the jobs and the API's synchronous syncs share. */
  lock: TenantLock;
  /** Run notifications (email, webhooks) and their deliveries. */
  notifier: Notifier;
  /** Runs modules when Zoho notifies changes (jobs on and a PUBLIC_URL Zoho can reach). */
  notifications?: NotificationTrigger;
  /** The local sandbox (simulated Zoho and Sage, the CRM host) when it runs. */
  sandbox?: Sandbox;
  close(): Promise<void>;
}

/**
 * `npm start`: the composition root (server/root.ts) plus HTTP, jobs and the sandbox. Every part
 * gets the same Zoho client, agent clients and engine opener.
 */
export async function startBackend(config: Config, logger: Logger): Promise<RunningBackend> {
  const storage = await openStorage(config, logger);
  const { repos, db } = storage;
  // The port first: a taken one fails the start before the sandbox touches the database.
  const early = await listenFirst(config.http.port, config.http.host);
  if (early instanceof Error) {
    await db.destroy();
    const code = (early as NodeJS.ErrnoException).code;
    throw new ListenError(config.http.host, config.http.port, code ?? early.message, early);
  }
  const { server } = early;
  const openEngine = (tenantId: string) => services.engines.open(tenantId);
  const sandbox = await startSandbox(config, repos, logger);
  // The sandbox's simulated Zoho replaces the configured one everywhere, jobs included, and its
  // widget hosts are widget origins.
  const effective = sandbox ? { ...config, zoho: sandbox.zoho, auth: sandbox.auth } : config;
  const services: Services = composeServices(storage, effective, logger, { warmFeedThread: true });
  const zoho = composeZoho(effective, repos, logger, services.zoho);
  // One per-tenant lock for everything that syncs: the jobs and the API's synchronous calls.
  const lock = createTenantLock(config);
  const notifier = createNotifier(config, repos, logger);
  const metrics = new Metrics({
    repos,
    creditsRemaining: (tenantId) => services.zoho?.client.creditsRemaining(tenantId),
    creditsUsed: services.zoho
      ? (tenantId) => services.zoho!.client.creditsUsed(tenantId)
      : undefined,
    logger,
  });
  const onRunFinished = (tenantId: string, runId: string) => {
    notifier.runFinished(tenantId, runId);
    metrics.runFinished(tenantId, runId);
  };
  const jobs = createJobRunner({
    config: effective,
    repos,
    channels: zoho.channels,
    logger,
    openEngine,
    lock,
    notifier,
    onRunFinished,
  });
  let notifications: NotificationTrigger | undefined;
  if (config.jobs.enabled && zoho.channels?.canReceive) {
    const trigger = new NotificationTrigger({ jobs, moduleSettings: repos.moduleSettings, logger });
    zoho.channels.onChange((notice) => {
      trigger.handle(notice).catch((err: unknown) => {
        logger.error({ err, tenantId: notice.tenantId }, 'Zoho notification not handled');
      });
    });
    notifications = trigger;
  }
  const api = apiRouter({
    requireSession: zoho.requireSession,
    repos,
    openEngine,
    listZohoFields: zoho.client
      ? async (tenantId, module) =>
          (await zoho.client!.forTenant(tenantId).metadata.getFields(module)).map((f) => f.api_name)
      : undefined,
    zohoMetadata: zoho.client ? (tenantId) => zoho.client!.forTenant(tenantId).metadata : undefined,
    moduleAvailability: services.zoho?.availability,
    creditCap: services.zoho?.creditCap,
    zohoRecords: zoho.client ? (tenantId) => zoho.client!.forTenant(tenantId).records : undefined,
    sage: {
      testTimeoutMs: Math.min(config.sageEbws.timeoutMs, 15_000),
      agentTimeoutMs: config.sageFeed.agentTimeoutMs,
      ca: services.ca,
      agents: services.agents,
    },
    jobs,
    lock,
    runs: config.runs,
    zohoRecordUrlTemplate: sandbox?.recordUrlTemplate,
    notifier,
    allowPrivateWebhooks: config.notify.webhook.allowPrivate,
    onRunFinished,
    logger,
  });
  // Metrics are never public: without a token the route does not exist.
  const metricsRoutes = config.metrics.token ? [metricsRouter(metrics, config.metrics.token)] : [];
  const routers = [...metricsRoutes, ...zoho.routers, ...(sandbox ? [sandbox.router] : []), api];
  const app = createApp({ config, db, logger, routers });
  early.serve(app);
  const release = async () => {
    await notifier.close();
    metrics.close();
    await lock.close();
    await sandbox?.close();
    await services.close();
  };
  const address = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${address.port}`;
  logger.info({ url, database: config.database.client }, 'backend listening');
  if (config.jobs.enabled) await jobs.start();
  return {
    url,
    db,
    repos,
    services,
    zoho,
    jobs,
    lock,
    notifier,
    notifications,
    sandbox,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await notifications?.idle();
      await jobs.stop();
      await release();
    },
  };
}

/** The backend could not listen on its address (PORT in use, or not permitted). */
export class ListenError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly code: string,
    cause: unknown,
  ) {
    super(
      code === 'EADDRINUSE'
        ? `cannot listen on ${host}:${port}: the port is already in use (set PORT to a free one)`
        : `cannot listen on ${host}:${port}: ${code}`,
      { cause },
    );
    this.name = 'ListenError';
  }
}
