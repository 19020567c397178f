import type { RunOptions } from '../sync/engine.js';
import crypto from 'node:crypto';
import pino from 'pino';
import { openTestDb, type TestDb } from '../../test/db.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { SecretBox } from '../security/secret-box.js';
import { settingsOrDefault } from '../sync/modules.js';
import type { RunReport } from '../sync/engine.js';
import type { ModuleName, Schedule } from '../sync/vocabulary.js';
import { JobExecutor, type OpenedEngine } from './executor.js';

/** Test support for the job runners: a real database, and engines that record what they ran. */
export const silent = pino({ level: 'silent' });

export interface EngineCall {
  tenantId: string;
  module: ModuleName;
  kind: 'sync' | 'reconcile';
  /** What the run was told a side had announced (notifications), when anything. */
  reportedChanges?: RunOptions['reportedChanges'];
}

export interface JobsWorld {
  testDb: TestDb;
  repos: Repositories;
  calls: EngineCall[];
  /** Tenants whose engine cannot be opened (as if Zoho were not connected), with the message. */
  unavailable: Map<string, string>;
  /** Modules whose runs throw. */
  throwing: Set<ModuleName>;
  /** When set, every run waits for this before finishing. */
  gate?: Promise<void>;
  opened: number;
  closed: number;
  clock: { now: Date };
  openEngine(tenantId: string): Promise<OpenedEngine>;
  executor(): JobExecutor;
  /** An active tenant with a Zoho connection (unless `connected: false`) and these modules. */
  tenant(
    name: string,
    modules: Partial<Record<ModuleName, Schedule>>,
    options?: { connected?: boolean },
  ): Promise<string>;
  destroy(): Promise<void>;
}

const report = (module: ModuleName, kind: RunReport['kind']): RunReport => ({
  runId: crypto.randomUUID(),
  module,
  kind,
  direction: 'sage_to_zoho',
  dryRun: false,
  status: 'succeeded',
  counts: {},
  flags: [],
  records: [],
});

export async function jobsWorld(engine: 'sqlite' | 'postgres' = 'sqlite'): Promise<JobsWorld> {
  const testDb = await openTestDb(engine);
  const repos = createRepositories(testDb.db, new SecretBox('k1', crypto.randomBytes(32)));
  const world: JobsWorld = {
    testDb,
    repos,
    calls: [],
    unavailable: new Map(),
    throwing: new Set(),
    opened: 0,
    closed: 0,
    clock: { now: new Date('2026-11-21T12:00:10Z') },
    openEngine(tenantId) {
      const why = world.unavailable.get(tenantId);
      if (why) return Promise.reject(new Error(why));
      world.opened++;
      const run = async (
        t: string,
        module: ModuleName,
        kind: EngineCall['kind'],
        options?: RunOptions,
      ) => {
        world.calls.push({
          tenantId: t,
          module,
          kind,
          ...(options?.reportedChanges ? { reportedChanges: options.reportedChanges } : {}),
        });
        await world.gate;
        if (world.throwing.has(module)) throw new Error(`${module} exploded`);
        return report(module, kind === 'sync' ? 'incremental' : 'reconcile');
      };
      return Promise.resolve({
        engine: {
          run: (t, module, options) => run(t, module, 'sync', options),
          reconcile: (t, module) => run(t, module, 'reconcile'),
          dryRun: (t, module, options) => run(t, module, 'sync', options),
          replayRun: () => Promise.resolve([]),
        },
        close: () => void world.closed++,
      });
    },
    executor: () =>
      new JobExecutor({
        repos,
        logger: silent,
        now: () => world.clock.now,
        openEngine: (id) => world.openEngine(id),
        maintenance: { eventRetentionDays: 90 },
      }),
    async tenant(name, modules, options = {}) {
      const t = await repos.tenants.create({
        zohoOrgId: crypto.randomBytes(8).toString('hex'),
        name,
      });
      if (options.connected !== false) {
        await repos.zohoConnections.save({
          tenantId: t.id,
          dataCentre: 'us',
          accountsServer: 'https://accounts.zoho.com',
          apiDomain: 'https://www.zohoapis.com',
          refreshToken: `1000.${crypto.randomBytes(8).toString('hex')}`,
          scope: 'ZohoCRM.modules.ALL',
        });
      }
      for (const [module, schedule] of Object.entries(modules) as Array<[ModuleName, Schedule]>) {
        const base = settingsOrDefault(t.id, module, undefined);
        await repos.moduleSettings.save({ ...base, direction: 'sage_to_zoho', schedule });
      }
      return t.id;
    },
    destroy: () => testDb.destroy(),
  };
  return world;
}

export const every = (seconds: number): Schedule => ({ kind: 'interval', seconds });
