import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * GET /api/v1/health's sync state is per module: a module whose newest run failed keeps the
 * tenant "failing" until it runs well again, whatever other modules and "Sync to Sage" did since.
 */

let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
  for (const [module, direction] of [
    ['Accounts', 'both'],
    ['Products', 'sage_to_zoho'],
  ]) {
    const on = await fx.call('PUT', `/modules/${module}`, fx.adminToken, { direction });
    if (on.status !== 200) throw new Error(`enabling ${module}: ${on.status}`);
  }
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

const run = async (module: string) => {
  const res = await fx.call('POST', '/runs', fx.adminToken, { modules: [module] });
  return fx.waitForRun(res.body.runIds[0]);
};

describe('health while one module fails', () => {
  it('stays failing, naming the module, until that module runs well again', async () => {
    const sage = fx.backend.sandbox!.sage;
    await sage.setOnline(false);
    try {
      expect((await run('Accounts')).status).toBe('failed');
    } finally {
      await sage.setOnline(true);
    }
    // A rep's "Sync to Sage" and another module's good run come after the failure.
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const synced = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
    expect(synced.body.action).toBe('created');
    expect((await run('Products')).status).toBe('succeeded');

    const failing = await fx.call('GET', '/health', fx.adminToken);
    expect(failing.body.sync).toMatchObject({
      state: 'failing',
      failingModules: ['Accounts'],
      failedLast24h: 1,
    });
    expect(failing.body.sync.lastFailed.module).toBe('Accounts');

    expect((await run('Accounts')).status).toBe('succeeded');
    const ok = await fx.call('GET', '/health', fx.adminToken);
    expect(ok.body.sync).toMatchObject({ state: 'ok', failingModules: [] });
  });
});
