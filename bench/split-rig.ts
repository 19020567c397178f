import { fork, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createRepositories } from '../server/db/repositories/index.js';
import { createLogger } from '../server/logging.js';
import { AgentClient } from '../server/sage/agent-client.js';
import { SageEbwsClient } from '../server/sage/ebws-client.js';
import { EbwsSessions } from '../server/sage/ebws-sessions.js';
import { FeedThread } from '../server/sage/feed-thread/feed-thread.js';
import { EbwsSageGateway } from '../server/sage/sage-gateway.js';
import { SecretBox } from '../server/security/secret-box.js';
import { SyncEngine } from '../server/sync/engine.js';
import { settingsOrDefault } from '../server/sync/modules.js';
import type { EngineDeps } from '../server/sync/run/deps.js';
import type { Direction, ModuleName } from '../server/sync/vocabulary.js';
import { ZohoCrmClient } from '../server/zoho/client.js';
import { ZohoCrmGateway } from '../server/zoho/crm-gateway.js';
import { ensureExtensionFields } from '../server/zoho/extension-fields.js';
import { ZohoOAuthClient } from '../server/zoho/oauth.js';
import { FULL_SCOPE } from '../sim/zoho/admin.js';
import type { SageRow, SageTableName } from '../sim/sage100/store.js';
import { openTestDb } from '../test/db.js';
import type { RigLatency } from '../test/sync/rig.js';
import {
  AGENT_TOKEN,
  CLIENT,
  type EbwsCallCounts,
  REDIRECT,
  type SimsReady,
  type SimsRequest,
  type SimsStats,
} from './sims-protocol.js';

/**
 * What a throughput benchmark needs of a sync rig, with the simulators in a child process
 * (bench/sims-process.ts) and the engine, its clients and its database in this one: the two
 * processes' CPU on separate cores, as the backend's and the remote systems' are in production.
 * The wiring matches test/sync/rig.ts (same clients, settings and clock), whose API stays the
 * tests' own.
 */
export interface SplitRig {
  engine: SyncEngine;
  deps: EngineDeps;
  tenantId: string;
  insert(table: SageTableName, rows: SageRow[]): Promise<void>;
  configure(module: ModuleName, direction: Direction): Promise<void>;
  setLatency(latency: RigLatency): Promise<void>;
  advanceSage(seconds: number): Promise<void>;
  /** The simulators' counters and their process's CPU so far. */
  stats(): Promise<SimsStats>;
  /** A CRM gateway of its own, as production opens one per run. */
  freshCrmGateway(): void;
  close(): Promise<void>;
}

/**
 * What the Zoho → Sage benchmark needs beside it (bench/zoho-to-sage.bench.ts): accounts made and
 * edited in the Zoho simulator as CRM users would, the eBWS calls by operation, and the tenant's
 * eBWS seats (held in this process, by the engine's eBWS client).
 */
export interface SplitRigZohoSide {
  seedZoho(module: string, records: Array<Record<string, unknown>>): Promise<string[]>;
  editZoho(
    module: string,
    edits: Array<{ id: string; changes: Record<string, unknown> }>,
  ): Promise<void>;
  zohoRecords(module: string): Promise<Array<Record<string, unknown>>>;
  ebwsCalls(): Promise<EbwsCallCounts>;
  ebwsSessions: EbwsSessions;
}

const START = '2026-11-21T18:00:00Z';
const EBWS_SESSIONS = 4;

export async function startSplitRig(options: {
  feedPageSize: number;
  zohoConcurrency: number;
  agentTimeoutMs: number;
}): Promise<SplitRig & SplitRigZohoSide> {
  const child = fork(fileURLToPath(new URL('./sims-process.ts', import.meta.url)), [START], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<SimsReady>((resolve, reject) => {
    child.once('message', (m: { ready?: SimsReady }) =>
      m.ready ? resolve(m.ready) : reject(new Error('unexpected first message')),
    );
    child.once('exit', (code) => reject(new Error(`the simulators' process exited (${code})`)));
  });
  const ask = requester(child);
  let now = new Date(START);
  const logger = pino({ level: 'silent' });

  const t = await openTestDb('sqlite');
  const repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
  const scopes = FULL_SCOPE.split(',');
  const oauth = new ZohoOAuthClient({
    clientId: CLIENT.id,
    clientSecret: CLIENT.secret,
    accountsUrl: ready.zohoUrl,
    redirectUrl: REDIRECT,
    scopes,
  });
  const clockAtStart = now.getTime();
  const zoho = new ZohoCrmClient({
    oauth,
    connections: repos.zohoConnections,
    credits: repos.zohoCredits,
    logger: createLogger('silent'),
    maxConcurrency: options.zohoConcurrency,
    sleep: async () => {},
    random: () => 0.5,
    now: () => clockAtStart,
  });
  const tenant = await repos.tenants.create({ zohoOrgId: ready.orgId, name: 'ABC Distribution' });
  await repos.zohoConnections.save({
    tenantId: tenant.id,
    dataCentre: ready.dc,
    accountsServer: ready.zohoUrl,
    apiDomain: ready.zohoUrl,
    refreshToken: ready.refreshToken,
    scope: scopes.join(','),
    // As the connect flow stores it: without it the client holds the org to Free's 3 calls.
    edition: ready.edition,
  });
  await ensureExtensionFields(zoho.forTenant(tenant.id));

  const agentClient = await AgentClient.create(
    { url: ready.agentUrl, token: AGENT_TOKEN, timeoutMs: options.agentTimeoutMs },
    logger,
  );
  // The feed read off the engine's loop, as production reads it (ADR 0078); BENCH_FEED_THREAD=off
  // reads it in the engine's thread (the A/B of that ADR).
  const feedThread = process.env.BENCH_FEED_THREAD === 'off' ? undefined : new FeedThread(logger);
  // Loaded and its agent client built before anything is timed, as a backend's thread is by the
  // time its scheduler starts a run (server/composition.ts starts it at boot).
  await feedThread?.prepare(agentClient.connection);
  const ebwsSessions = new EbwsSessions(EBWS_SESSIONS);
  const ebws = new SageEbwsClient(
    {
      endpointUrl: ready.sageUrl,
      companyCode: 'ABC',
      username: 'webuser',
      password: 'Sage100!',
      timeZone: 'America/Chicago',
    },
    {
      logger,
      timeoutMs: 2000,
      retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 1000 },
      retryDeps: { sleep: async () => {}, random: () => 0.5, now: () => now },
      sessions: ebwsSessions,
    },
  );
  const crmGateway = () => {
    const crm = zoho.forTenant(tenant.id);
    return new ZohoCrmGateway(crm.records, { metadata: crm.metadata });
  };
  const deps: EngineDeps = {
    repos,
    gateways: {
      sage: new EbwsSageGateway(ebws, agentClient, {
        timeZone: 'America/Chicago',
        overlapSeconds: 900,
        pageSize: options.feedPageSize,
        defaultDivision: '01',
        lengthProfile: '2023',
        logger,
        feedThread,
      }),
      crm: crmGateway(),
    },
    logger,
    now: () => now,
    sageConcurrency: EBWS_SESSIONS,
  };
  return {
    engine: new SyncEngine(deps),
    deps,
    tenantId: tenant.id,
    async insert(table, rows) {
      await ask({ op: 'insert', table, rows });
    },
    async configure(module, direction) {
      const current = settingsOrDefault(
        tenant.id,
        module,
        await repos.moduleSettings.get(tenant.id, module),
      );
      await repos.moduleSettings.save({ ...current, initialMatchDone: true, direction });
    },
    async setLatency(latency) {
      await ask({ op: 'latency', ...latency });
    },
    async advanceSage(seconds) {
      now = new Date(now.getTime() + seconds * 1000);
      await ask({ op: 'advance', seconds });
    },
    stats: () => ask({ op: 'stats' }) as Promise<SimsStats>,
    seedZoho: (module, records) => ask({ op: 'seedZoho', module, records }) as Promise<string[]>,
    async editZoho(module, edits) {
      await ask({ op: 'editZoho', module, edits });
    },
    zohoRecords: (module) =>
      ask({ op: 'zohoRecords', module }) as Promise<Array<Record<string, unknown>>>,
    ebwsCalls: () => ask({ op: 'ebwsCalls' }) as Promise<EbwsCallCounts>,
    ebwsSessions,
    freshCrmGateway() {
      deps.gateways.crm = crmGateway();
    },
    async close() {
      agentClient.close();
      await feedThread?.close();
      await ask({ op: 'close' }).catch(() => undefined);
      await t.destroy();
    },
  };
}

/** Request and answer over the IPC channel, matched by id. */
function requester(child: ChildProcess): (request: SimsRequest) => Promise<unknown> {
  let next = 0;
  const waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  // A simulators' process that died answers nothing: its requests fail instead of waiting.
  child.once('exit', (code, signal) => {
    for (const w of waiting.values()) {
      w.reject(new Error(`the simulators' process exited (${code ?? signal})`));
    }
    waiting.clear();
  });
  child.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
    const w = m.id === undefined ? undefined : waiting.get(m.id);
    if (!w) return;
    waiting.delete(m.id!);
    if (m.error) w.reject(new Error(m.error));
    else w.resolve(m.result);
  });
  return (request) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      child.send({ id, request });
    });
}
