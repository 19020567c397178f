import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { envSchema } from './config/env-schema.js';
import type { Config } from './config/types.js';

/**
 * The one place that reads the environment. Everything else takes a typed `Config` (or a slice of
 * it) as an argument, so tests build configs by hand and nothing depends on the process.
 */

export type { Config, DatabaseTarget } from './config/types.js';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment record. Throws one ConfigError naming every bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  const e = result.data;
  if (e.NODE_ENV === 'production' && !e.SECRET_KEY) {
    throw new ConfigError([
      'SECRET_KEY: required in production (32 random bytes as hex or base64: openssl rand -hex 32)',
    ]);
  }
  // By default the sandbox runs where `npm start` runs with no Zoho client configured.
  const sandbox =
    e.ZOHO_SANDBOX ?? (!e.ZOHO_CLIENT_ID && e.NODE_ENV === 'development' && e.PORT !== 0);
  return {
    env: e.NODE_ENV,
    http: { port: e.PORT, host: e.HOST, bodyLimit: e.BODY_LIMIT, publicUrl: e.PUBLIC_URL },
    dataDir: e.DATA_DIR,
    database: e.DATABASE_URL ?? { client: 'sqlite', filename: path.join(e.DATA_DIR, 'sync.db') },
    secrets: {
      key: e.SECRET_KEY,
      keyId: e.SECRET_KEY_ID,
      previous: e.SECRET_KEYS_PREVIOUS ?? new Map(),
    },
    logLevel: e.LOG_LEVEL,
    zoho: {
      clientId: e.ZOHO_CLIENT_ID,
      clientSecret: e.ZOHO_CLIENT_SECRET,
      accountsUrl: e.ZOHO_ACCOUNTS_URL.replace(/\/+$/, ''),
      extraAccountsServers: e.ZOHO_EXTRA_ACCOUNTS_SERVERS,
      redirectUrl:
        e.ZOHO_REDIRECT_URL ??
        `${(e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, '')}/oauth/zoho/callback`,
      scopes: e.ZOHO_SCOPES,
      adminProfiles: e.ZOHO_ADMIN_PROFILES,
      maxConcurrency: e.ZOHO_MAX_CONCURRENCY,
      creditShare: e.ZOHO_CREDIT_SHARE,
      sandbox,
    },
    auth: {
      sessionKey: e.SESSION_SIGNING_KEY,
      sessionTtlSeconds: e.SESSION_TTL_SECONDS,
      widgetOrigins: e.WIDGET_ORIGINS,
    },
    sageFeed: {
      overlapSeconds: e.SAGE_FEED_OVERLAP_SECONDS,
      pageSize: e.SAGE_FEED_PAGE_SIZE,
      agentTimeoutMs: e.SAGE_AGENT_TIMEOUT_MS,
      thread: e.SAGE_FEED_THREAD,
    },
    sageEbws: {
      timeoutMs: e.SAGE_EBWS_TIMEOUT_MS,
      retry: {
        maxAttempts: e.SAGE_EBWS_MAX_ATTEMPTS,
        baseDelayMs: e.SAGE_EBWS_RETRY_BASE_MS,
        maxDelayMs: e.SAGE_EBWS_RETRY_MAX_MS,
      },
      caFile: e.SAGE_EBWS_CA_FILE,
      sessions: e.SAGE_EBWS_SESSIONS,
      charset: e.SAGE_CHARSET,
    },
    sync: { eventRetentionDays: e.SYNC_EVENT_RETENTION_DAYS, pageSize: e.SYNC_PAGE_SIZE },
    jobs: {
      enabled: e.JOBS_ENABLED ?? e.NODE_ENV !== 'test',
      tickSeconds: e.JOBS_TICK_SECONDS,
      reconcileHours: e.JOBS_RECONCILE_HOURS,
      concurrency: e.JOBS_CONCURRENCY,
      pgBossSchema: e.JOBS_PGBOSS_SCHEMA,
      expireSeconds: e.JOBS_EXPIRE_SECONDS,
      busyRetrySeconds: e.JOBS_BUSY_RETRY_SECONDS,
      takeoverSeconds: e.JOBS_TAKEOVER_SECONDS,
    },
    runs: {
      lockWaitMs: e.RUNS_LOCK_WAIT_MS,
      recordDeadlineMs: e.RUNS_RECORD_DEADLINE_MS,
      streamPollMs: e.RUNS_STREAM_POLL_MS,
    },
    notify: {
      smtpUrl: e.SMTP_URL,
      from: e.NOTIFY_FROM,
      runLink:
        e.NOTIFY_RUN_LINK ??
        `${(e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, '')}/api/v1/runs/{runId}`,
      webhook: {
        maxAttempts: e.NOTIFY_WEBHOOK_MAX_ATTEMPTS,
        retryBaseMs: e.NOTIFY_WEBHOOK_RETRY_BASE_MS,
        timeoutMs: e.NOTIFY_WEBHOOK_TIMEOUT_MS,
        // The sandbox's receivers are on loopback; a real deployment's tenants never may be.
        allowPrivate: e.NOTIFY_ALLOW_PRIVATE_WEBHOOKS ?? (sandbox && e.NODE_ENV !== 'production'),
      },
    },
    metrics: { token: e.METRICS_TOKEN },
  };
}

/** The process environment with a `.env` file (if any) underneath it: real variables win. */
export function readEnvironment(envFile = '.env'): Record<string, string | undefined> {
  const fromFile = fs.existsSync(envFile) ? dotenv.parse(fs.readFileSync(envFile)) : {};
  return { ...fromFile, ...process.env };
}

export function loadConfig(): Config {
  return parseConfig(readEnvironment());
}
