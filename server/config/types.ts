/** The typed configuration every module takes instead of reading the environment. */

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export type DatabaseTarget =
  { client: 'sqlite'; filename: string } | { client: 'postgres'; connectionString: string };

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
    /** Change pages are read in a worker thread of their own (ADR 0078); false: in the engine's. */
    thread: boolean;
  };
  /** The Sage 100 eBWS client (server/sage/ebws-client.ts). */
  sageEbws: {
    timeoutMs: number;
    retry: { maxAttempts: number; baseDelayMs: number; maxDelayMs: number };
    /** PEM file of extra CAs to trust for Sage servers with a private CA; read by the composition root. */
    caFile?: string;
    /** What Sage's text holds: 'windows-1252' (values with other characters are skipped) or 'unicode'. */
    charset: 'windows-1252' | 'unicode';
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
