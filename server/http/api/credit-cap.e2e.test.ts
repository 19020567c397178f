import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { JobExecutor } from '../../jobs/executor.js';
import { TABLES } from '../../db/tables.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The daily Zoho credit cap through the backend as `npm start` builds it, against the Zoho
 * simulator: the real client's calls fill the credit ledger; once this product's share of the
 * edition's daily credits is spent, GET /health says so, POST /runs refuses with 409 and the
 * scheduler skips the slot, until the calls leave the 24-hour window.
 */
let fx: ApiFixture;
beforeAll(async () => {
  // This product spends 0.0002 of the org's daily credits: 1,000 of an Enterprise org's 5,000,000.
  fx = await startApiFixture({ ZOHO_CREDIT_SHARE: '0.0002' });
  await setEdition('enterprise');
  // Connecting spent credits: start the day from nothing.
  await clearLedger();
});
afterAll(() => fx?.close());

/** Writes what the client still holds in memory, then empties the tenant's ledger. */
const clearLedger = async () => {
  await fx.backend.services.zoho!.client.flushCredits();
  await fx.backend.db(TABLES.zohoCreditUsage).where({ tenant_id: fx.tenantId }).del();
};
const setEdition = (edition: string) =>
  fx.backend.db(TABLES.zohoConnections).where({ tenant_id: fx.tenantId }).update({ edition });
const credits = async () => (await fx.call('GET', '/health', fx.adminToken)).body.zoho.credits;

it('spends at most its share of the daily credits, then defers runs until the window frees them', async () => {
  expect(await credits()).toEqual({
    used: 0,
    dailyCredits: 5_000_000,
    budget: 1_000,
    share: 0.0002,
    exhausted: false,
    resumesAt: null,
  });
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, {
    direction: 'sage_to_zoho',
  });
  expect(on.status).toBe(200);
  await clearLedger();
  const first = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  expect(first.status, JSON.stringify(first.body)).toBe(202);
  expect((await fx.waitForRun(first.body.runIds[0])).status).toMatch(/succeeded|partial|failed/);
  // The run's calls went through the real client, which charged the ledger.
  const used = (await credits()).used;
  expect(used).toBeGreaterThanOrEqual(1);
  // The org is on Free now (5,000 a day): the share is 1 credit, spent. Decided at use.
  await setEdition('free');
  const spent = await credits();
  expect(spent).toMatchObject({
    used,
    dailyCredits: 5_000,
    budget: 1,
    share: 0.0002,
    exhausted: true,
  });
  // Those credits were spent this hour: they leave Zoho's rolling 24 hours a day after it began.
  const thisHour = Math.floor(Date.now() / 3600_000) * 3600_000;
  expect(spent.resumesAt).toBe(new Date(thisHour + 24 * 3600_000).toISOString());

  const refused = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  expect(refused.status).toBe(409);
  expect(refused.type).toMatch(/^application\/problem\+json/);
  expect(refused.body).toMatchObject({
    code: 'daily_credits_exhausted',
    used: spent.used,
    budget: 1,
    dailyCredits: 5_000,
  });
  expect(refused.body.detail).toContain(
    `daily Zoho API credits used: ${spent.used} of this product's 1`,
  );

  const runsBefore = (await fx.backend.repos.runs.listRecent(fx.tenantId, { limit: 50 })).length;
  const executor = new JobExecutor({
    repos: fx.backend.repos,
    openEngine: (tid) => fx.backend.services.engines.open(tid),
    maintenance: {} as never,
    logger: pino({ level: 'silent' }),
    now: () => new Date(),
  });
  const [outcome] = await executor.runTenant(fx.tenantId, [
    { kind: 'sync', tenantId: fx.tenantId, module: 'Accounts' },
  ]);
  expect(outcome).toMatchObject({ status: 'skipped' });
  expect(outcome?.reason).toMatch(/^daily Zoho API credits used/);
  expect((await fx.backend.repos.runs.listRecent(fx.tenantId, { limit: 50 })).length).toBe(
    runsBefore,
  );

  // A day later those calls have left Zoho's 24-hour window: runs go again.
  const dayAgo = new Date(Date.now() - 25 * 3600_000).toISOString().slice(0, 13);
  await fx.backend.services.zoho!.client.flushCredits();
  await fx.backend.db(TABLES.zohoCreditUsage).where({ tenant_id: fx.tenantId }).update({
    hour: dayAgo,
  });
  expect(await credits()).toMatchObject({ used: 0, exhausted: false });
  const again = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  expect(again.status).toBe(202);
  await fx.waitForRun(again.body.runIds[0]);
});
