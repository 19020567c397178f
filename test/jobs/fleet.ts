import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import pino from 'pino';
import { createRepositories, type Repositories } from '../../server/db/repositories/index.js';
import { deriveSessionKey, SessionTokens } from '../../server/http/auth/session-token.js';
import { SecretBox } from '../../server/security/secret-box.js';
import { settingsOrDefault } from '../../server/sync/modules.js';
import type { Schedule } from '../../server/sync/vocabulary.js';
import { ZohoCrmClient } from '../../server/zoho/client.js';
import { ensureExtensionFields } from '../../server/zoho/extension-fields.js';
import { ZohoOAuthClient } from '../../server/zoho/oauth.js';
import { startSimAgentEndpoint, type SimAgent } from '../../sim/sage100/agent-endpoint.js';
import { startSageSimulator, type SageSimulator } from '../../sim/sage100/ebws-server.js';
import { generateCompany } from '../../sim/sage100/generator.js';
import { SageStore } from '../../sim/sage100/store.js';
import { FULL_SCOPE } from '../../sim/zoho/admin.js';
import { startZohoSimulator, type ZohoSimulator } from '../../sim/zoho/server.js';
import { openTestDb, type TestDb } from '../db.js';

/**
 * Real backend processes on one Postgres database: `node server/main.ts` children configured
 * like production (ZOHO_CLIENT_ID against the Zoho simulator, pg-boss jobs), sharing simulators
 * that live in this process (a Zoho CRM with one org per tenant; one eBWS server and one agent per
 * Sage company), so a worker can be killed without taking Zoho or Sage with it.
 */
const SECRET_KEY = 'f'.repeat(64);
const CLIENT_ID = '1000.FLEETCLIENT';
const CLIENT_SECRET = 'fleet-client-secret';
const AGENT_TOKEN = 'fleet-agent-token-0123456789abcdef';
const ROOT = path.resolve(import.meta.dirname, '../..');
const silent = pino({ level: 'silent' });

export interface FleetTenant {
  tenantId: string;
  orgId: string;
  agent: SimAgent;
  /** An administrator's session for the tenant, signed as every worker verifies it. */
  adminToken: string;
  /** The Sage keys of the company's customers (`01-0000001`, ...), as Zoho's Sage_Key holds them. */
  customerKeys(): string[];
}

export interface Worker {
  url: string;
  child: ChildProcess;
  /** Every log line so far (JSON). */
  logs: string[];
  /** Resolves with the exit code or signal once the process has exited. */
  exited: Promise<string>;
  /** SIGTERM and wait (stops gracefully). */
  stop(): Promise<void>;
  /** SIGKILL and wait: the process dies mid-whatever, its connections with it. */
  kill(): Promise<void>;
}

export interface Fleet {
  testDb: TestDb;
  repos: Repositories;
  zoho: ZohoSimulator;
  ebws: SageSimulator;
  addTenant(
    name: string,
    options: { customers: number; seed?: number; schedule?: Schedule },
  ): Promise<FleetTenant>;
  /** Starts `node server/main.ts`; `nodeArgs` go before the script (e.g. `--cpu-prof` to profile). */
  startWorker(env?: Record<string, string>, options?: { nodeArgs?: string[] }): Promise<Worker>;
  /** Calls a worker's /api/v1 with a session. */
  call(
    worker: Worker,
    method: string,
    p: string,
    token: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- callers read any JSON shape
  ): Promise<{ status: number; body: any }>;
  /** Zoho records of a tenant's org, as the simulator holds them. */
  zohoRecords(tenant: FleetTenant, module: string): Array<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function startFleet(options: { zohoLatencyMs?: number } = {}): Promise<Fleet> {
  const testDb = await openTestDb('postgres');
  const repos = createRepositories(testDb.db, new SecretBox('k1', Buffer.from(SECRET_KEY, 'hex')));
  const zoho = await startZohoSimulator();
  zoho.admin.registerClient({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: ['http://127.0.0.1:9/oauth/zoho/callback'],
  });
  const store = new SageStore();
  const ebws = await startSageSimulator({ store, host: '127.0.0.1', port: 0 });
  const agents: SimAgent[] = [];
  const workers: Worker[] = [];
  const sessions = new SessionTokens(deriveSessionKey(Buffer.from(SECRET_KEY, 'hex')), 86_400);
  // The test's own Zoho client, for what connecting Zoho does (the extension's fields).
  const client = new ZohoCrmClient({
    oauth: new ZohoOAuthClient({
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      accountsUrl: zoho.accountsUrl,
      redirectUrl: 'http://127.0.0.1:9/oauth/zoho/callback',
      scopes: FULL_SCOPE.split(','),
    }),
    connections: repos.zohoConnections,
    credits: repos.zohoCredits,
    logger: silent,
  });
  const pgBossSchema = `${testDb.schema!}_boss`;
  const baseEnv = {
    PATH: process.env.PATH ?? '',
    ...sameClock(),
    NODE_ENV: 'test',
    PORT: '0',
    LOG_LEVEL: 'info',
    SECRET_KEY,
    DATABASE_URL: withSearchPath(process.env.TEST_DATABASE_URL!, testDb.schema!),
    ZOHO_CLIENT_ID: CLIENT_ID,
    ZOHO_CLIENT_SECRET: CLIENT_SECRET,
    ZOHO_ACCOUNTS_URL: zoho.accountsUrl,
    ZOHO_SANDBOX: 'false',
    JOBS_ENABLED: 'true',
    JOBS_PGBOSS_SCHEMA: pgBossSchema,
    JOBS_RECONCILE_HOURS: '0',
  };
  let seeds = 1;
  const fleet: Fleet = {
    testDb,
    repos,
    zoho,
    ebws,
    async addTenant(name, o) {
      // Sage company codes are three characters: Z00, Z01, ... ZZZ (1,296 companies).
      const companyCode = `Z${agents.length.toString(36).toUpperCase().padStart(2, '0')}`;
      const company = generateCompany(store, {
        seed: o.seed ?? seeds++,
        customers: o.customers,
        companyCode,
        companyName: name,
        timeZone: 'America/Chicago',
      });
      const agent = await startSimAgentEndpoint({
        company,
        token: AGENT_TOKEN,
        host: '127.0.0.1',
        port: 0,
        logger: silent,
      });
      agents.push(agent);
      const org = zoho.admin.createOrg({ companyName: name });
      const admin = zoho.admin.createUser(org.id, {
        email: `admin-${agents.length}@fleet.example`,
        profile: 'Administrator',
      });
      const refreshToken = zoho.admin.mintRefreshToken(org.id, admin.id, { clientId: CLIENT_ID });
      const tenant = await repos.tenants.create({ zohoOrgId: org.id, name });
      await repos.zohoConnections.save({
        tenantId: tenant.id,
        dataCentre: org.dc,
        accountsServer: org.accountsServer,
        apiDomain: org.apiDomain,
        refreshToken,
        scope: FULL_SCOPE,
      });
      await ensureExtensionFields(client.forTenant(tenant.id));
      const user = store.users()[0]!;
      await repos.sageConnections.save({
        tenantId: tenant.id,
        endpointUrl: ebws.url,
        companyCode,
        username: user.UserLogon,
        password: user.Password,
        timeZone: 'America/Chicago',
        lengthProfile: '2023',
        agentUrl: agent.url,
        agentToken: AGENT_TOKEN,
      });
      const settings = settingsOrDefault(tenant.id, 'Accounts', undefined);
      await repos.moduleSettings.save({
        ...settings,
        direction: 'sage_to_zoho',
        initialMatchDone: true,
        // Daily by default: one slot, so a benchmark's tenants each have exactly one run due.
        schedule: o.schedule ?? { kind: 'interval', seconds: 86_400 },
      });
      const adminToken = sessions.issue({
        tenantId: tenant.id,
        userId: admin.id,
        orgId: org.id,
        role: 'admin',
      }).token;
      const customerKeys = () =>
        [...company.list('AR_Customer')].map(
          (c) => `${String(c.ARDivisionNo)}-${String(c.CustomerNo)}`,
        );
      return { tenantId: tenant.id, orgId: org.id, agent, adminToken, customerKeys };
    },
    async startWorker(env = {}, o = {}) {
      const worker = await spawnWorker({ ...baseEnv, ...env }, o.nodeArgs ?? []);
      workers.push(worker);
      return worker;
    },
    async call(worker, method, p, token, body) {
      const res = await fetch(`${worker.url}/api/v1${p}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
    zohoRecords: (tenant, module) => zoho.admin.records(tenant.orgId, module),
    async close() {
      await Promise.all(workers.map((w) => w.kill()));
      await Promise.all(agents.map((a) => a.close()));
      await ebws.close();
      await zoho.close();
      await testDb.db.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [pgBossSchema]);
      await testDb.destroy();
    },
  };
  if (options.zohoLatencyMs) zoho.faults.setLatency(options.zohoLatencyMs);
  return fleet;
}

/** The same database with the schema first on the search path (libpq's `options`). */
function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/**
 * The workers keep the test process's clock: under faketime (LD_PRELOAD and FAKETIME, as the
 * year-ahead check runs the suite) a worker on the real clock would see every session the test
 * issues as one from its future, and refuse it.
 */
function sameClock(): Record<string, string> {
  const names = ['LD_PRELOAD', 'FAKETIME', 'FAKETIME_NO_CACHE', 'DONT_FAKE_MONOTONIC'];
  return Object.fromEntries(names.flatMap((n) => (process.env[n] ? [[n, process.env[n]]] : [])));
}

function spawnWorker(env: Record<string, string>, nodeArgs: string[]): Promise<Worker> {
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', 'server/main.ts'], {
    env,
    cwd: ROOT,
  });
  const logs: string[] = [];
  let buffered = '';
  const exited = new Promise<string>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? String(code))),
  );
  return new Promise<Worker>((resolve, reject) => {
    let started = false;
    const onLine = (line: string) => {
      logs.push(line);
      if (started || !line.includes('"jobs started"')) return;
      const listening = logs.find((l) => l.includes('"backend listening"'));
      const url = listening ? (JSON.parse(listening) as { url?: string }).url : undefined;
      if (!url) return reject(new Error(`worker started without a URL:\n${logs.join('\n')}`));
      started = true;
      resolve({
        url,
        child,
        logs,
        exited,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
        kill: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
      });
    };
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    });
    child.stderr.on('data', (d: Buffer) => logs.push(d.toString()));
    void exited.then((how) => {
      if (!started)
        reject(new Error(`worker exited (${how}) before it started:\n${logs.join('')}`));
    });
  });
}
