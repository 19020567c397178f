import crypto from 'node:crypto';
import { createRepositories, type Repositories } from '../../db/repositories/index.js';
import { createLogger } from '../../logging.js';
import { SecretBox } from '../../security/secret-box.js';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { SyncEngine } from '../engine.js';
import type { EngineDeps, SyncStep } from '../run/deps.js';
import type { Direction, ModuleName } from '../vocabulary.js';
import { FakeClock } from './clock.js';
import { FakeCrm } from './fake-crm.js';
import { FakeSage } from './fake-sage.js';
import type { ModuleSettings } from '../../db/repositories/module-settings.js';
import { settingsOrDefault } from '../modules.js';
import { CrashError } from './crash.js';

/** A tenant on a fresh test database, fake Sage and Zoho, and an engine wired to them. */
export interface Harness {
  t: TestDb;
  repos: Repositories;
  tenantId: string;
  clock: FakeClock;
  sage: FakeSage;
  crm: FakeCrm;
  deps: EngineDeps;
  engine: SyncEngine;
  /** Enables a module with settings for the test; initial match is skipped unless asked. */
  configure(
    module: ModuleName,
    direction: Direction,
    settings?: Partial<ModuleSettings>,
  ): Promise<void>;
  /** Makes the next arrival at `step` throw, as if the process died there. */
  crashAt(step: SyncStep, occurrence?: number): void;
  /** Whether the armed crash fired (and disarms it either way). */
  crashed(): boolean;
  close(): Promise<void>;
}

export async function openHarness(engine: 'sqlite' | 'postgres'): Promise<Harness> {
  const t = await openTestDb(engine);
  const repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
  const tenant = await repos.tenants.create({
    zohoOrgId: `org${crypto.randomBytes(8).toString('hex')}`,
    name: 'Acme',
  });
  const clock = new FakeClock();
  const sage = new FakeSage(clock);
  const crm = new FakeCrm(clock);
  let crash: { step: SyncStep; remaining: number } | undefined;
  let fired = false;
  const deps: EngineDeps = {
    repos,
    gateways: { sage, crm },
    logger: createLogger('silent'),
    now: () => clock.now(),
    onStep: (step) => {
      if (crash && crash.step === step && --crash.remaining <= 0) {
        crash = undefined;
        fired = true;
        throw new CrashError(`crash injected at ${step}`);
      }
    },
  };
  return {
    t,
    repos,
    tenantId: tenant.id,
    clock,
    sage,
    crm,
    deps,
    engine: new SyncEngine(deps),
    async configure(module, direction, settings = {}) {
      const current = settingsOrDefault(
        tenant.id,
        module,
        await repos.moduleSettings.get(tenant.id, module),
      );
      await repos.moduleSettings.save({
        ...current,
        initialMatchDone: true,
        ...settings,
        direction,
      });
    },
    crashAt(step, occurrence = 1) {
      crash = { step, remaining: occurrence };
      fired = false;
    },
    crashed() {
      crash = undefined;
      return fired;
    },
    close: () => t.destroy(),
  };
}
