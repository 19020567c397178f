import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ZohoAuthError,
  ZohoNotConnectedError,
  ZohoRateLimitedError,
  ZohoTokenLimitError,
  ZohoUnavailableError,
} from './errors.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../../test/zoho/fixture.js';

/** Tokens, retries, limits and tenant isolation, against the Zoho simulator over HTTP. */
describe('Zoho transport', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme', { edition: 'enterprise' });
  });
  afterEach(async () => fx.close());

  const meta = () => fx.client.forTenant(tenant.tenantId).metadata;

  it('refreshes exactly once for 50 concurrent calls with no token, and once more at expiry', async () => {
    const before = fx.sim.admin.refreshGrants;
    const orgs = await Promise.all(Array.from({ length: 50 }, () => meta().getOrg()));
    expect(orgs.every((o) => o.id === tenant.orgId)).toBe(true);
    expect(fx.sim.admin.refreshGrants - before).toBe(1);

    // Zoho expires the tokens while the cache still believes them: every call gets INVALID_TOKEN.
    fx.sim.admin.expireAccessTokens(tenant.orgId);
    const again = await Promise.all(Array.from({ length: 50 }, () => meta().getOrg()));
    expect(again).toHaveLength(50);
    expect(fx.sim.admin.refreshGrants - before).toBe(2);
  });

  it('refreshes before expiry by the client clock, without a failed call', async () => {
    await meta().getOrg();
    const before = fx.sim.admin.refreshGrants;
    fx.clock.now += 56 * 60_000; // within five minutes of the hour
    await Promise.all(Array.from({ length: 20 }, () => meta().getOrg()));
    expect(fx.sim.admin.refreshGrants - before).toBe(1);
  });

  it('never asks for more than 10 access tokens in 10 minutes', async () => {
    for (let i = 0; i < 10; i++) {
      fx.sim.admin.expireAccessTokens(tenant.orgId);
      await meta().getOrg();
    }
    fx.sim.admin.expireAccessTokens(tenant.orgId);
    const before = fx.sim.admin.refreshGrants;
    const err = await meta()
      .getOrg()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoTokenLimitError);
    expect(fx.sim.admin.refreshGrants).toBe(before);
    fx.clock.now += 10 * 60_000 + 1;
    fx.sim.admin.advanceClock(10 * 60_000 + 1);
    expect((await meta().getOrg()).id).toBe(tenant.orgId);
  });

  it("types Zoho's own refusal past 10 tokens in 10 minutes as the token limit", async () => {
    for (let i = 0; i < 10; i++) await fx.oauth.refresh(fx.sim.accountsUrl, tenant.refreshToken);
    const err = await fx.oauth
      .refresh(fx.sim.accountsUrl, tenant.refreshToken)
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoTokenLimitError);
    expect((err as ZohoTokenLimitError).retryAfterMs).toBe(600_000);
  });

  it('backs off with jitter on a 429 burst and 5xx, then succeeds', async () => {
    fx.sim.faults.add({ kind: 'status', status: 429, times: 2 });
    fx.sim.faults.add({ kind: 'status', status: 503, times: 1 });
    expect((await meta().getOrg()).id).toBe(tenant.orgId);
    // Full jitter with random() = 0.5 over ceilings of 500, 1000, 2000 ms.
    expect(fx.sleeps).toEqual([250, 500, 1000]);
  });

  it('types 429 and 5xx that outlast every attempt', async () => {
    fx.sim.faults.add({ kind: 'status', status: 429, times: 5 });
    await expect(meta().getOrg()).rejects.toBeInstanceOf(ZohoRateLimitedError);
    fx.sim.faults.add({ kind: 'status', status: 500, times: 5 });
    const err = await meta()
      .getOrg()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoUnavailableError);
    expect((err as ZohoUnavailableError).status).toBe(500);
  });

  it('does not repeat a field creation after a 5xx, which may have hidden a success', async () => {
    fx.sim.faults.add({ kind: 'status', status: 502, times: 1, path: '/settings/fields' });
    const err = await fx.client
      .forTenant(tenant.tenantId)
      .metadata.createFields('Accounts', [{ field_label: 'Sage Key', data_type: 'text' }])
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoUnavailableError);
    expect(fx.sleeps).toEqual([]);
  });

  it('gives up on an attempt Zoho does not answer in time, and tries again', async () => {
    const slow = await zohoFixture({ timeoutMs: 100 });
    try {
      const t = await slow.addTenant('Slow');
      await slow.client.forTenant(t.tenantId).metadata.getOrg();
      slow.sim.faults.add({ kind: 'delay', ms: 400, times: 1 });
      expect((await slow.client.forTenant(t.tenantId).metadata.getOrg()).id).toBe(t.orgId);
      expect(slow.sleeps).toEqual([250]);
    } finally {
      await slow.close();
    }
  });

  it('keeps in-flight calls within the tenant limit, so Zoho never answers 429 for concurrency', async () => {
    const small = await zohoFixture({ maxConcurrency: 3 });
    try {
      const t = await small.addTenant('Small', { edition: 'free' });
      small.sim.admin.setConcurrencyLimit(t.orgId, 3);
      small.sim.faults.add({ kind: 'delay', ms: 30, times: 12 });
      const api = small.client.forTenant(t.tenantId).metadata;
      const orgs = await Promise.all(Array.from({ length: 12 }, () => api.getOrg()));
      expect(orgs).toHaveLength(12);
      expect(small.sim.admin.stats(t.orgId).maxInFlightSeen).toBe(3);
      expect(small.sleeps).toEqual([]);
    } finally {
      await small.close();
    }
  });

  it('lets ZOHO_MAX_CONCURRENCY lower the edition limit but never raise it', async () => {
    const capped = await zohoFixture({ maxConcurrency: 8 });
    try {
      const free = await capped.addTenant('Free', { edition: 'free' });
      const big = await capped.addTenant('Big', { edition: 'enterprise' });
      // Each answer waits long enough (250 ms) that a loaded machine still gets every allowed
      // call of a burst in flight at once (at 20 ms, 7 of 8 overlapped under load).
      capped.sim.faults.add({ kind: 'delay', ms: 250, times: 40 });
      const burst = (tenantId: string) => {
        const api = capped.client.forTenant(tenantId).metadata;
        return Promise.all(Array.from({ length: 20 }, () => api.getOrg()));
      };
      await Promise.all([burst(free.tenantId), burst(big.tenantId)]);
      // Free: the edition's 3, not the configured 8; Enterprise: the configured 8, not 10.
      expect(capped.sim.admin.stats(free.orgId).maxInFlightSeen).toBe(3);
      expect(capped.sim.admin.stats(big.orgId).maxInFlightSeen).toBe(8);
    } finally {
      await capped.close();
    }
  });

  it("ends a trial's concurrency at the trial's end, mid-process (fake clock)", async () => {
    const trial = await zohoFixture();
    try {
      const t = await trial.addTenant('Trial', { edition: 'enterprise' });
      const connection = (await trial.repos.zohoConnections.get(t.tenantId))!;
      // An Enterprise trial that ends in an hour, on a Free org.
      await trial.repos.zohoConnections.save({
        ...connection,
        tenantId: t.tenantId,
        edition: 'enterprise',
        trialEndsAt: new Date(trial.clock.now + 3600_000).toISOString(),
        editionAfterTrial: 'free',
      });
      const burst = async () => {
        // Each answer waits 250 ms, so every call the limit allows is in flight at once.
        trial.sim.faults.add({ kind: 'delay', ms: 250, times: 12 });
        const api = trial.client.forTenant(t.tenantId).metadata;
        await Promise.all(Array.from({ length: 12 }, () => api.getOrg()));
        return { after: trial.sim.admin.stats(t.orgId).maxInFlightSeen };
      };
      expect((await burst()).after).toBe(10);
      // Two hours later, same process, same client: the Free edition's 3.
      trial.clock.now += 2 * 3600_000;
      trial.sim.admin.resetMaxInFlight(t.orgId);
      expect((await burst()).after).toBe(3);
    } finally {
      await trial.close();
    }
  });

  it('takes the concurrency default from the edition', async () => {
    const t = await fx.addTenant('Freebie', { edition: 'free' });
    fx.sim.faults.add({ kind: 'delay', ms: 20, times: 10 });
    const api = fx.client.forTenant(t.tenantId).metadata;
    await Promise.all(Array.from({ length: 10 }, () => api.getOrg()));
    expect(fx.sim.admin.stats(t.orgId).maxInFlightSeen).toBe(3);
  });

  it('types a tenant with no connection and a revoked grant', async () => {
    await expect(fx.client.forTenant('no-such-tenant').metadata.getOrg()).rejects.toBeInstanceOf(
      ZohoNotConnectedError,
    );
    await fx.oauth.revoke(fx.sim.accountsUrl, tenant.refreshToken);
    const err = await meta()
      .getOrg()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoAuthError);
    expect((err as ZohoAuthError).reason).toBe('invalid_code');
  });

  it('keeps tenants apart under interleaved load: own token, own api_domain, own data', async () => {
    const eu = await fx.addTenant('Euro GmbH', { dc: 'eu' });
    const au = await fx.addTenant('Aussie Pty', { dc: 'au' });
    const tenants = [tenant, eu, au];
    for (const t of tenants) {
      fx.sim.admin.seedRecords(t.orgId, 'Accounts', [{ Account_Name: `Only in ${t.orgId}` }]);
    }
    // Half-way, Zoho expires every token: refreshes interleave with calls too.
    const calls = Array.from({ length: 90 }, async (_, i) => {
      const t = tenants[i % 3]!;
      if (i === 45) fx.sim.admin.expireAccessTokens();
      const crm = fx.client.forTenant(t.tenantId);
      const [org, user, page] = await Promise.all([
        crm.metadata.getOrg(),
        crm.metadata.getCurrentUser(),
        crm.records.coql('select Account_Name from Accounts where id is not null limit 0, 10'),
      ]);
      return { t, org: org.id, user: user.id, names: page.records.map((r) => r.Account_Name) };
    });
    for (const r of await Promise.all(calls)) {
      expect(r.org).toBe(r.t.orgId);
      expect(r.user).toBe(r.t.adminUserId);
      expect(r.names).toEqual([`Only in ${r.t.orgId}`]);
    }
  });
});
