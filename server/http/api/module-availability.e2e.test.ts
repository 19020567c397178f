import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobExecutor } from '../../jobs/executor.js';
import { ModuleUnavailableError } from '../../sync/errors.js';
import { TABLES } from '../../db/tables.js';
import type { ModuleName } from '../../sync/vocabulary.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * Modules the connected org lacks (the GL custom module not created, Vendors below Professional,
 * a trial that ended) through the backend as `npm start` builds it, against the Zoho simulator:
 * shown as unavailable with the reason, and refused before any run (API, engine, scheduler).
 */
let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
});
afterAll(() => fx?.close());

const moduleOf = async (name: string) =>
  (await fx.call('GET', '/modules', fx.adminToken)).body.modules.find(
    (m: { module: string }) => m.module === name,
  );
const runsOf = async (module: ModuleName) =>
  (await fx.backend.repos.runs.listRecent(fx.tenantId, { module, limit: 10 })).length;
const setConnection = (patch: Record<string, unknown>) =>
  fx.backend.db(TABLES.zohoConnections).where({ tenant_id: fx.tenantId }).update(patch);

describe('the GL module before it is installed', () => {
  it('shows "install the GL module" with how, and refuses to enable or run it', async () => {
    const gl = await moduleOf('GL_Accounts');
    expect(gl.availability).toMatchObject({ available: false, code: 'module_missing' });
    expect(gl.availability.reason).toMatch(/no "GL Accounts" module \(API name GL_Accounts\)/);
    expect(gl.availability.action).toContain('API name "GL_Accounts"');
    expect((await moduleOf('Accounts')).availability).toEqual({ available: true });

    const on = await fx.call('PUT', '/modules/GL_Accounts', fx.adminToken, {
      direction: 'sage_to_zoho',
    });
    expect(on.status).toBe(422);
    expect(on.body).toMatchObject({ code: 'module_missing' });
    expect((await moduleOf('GL_Accounts')).settings.direction).toBe('disabled');

    // Enabled before the module went missing (or saved behind the API's back): still refused.
    await fx.backend.repos.moduleSettings.save({
      ...(await moduleOf('GL_Accounts')).settings,
      tenantId: fx.tenantId,
      module: 'GL_Accounts',
      direction: 'sage_to_zoho',
    });
    const run = await fx.call('POST', '/runs', fx.adminToken, { modules: ['GL_Accounts'] });
    expect(run.status).toBe(409);
    expect(run.type).toMatch(/^application\/problem\+json/);
    expect(run.body).toMatchObject({ code: 'module_missing', module: 'GL_Accounts' });
    expect(run.body.action).toContain('Create a custom module');

    const { engine, close } = await fx.backend.services.engines.open(fx.tenantId);
    try {
      await expect(engine.run(fx.tenantId, 'GL_Accounts')).rejects.toBeInstanceOf(
        ModuleUnavailableError,
      );
    } finally {
      close();
    }
    const executor = new JobExecutor({
      repos: fx.backend.repos,
      openEngine: (tid) => fx.backend.services.engines.open(tid),
      maintenance: {} as never,
      logger: pino({ level: 'silent' }),
      now: () => new Date(),
    });
    const [outcome] = await executor.runTenant(fx.tenantId, [
      { kind: 'sync', tenantId: fx.tenantId, module: 'GL_Accounts' },
    ]);
    expect(outcome).toMatchObject({ status: 'skipped' });
    expect(outcome?.reason).toMatch(/install the GL module/);
    expect(await runsOf('GL_Accounts')).toBe(0);
  });

  it('is available once the admin creates it and runs the field check', async () => {
    const sim = fx.backend.sandbox!.zohoSim;
    sim.createCustomModule(fx.backend.sandbox!.orgId, 'GL_Accounts', 'GL Account', 'GL Accounts');
    const check = await fetch(`${fx.backend.url}/api/zoho/fields/check`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fx.adminToken}` },
    });
    expect(check.status).toBe(200);
    expect(((await check.json()) as { glAccounts: { present: boolean } }).glAccounts.present).toBe(
      true,
    );
    expect((await moduleOf('GL_Accounts')).availability).toEqual({ available: true });
    const run = await fx.call('POST', '/runs', fx.adminToken, { modules: ['GL_Accounts'] });
    expect(run.status).toBe(202);
    const done = await fx.waitForRun(run.body.runIds[0]);
    expect(done.status).toBe('succeeded');
    expect(done.counts.created).toBeGreaterThan(0);
  });
});

describe('editions', () => {
  it('shows Vendors unavailable on a Standard org and refuses its runs', async () => {
    await setConnection({ edition: 'standard' });
    try {
      const vendors = await moduleOf('Vendors');
      expect(vendors.availability).toMatchObject({ available: false, code: 'edition_required' });
      expect(vendors.availability.reason).toMatch(
        /Professional or above; this organisation has standard/,
      );
      const view = await fx.call('GET', '/connections/zoho', fx.adminToken);
      expect(view.body).toMatchObject({
        edition: 'standard',
        vendorsAvailable: false,
        limits: { concurrency: 5, dailyCredits: 100_000 },
        trial: null,
      });
      await fx.backend.repos.moduleSettings.save({
        ...vendors.settings,
        tenantId: fx.tenantId,
        module: 'Vendors',
        direction: 'sage_to_zoho',
      });
      const run = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Vendors'] });
      expect(run.status).toBe(409);
      expect(run.body.code).toBe('edition_required');
      expect(await runsOf('Vendors')).toBe(0);
    } finally {
      await setConnection({ edition: 'enterprise' });
    }
  });

  it("follows a trial's edition until it ends, then the paid one", async () => {
    const later = new Date(Date.now() + 86_400_000).toISOString();
    await setConnection({
      edition: 'enterprise',
      trial_ends_at: later,
      edition_after_trial: 'free',
    });
    try {
      expect((await moduleOf('Vendors')).availability).toEqual({ available: true });
      const onTrial = await fx.call('GET', '/connections/zoho', fx.adminToken);
      expect(onTrial.body).toMatchObject({
        edition: 'enterprise',
        trial: { endsAt: later, editionAfter: 'free' },
        limits: { concurrency: 10, dailyCredits: 5_000_000 },
      });
      const ended = new Date(Date.now() - 1000).toISOString();
      await setConnection({ trial_ends_at: ended });
      expect((await moduleOf('Vendors')).availability).toMatchObject({
        available: false,
        code: 'edition_required',
      });
      const after = await fx.call('GET', '/connections/zoho', fx.adminToken);
      expect(after.body).toMatchObject({
        edition: 'free',
        limits: { concurrency: 3, dailyCredits: 5_000 },
      });
    } finally {
      await setConnection({
        edition: 'enterprise',
        trial_ends_at: null,
        edition_after_trial: null,
      });
    }
  });
});
