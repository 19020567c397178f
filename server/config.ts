import fs from 'node:fs';
import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { WIDGET_ORIGIN_ENTRY } from './http/auth/widget-origins.js';

/**
 * The one place that reads the environment. Everything else takes a typed `Config` (or a slice of
 * it) as an argument, so tests build configs by hand and nothing depends on the process.
 */

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type DatabaseTarget =
  { client: 'sqlite'; filename: string } | { client: 'postgres'; connectionString: string };

const databaseUrl = z
  .string()
  .trim()
  .transform((value, ctx): DatabaseTarget => {
    if (/^postgres(ql)?:\/\//.test(value)) {
      try {
        new URL(value);
        return { client: 'postgres', connectionString: value };
      } catch {
        /* fall through to the issue below */
      }
    }
    const sqlite = /^(?:sqlite|file):(.+)$/.exec(value);
    if (sqlite?.[1]) return { client: 'sqlite', filename: sqlite[1] };
    ctx.addIssue({
      code: 'custom',
      message:
        'expected a postgres URL (postgres://user:pass@host:5432/db) or an SQLite file (sqlite:./data/sync.db)',
    });
    return z.NEVER;
  });

/** A 32-byte AES key, given as 64 hex characters or 44 base64 characters. */
export const secretKeyString = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const key = /^[0-9a-fA-F]{64}$/.test(value)
      ? Buffer.from(value, 'hex')
      : Buffer.from(value, 'base64');
    if (key.length !== 32) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected 32 random bytes as 64 hex characters or base64 (openssl rand -hex 32)',
      });
      return z.NEVER;
    }
    return key;
  });

const previousKeys = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const keys = new Map<string, Buffer>();
    for (const entry of value.split(',').filter(Boolean)) {
      const [id, raw] = entry.split(':');
      const parsed = secretKeyString.safeParse(raw ?? '');
      if (!id || !parsed.success) {
        ctx.addIssue({ code: 'custom', message: 'expected a comma-separated list of keyId:key' });
        return z.NEVER;
      }
      keys.set(id, parsed.data);
    }
    return keys;
  });

const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** A comma-separated list whose items each pass `item`. */
const commaList = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
        : v,
    z.array(item),
  );

const envSchema = z.object({
  NODE_ENV: optional(z.enum(['development', 'production', 'test'])).default('development'),
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(3000),
  HOST: optional(z.string()).default('127.0.0.1'),
  DATA_DIR: optional(z.string()).default('./data'),
  DATABASE_URL: optional(databaseUrl),
  SECRET_KEY: optional(secretKeyString),
  SECRET_KEY_ID: optional(
    z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'expected 1-32 letters, digits, _ or -'),
  ).default('k1'),
  SECRET_KEYS_PREVIOUS: optional(previousKeys),
  LOG_LEVEL: optional(z.enum(LOG_LEVELS)).default('info'),
  BODY_LIMIT: optional(
    z.string().regex(/^\d+(b|kb|mb)$/i, 'expected a size such as 100kb or 1mb'),
  ).default('1mb'),
  PUBLIC_URL: optional(z.url()),
  ZOHO_CLIENT_ID: optional(z.string().trim().min(1)),
  ZOHO_CLIENT_SECRET: optional(z.string().trim().min(1)),
  ZOHO_ACCOUNTS_URL: optional(z.url()).default('https://accounts.zoho.com'),
  ZOHO_EXTRA_ACCOUNTS_SERVERS: optional(commaList(z.url())).default([]),
  ZOHO_REDIRECT_URL: optional(z.url()),
  ZOHO_SCOPES: optional(
    commaList(
      z
        .string()
        .regex(/^[A-Za-z]+\.[A-Za-z.]+$/, 'expected a Zoho scope such as ZohoCRM.modules.ALL'),
    ),
  ).default([
    'ZohoCRM.modules.ALL',
    'ZohoCRM.settings.fields.ALL',
    'ZohoCRM.settings.modules.READ',
    'ZohoCRM.users.READ',
    'ZohoCRM.org.READ',
    'ZohoCRM.coql.READ',
    'ZohoCRM.notifications.ALL',
  ]),
  ZOHO_ADMIN_PROFILES: optional(commaList(z.string().min(1))).default(['Administrator']),
  ZOHO_MAX_CONCURRENCY: optional(z.coerce.number().int().min(1).max(25)),
  ZOHO_CREDIT_SHARE: optional(z.coerce.number().gt(0).max(1)).default(0.5),
  SESSION_SIGNING_KEY: optional(secretKeyString),
  SESSION_TTL_SECONDS: optional(z.coerce.number().int().min(60).max(86_400)).default(3600),
  WIDGET_ORIGINS: optional(
    commaList(
      z
        .string()
        .regex(
          WIDGET_ORIGIN_ENTRY,
          'expected an origin such as https://1234abcd.zappsusercontent.com (or, as an explicit opt-in, https://*.zappsusercontent.com)',
        ),
    ),
  ).default([]),
  ZOHO_SANDBOX: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  SAGE_FEED_OVERLAP_SECONDS: optional(z.coerce.number().int().min(0).max(172_800)).default(900),
  SAGE_FEED_PAGE_SIZE: optional(z.coerce.number().int().min(1).max(10_000)).default(500),
  SAGE_AGENT_TIMEOUT_MS: optional(z.coerce.number().int().min(1000).max(600_000)).default(30_000),
  SAGE_EBWS_TIMEOUT_MS: optional(z.coerce.number().int().min(1000).max(600_000)).default(30_000),
  SAGE_EBWS_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(10)).default(4),
  SAGE_EBWS_RETRY_BASE_MS: optional(z.coerce.number().int().min(0).max(60_000)).default(500),
  SAGE_EBWS_RETRY_MAX_MS: optional(z.coerce.number().int().min(0).max(300_000)).default(8000),
  SAGE_EBWS_CA_FILE: optional(z.string()),
  SAGE_EBWS_SESSIONS: optional(z.coerce.number().int().min(1).max(64)).default(4),
  SYNC_EVENT_RETENTION_DAYS: optional(z.coerce.number().int().min(1).max(3650)).default(90),
  SYNC_PAGE_SIZE: optional(z.coerce.number().int().min(1).max(1000)).default(100),
  JOBS_ENABLED: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  JOBS_TICK_SECONDS: optional(z.coerce.number().int().min(1).max(300)).default(15),
  JOBS_RECONCILE_HOURS: optional(z.coerce.number().int().min(0).max(168)).default(24),
  JOBS_CONCURRENCY: optional(z.coerce.number().int().min(1).max(32)).default(4),
  JOBS_PGBOSS_SCHEMA: optional(
    z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lower-case Postgres schema name'),
  ).default('pgboss'),
  JOBS_EXPIRE_SECONDS: optional(z.coerce.number().int().min(60).max(82_800)).default(7200),
  JOBS_BUSY_RETRY_SECONDS: optional(z.coerce.number().int().min(1).max(600)).default(15),
  JOBS_TAKEOVER_SECONDS: optional(z.coerce.number().int().min(1).max(3600)).default(30),
  RUNS_LOCK_WAIT_MS: optional(z.coerce.number().int().min(0).max(60_000)).default(5000),
  RUNS_RECORD_DEADLINE_MS: optional(z.coerce.number().int().min(100).max(120_000)).default(10_000),
  RUNS_STREAM_POLL_MS: optional(z.coerce.number().int().min(50).max(10_000)).default(1000),
  SMTP_URL: optional(z.url().refine((u) => /^smtps?:\/\//.test(u), 'an smtp:// or smtps:// URL')),
  NOTIFY_FROM: optional(z.string().min(3)).default('Sage 100 Sync <noreply@localhost>'),
  NOTIFY_RUN_LINK: optional(
    z.string().refine((t) => t.includes('{runId}'), 'a URL template containing {runId}'),
  ),
  NOTIFY_WEBHOOK_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(20)).default(6),
  NOTIFY_WEBHOOK_RETRY_BASE_MS: optional(z.coerce.number().int().min(10).max(3_600_000)).default(
    30_000,
  ),
  NOTIFY_WEBHOOK_TIMEOUT_MS: optional(z.coerce.number().int().min(100).max(60_000)).default(10_000),
  NOTIFY_ALLOW_PRIVATE_WEBHOOKS: optional(z.enum(['true', 'false']).transform((v) => v === 'true')),
  METRICS_TOKEN: optional(z.string().min(16, 'at least 16 characters')),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  http: { port: number; host: string; bodyLimit: string; publicUrl?: string };
  dataDir: string;
  database: DatabaseTarget;
  /** Undefined when no key was configured outside production: main.ts then uses a generated key file. */
  secrets: { key?: Buffer; keyId: string; previous: Map<string, Buffer> };
  logLevel: (typeof LOG_LEVELS)[number];
  zoho: {
    /** Both unset: the Zoho connect and sign-in routes answer 503 (not configured). */
    clientId?: string;
    clientSecret?: string;
    accountsUrl: string;
    /** Accounts servers besides Zoho's data centres a callback may name (a simulator). */
    extraAccountsServers: string[];
    redirectUrl: string;
    scopes: string[];
    /** Zoho profile names whose users get admin rights in the extension. */
    adminProfiles: string[];
    /** Overrides the per-edition default of concurrent Zoho calls per tenant. */
    maxConcurrency?: number;
    /** The share of the edition's daily API credits this product spends (the rest: other apps). */
    creditShare: number;
    /** Run against an in-process Zoho simulator (the local sandbox) instead of Zoho. */
    sandbox: boolean;
  };
  auth: {
    /** Undefined: derived from the secret key (HKDF), see server/http/auth/session-key.ts. */
    sessionKey?: Buffer;
    sessionTtlSeconds: number;
    /**
     * The extension's widget origins: the only ones a sign-in popup reports back to and the API
     * answers CORS for. `https://*.<domain>` entries are wildcards the operator opted in to.
     */
    widgetOrigins: string[];
  };
  /** The Sage change feed through the on-premises agent (server/sage/feed.ts). */
  sageFeed: {
    /** Real time re-read before the watermark on every poll; covers Sage clocks that lag. */
    overlapSeconds: number;
    /** Rows per agent call (the agent caps it at its maxPageSize). */
    pageSize: number;
    agentTimeoutMs: number;
  };
  /** The Sage 100 eBWS client (server/sage/ebws-client.ts). */
  sageEbws: {
    timeoutMs: number;
    retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
    /** PEM file of extra CAs to trust for Sage servers with a private CA; read by the composition root. */
    caFile?: string;
    /** eBWS calls one tenant may have in flight at once (the Sage web-service seats granted). */
    sessions: number;
  };
  /** The sync engine (server/sync/). */
  sync: {
    /** Audit events older than this are pruned. */
    eventRetentionDays: number;
    /** Changed records read and planned per page (Zoho writes at most 100 per call). */
    pageSize: number;
  };
  /** Scheduled syncs and maintenance (server/jobs/). */
  jobs: {
    /** Off in tests unless a test turns it on. */
    enabled: boolean;
    /** How often each process looks for due work. */
    tickSeconds: number;
    /** Hours between reconciliations of each enabled module; 0 turns them off. */
    reconcileHours: number;
    /** Tenants (SQLite) or jobs (Postgres) worked on at once per process. */
    concurrency: number;
    /** pg-boss's schema on Postgres. */
    pgBossSchema: string;
    /** Postgres: a job running longer than this is taken for dead and run by another worker. */
    expireSeconds: number;
    /** Postgres: a job whose tenant is busy in another process waits this long. */
    busyRetrySeconds: number;
    /**
     * Postgres: a sync job active this long while no process holds its job lock lost its worker
     * (the lock died with the worker's connection) and is handed to another, long before expiry.
     */
    takeoverSeconds: number;
  };
  /** Runs as jobs: the per-tenant lock's wait, "Sync to Sage"'s deadline, progress streams. */
  runs: { lockWaitMs: number; recordDeadlineMs: number; streamPollMs: number };
  /** Run notifications (server/notify/). */
  notify: {
    /** Unset: email notifications are shown as undeliverable (no mail server). */
    smtpUrl?: string;
    from: string;
    /** The link to a run in notifications; `{runId}` is replaced. */
    runLink: string;
    webhook: {
      maxAttempts: number;
      retryBaseMs: number;
      timeoutMs: number;
      /** Webhooks may go to loopback, private and metadata addresses (sandbox and tests only). */
      allowPrivate: boolean;
    };
  };
  /** `GET /metrics`: off unless a bearer token is configured. */
  metrics: { token?: string };
}

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
