import fs from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { createDb, type Db } from './db/knex.js';
import { migrateLatest } from './db/migrate.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import { apiRouter } from './http/api/index.js';
import { createApp } from './http/app.js';
import { createJobRunner, type JobRunner } from './jobs/index.js';
import { NotificationTrigger } from './jobs/notification-trigger.js';
import { composeZoho, type ZohoServices } from './http/zoho/compose.js';
import { startSandbox } from './sandbox/index.js';
import { createTenantEngine } from './sync-composition.js';
import type { Logger } from './logging.js';
import { loadOrCreateKeyFile } from './security/key-file.js';
import { SecretBox } from './security/secret-box.js';

export interface RunningBackend {
  url: string;
  db: Db;
  repos: Repositories;
  /** Zoho client, connect/sign-in flows, notification channels and the session guard. */
  zoho: ZohoServices;
  /** Scheduled syncs and maintenance; started only when JOBS_ENABLED. */
  jobs: JobRunner;
  /** Runs modules when Zoho notifies changes (jobs on and a PUBLIC_URL Zoho can reach). */
  notifications?: NotificationTrigger;
  close(): Promise<void>;
}

/** Builds the secret box from config, generating a local key file outside production. */
export function createSecretBox(config: Config, logger: Logger): SecretBox {
  let key = config.secrets.key;
  if (!key) {
    const generated = loadOrCreateKeyFile(config.dataDir);
    if (generated.created) {
      logger.warn(
        { file: generated.file },
        'SECRET_KEY is not set: generated a key file for this machine. Set SECRET_KEY before production use; secrets sealed with this key need it to open.',
      );
    }
    key = generated.key;
  }
  return new SecretBox(config.secrets.keyId, key, config.secrets.previous);
}

/** The composition root: wires storage, secrets and HTTP, migrates, and listens. */
export async function startBackend(config: Config, logger: Logger): Promise<RunningBackend> {
  const box = createSecretBox(config, logger);
  const db = createDb(config.database);
  const applied = await migrateLatest(db);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  const repos = createRepositories(db, box);
  const sandbox = await startSandbox(config, repos, logger);
  // The sandbox's simulated Zoho replaces the configured one everywhere, jobs included.
  const effective = sandbox ? { ...config, zoho: sandbox.zoho } : config;
  const zoho = composeZoho(effective, repos, logger);
  const jobs = createJobRunner({ config: effective, repos, channels: zoho.channels, logger });
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
  // The widget's API runs engines on the same effective config as the jobs (sandbox Zoho included).
  const api = apiRouter({
    requireSession: zoho.requireSession,
    repos,
    openEngine: (tenantId) => createTenantEngine(effective, repos, tenantId, logger),
    listZohoFields: zoho.client
      ? async (tenantId, module) =>
          (await zoho.client!.forTenant(tenantId).metadata.getFields(module)).map((f) => f.api_name)
      : undefined,
    zohoMetadata: zoho.client ? (tenantId) => zoho.client!.forTenant(tenantId).metadata : undefined,
    sage: {
      testTimeoutMs: Math.min(config.sageEbws.timeoutMs, 15_000),
      agentTimeoutMs: config.sageFeed.agentTimeoutMs,
      ca: config.sageEbws.caFile ? fs.readFileSync(config.sageEbws.caFile, 'utf8') : undefined,
    },
    logger,
  });
  const routers = [...zoho.routers, ...(sandbox ? [sandbox.router] : []), api];
  const app = createApp({ config, db, logger, routers });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.http.port, config.http.host, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address() as AddressInfo;
  const url = `http://${config.http.host}:${address.port}`;
  logger.info({ url, database: config.database.client }, 'backend listening');
  if (config.jobs.enabled) await jobs.start();
  return {
    url,
    db,
    repos,
    zoho,
    jobs,
    notifications,
    close: async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await notifications?.idle();
      await jobs.stop();
      await sandbox?.close();
      await db.destroy();
    },
  };
}
