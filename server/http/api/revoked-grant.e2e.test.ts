import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/** What users see once Zoho no longer accepts the tenant's stored grant (revoked in Zoho). */
let fx: ApiFixture;
let abf: string;

beforeAll(async () => {
  fx = await startApiFixture();
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  const first = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
  expect((await fx.waitForRun(first.body.runIds[0])).status).toBe('succeeded');
  abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
  // The org's admin revokes the extension's grant in Zoho; the access token in hand expires.
  const sim = fx.backend.sandbox!.zohoSim as unknown as {
    tokens: { refreshTokens: Map<string, { revoked: boolean }> };
    expireAccessTokens(): number;
  };
  for (const grant of sim.tokens.refreshTokens.values()) grant.revoked = true;
  sim.expireAccessTokens();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('a revoked Zoho grant', () => {
  it('"Sync to Sage" of a linked account says it failed, not synced', async () => {
    const res = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
    expect(res.status).toBe(200);
    expect(res.body.report.status).toBe('failed');
    expect(res.body.action).toBe('failed');
    expect(res.body.reason).toMatch(/Zoho/);
  });

  it('a run fails with a reason the admin can act on: reconnect Zoho', async () => {
    const queued = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    const run = await fx.waitForRun(queued.body.runIds[0]);
    expect(run.status).toBe('failed');
    expect(run.reason).toBe(
      "Zoho no longer accepts this organisation's connection (invalid_code): its grant was revoked or has expired. An administrator reconnects Zoho CRM in the settings tab (Connect as administrator).",
    );
  });
});
