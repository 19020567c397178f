import pino from 'pino';
import { AgentClient } from '../../server/sage/agent-client.js';
import { EbwsSessions, recordsAtOnce } from '../../server/sage/ebws-sessions.js';
import { EbwsSageGateway } from '../../server/sage/sage-gateway.js';
import type { SageCompanyData } from '../../sim/sage100/store.js';
import type { SimAgent } from '../../sim/sage100/agent-endpoint.js';
import { settingsOrDefault } from '../../server/sync/modules.js';
import { SyncEngine } from '../../server/sync/engine.js';
import type { EngineDeps } from '../../server/sync/run/deps.js';
import type { Direction, ModuleName } from '../../server/sync/vocabulary.js';
import type { ModuleSettings } from '../../server/db/repositories/module-settings.js';
import { ZohoCrmGateway } from '../../server/zoho/crm-gateway.js';
import { ensureExtensionFields } from '../../server/zoho/extension-fields.js';
import type { Harness as SageHarness } from '../sage/harness.js';
import { startSageWithAgent } from '../sage/sage-with-agent.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../zoho/fixture.js';

const logger = pino({ level: 'silent' });
/** As production runs by default (SAGE_EBWS_SESSIONS). */
const EBWS_SESSIONS = 4;
const AGENT_TOKEN = 'sync-rig-agent-token-0123456789abcdef';

/**
 * The engine through the real clients against both simulators over HTTP on 127.0.0.1: the Sage
 * 100 simulator's eBWS endpoint and agent over one company, and the Zoho simulator, with the
 * tenant stored in a fresh database (SQLite, or Postgres with TEST_DATABASE_URL).
 */
export interface SyncRig {
  sage: SageHarness;
  company: SageCompanyData;
  agent: SimAgent;
  zoho: ZohoFixture;
  tenant: FixtureTenant;
  agentUrl: string;
  agentToken: string;
  tenantId: string;
  engine: SyncEngine;
  deps: EngineDeps;
  /** The tenant's eBWS seats, shared by the rig's eBWS client (and the engine's concurrency). */
  ebwsSessions: EbwsSessions;
  /** Successful writes through each gateway, by method ("upsert", "update", "create", ...). */
  writes: {
    sage: Array<{ op: string; module: string }>;
    crm: Array<{ op: string; module: string }>;
  };
  /** Moves the Sage server's clock (it stamps DateUpdated/TimeUpdated). */
  advanceSage(seconds: number): void;
  configure(
    module: ModuleName,
    direction: Direction,
    settings?: Partial<ModuleSettings>,
  ): Promise<void>;
  zohoRecords(module: string): Array<Record<string, unknown>>;
  /** Changes the simulators' steady per-call latencies (those not given stay as they are). */
  setLatency(latency: RigLatency): void;
  close(): Promise<void>;
}

/**
 * Steady per-call latencies of the simulators, in ms: benchmarks set a real system's (Zoho
 * ~150 ms per call, eBWS ~200 ms per call, the agent ~200 ms per page).
 */
export interface RigLatency {
  zohoMs?: number;
  ebwsMs?: number;
  agentMs?: number;
}

export interface RigOptions {
  latency?: RigLatency;
  /** Rows per agent call, as SAGE_FEED_PAGE_SIZE sets it (default 100). */
  feedPageSize?: number;
  /** The Zoho client's per-tenant concurrency cap, as ZOHO_MAX_CONCURRENCY sets it. */
  zohoConcurrency?: number;
  /** The agent client's timeout per call, as SAGE_AGENT_TIMEOUT_MS sets it (default 5 s). */
  agentTimeoutMs?: number;
  /** The tenant's eBWS seats (SAGE_EBWS_SESSIONS); 4, the production default, unless given. */
  ebwsSessions?: number;
  /** The Sage connection's AR division for new customers; '01', the default, unless given. */
  defaultDivision?: string;
}

export async function startSyncRig(
  engine: 'sqlite' | 'postgres',
  options: RigOptions = {},
): Promise<SyncRig> {
  let now = new Date('2026-11-21T18:00:00Z');
  const { sage, company, agent } = await startSageWithAgent({
    clock: () => now,
    agentToken: AGENT_TOKEN,
    logger,
  });
  const agentClient = await AgentClient.create(
    { url: agent.url, token: AGENT_TOKEN, timeoutMs: options.agentTimeoutMs ?? 5000 },
    logger,
  );
  // One clock for the whole rig: the Sage server, its agent, the Zoho simulator and the engine.
  const zoho = await zohoFixture({
    engine,
    clock: () => now.getTime(),
    maxConcurrency: options.zohoConcurrency,
  });
  const tenant = await zoho.addTenant('ABC Distribution');
  zoho.sim.admin.createCustomModule(tenant.orgId, 'GL_Accounts', 'GL Account', 'GL Accounts');
  // What connecting Zoho does: the unique Sage_Key field (and the status fields) on each module.
  await ensureExtensionFields(zoho.client.forTenant(tenant.tenantId));
  const writes: SyncRig['writes'] = { sage: [], crm: [] };
  const setLatency = (latency: RigLatency) => {
    if (latency.zohoMs !== undefined) zoho.sim.faults.setLatency(latency.zohoMs);
    if (latency.ebwsMs !== undefined) sage.sim.setLatency(latency.ebwsMs);
    if (latency.agentMs !== undefined) agent.setLatency(latency.agentMs);
  };
  // Set after the setup above (extension fields), so the latency costs only the sync's calls.
  setLatency(options.latency ?? {});
  const sessions = options.ebwsSessions ?? EBWS_SESSIONS;
  const ebwsSessions = new EbwsSessions(sessions);
  const deps: EngineDeps = {
    repos: zoho.repos,
    gateways: {
      sage: counted(
        writes.sage,
        new EbwsSageGateway(sage.client({}, { sessions: ebwsSessions }), agentClient, {
          timeZone: 'America/Chicago',
          overlapSeconds: 900,
          pageSize: options.feedPageSize ?? 100,
          defaultDivision: options.defaultDivision ?? '01',
          lengthProfile: '2023',
          logger,
          now: () => now,
        }),
      ),
      crm: counted(
        writes.crm,
        new ZohoCrmGateway(zoho.client.forTenant(tenant.tenantId).records, {
          metadata: zoho.client.forTenant(tenant.tenantId).metadata,
          // The sync stamp (Sage_Last_Synced) on the rig's clock, as the engine's own times are.
          now: () => now,
        }),
      ),
    },
    logger,
    now: () => now,
    sageConcurrency: recordsAtOnce(sessions),
  };
  return {
    sage,
    company,
    agent,
    zoho,
    tenant,
    agentUrl: agent.url,
    agentToken: AGENT_TOKEN,
    tenantId: tenant.tenantId,
    engine: new SyncEngine(deps),
    deps,
    ebwsSessions,
    writes,
    advanceSage: (seconds) => {
      now = new Date(now.getTime() + seconds * 1000);
      // The Zoho client's clock too (it stamps its tries), so the rig keeps one clock.
      zoho.clock.now = now.getTime();
    },
    setLatency,
    async configure(module, direction, settings = {}) {
      const repo = zoho.repos.moduleSettings;
      const current = settingsOrDefault(
        tenant.tenantId,
        module,
        await repo.get(tenant.tenantId, module),
      );
      await repo.save({ ...current, initialMatchDone: true, ...settings, direction });
    },
    zohoRecords: (module) => zoho.sim.admin.records(tenant.orgId, module),
    async close() {
      agentClient.close();
      await agent.close();
      await sage.close();
      await zoho.close();
    },
  };
}

const WRITES = new Set(['create', 'update', 'upsert', 'setSageKeys', 'delete', 'markInactive']);

/** Wraps a gateway so every successful write is counted (an upsert of n records counts n). */
function counted<T extends object>(log: Array<{ op: string; module: string }>, gateway: T): T {
  return new Proxy(gateway, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== 'function' || !WRITES.has(String(prop))) {
        return typeof value === 'function' ? value.bind(target) : value;
      }
      return async (...args: unknown[]) => {
        const result = (await (value as (...a: unknown[]) => Promise<unknown>).apply(
          target,
          args,
        )) as { ok: boolean } | Array<{ ok: boolean }>;
        for (const r of Array.isArray(result) ? result : [result]) {
          if (r.ok) log.push({ op: String(prop), module: String(args[0]) });
        }
        return result;
      };
    },
  });
}
