import { z } from 'zod';
import { WIDGET_ORIGIN_ENTRY } from '../http/auth/widget-origins.js';
import { commaList, databaseUrl, optional, previousKeys, secretKeyString } from './values.js';
import { LOG_LEVELS } from './types.js';

/** Every environment variable the server reads, with its shape and default (docs/configuration.md). */
export const envSchema = z.object({
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
  SAGE_FEED_THREAD: optional(z.enum(['true', 'false']))
    .default('true')
    .transform((v) => v === 'true'),
  SAGE_EBWS_TIMEOUT_MS: optional(z.coerce.number().int().min(1000).max(600_000)).default(30_000),
  SAGE_EBWS_MAX_ATTEMPTS: optional(z.coerce.number().int().min(1).max(10)).default(4),
  SAGE_EBWS_RETRY_BASE_MS: optional(z.coerce.number().int().min(0).max(60_000)).default(500),
  SAGE_EBWS_RETRY_MAX_MS: optional(z.coerce.number().int().min(0).max(300_000)).default(8000),
  SAGE_EBWS_CA_FILE: optional(z.string()),
  SAGE_EBWS_SESSIONS: optional(z.coerce.number().int().min(1).max(64)).default(4),
  SAGE_CHARSET: optional(z.enum(['windows-1252', 'unicode'])).default('windows-1252'),
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
