import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox } from '../../security/secret-box.js';
import { TABLES } from '../tables.js';
import { createRepositories, type Repositories } from './index.js';

describeEngines('Zoho auth repositories on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let otherTenantId: string;

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '70001', name: 'Acme' })).id;
    otherTenantId = (await repos.tenants.create({ zohoOrgId: '70002', name: 'Other' })).id;
  });
  afterEach(async () => t.destroy());

  it('consumes an OAuth state once, and never an expired one', async () => {
    const base = { purpose: 'connect' as const, bindingHash: 'b'.repeat(64) };
    await repos.zohoOAuthStates.create({
      ...base,
      stateHash: 'a'.repeat(64),
      returnOrigin: 'https://x.zappsusercontent.com',
      createdAt: '2026-11-21T10:00:00.000Z',
      expiresAt: '2026-11-21T10:10:00.000Z',
    });
    await repos.zohoOAuthStates.create({
      ...base,
      stateHash: 'c'.repeat(64),
      createdAt: '2026-11-21T10:00:00.000Z',
      expiresAt: '2026-11-21T10:10:00.000Z',
    });
    const first = await repos.zohoOAuthStates.consume('a'.repeat(64), '2026-11-21T10:05:00.000Z');
    expect(first).toMatchObject({
      purpose: 'connect',
      returnOrigin: 'https://x.zappsusercontent.com',
    });
    expect(await repos.zohoOAuthStates.consume('a'.repeat(64), '2026-11-21T10:05:00.000Z')).toBe(
      undefined,
    );
    expect(await repos.zohoOAuthStates.consume('c'.repeat(64), '2026-11-21T10:11:00.000Z')).toBe(
      undefined,
    );
    expect(await t.db(TABLES.zohoOauthStates).select('state_hash')).toEqual([]);
  });

  it('sums credits over the rolling 24 hours per tenant', async () => {
    const now = new Date('2026-11-21T12:30:00Z');
    await repos.zohoCredits.add(tenantId, 5, new Date('2026-11-21T12:01:00Z'));
    await repos.zohoCredits.add(tenantId, 3, new Date('2026-11-21T12:20:00Z'));
    await repos.zohoCredits.add(tenantId, 7, new Date('2026-11-20T14:00:00Z'));
    await repos.zohoCredits.add(tenantId, 100, new Date('2026-11-20T12:59:00Z')); // 24 h ago: out
    await repos.zohoCredits.add(otherTenantId, 1000, new Date('2026-11-21T12:00:00Z'));
    expect(await repos.zohoCredits.usedInLast24h(tenantId, now)).toBe(15);
    expect(await repos.zohoCredits.usedInLast24h(otherTenantId, now)).toBe(1000);
    expect(await repos.zohoCredits.prune(tenantId, new Date('2026-11-20T13:00:00Z'))).toBe(1);
  });

  it('keeps notification channels per tenant with the token sealed', async () => {
    await repos.zohoChannels.save({
      tenantId,
      channelId: '1000001',
      events: ['Accounts.all'],
      notifyUrl: 'https://sync.example.com/zoho/notifications/x',
      token: 'channel-token-do-not-leak',
      expiresAt: '2026-11-21T11:00:00.000Z',
    });
    const raw = await t.db(TABLES.zohoNotificationChannels).select('token_secret').first();
    expect(String(raw?.token_secret)).not.toContain('do-not-leak');
    expect((await repos.zohoChannels.get(tenantId, '1000001'))?.token).toBe(
      'channel-token-do-not-leak',
    );
    expect(await repos.zohoChannels.get(otherTenantId, '1000001')).toBe(undefined);
    expect(
      (await repos.zohoChannels.listExpiringBefore(tenantId, '2026-11-21T11:30:00.000Z')).map(
        (c) => c.channelId,
      ),
    ).toEqual(['1000001']);
    expect(
      await repos.zohoChannels.listExpiringBefore(tenantId, '2026-11-21T10:30:00.000Z'),
    ).toEqual([]);
    await repos.zohoChannels.delete(tenantId, '1000001');
    expect(await repos.zohoChannels.list(tenantId)).toEqual([]);
  });

  it('replaces the admin profiles of one tenant only', async () => {
    await repos.zohoAdminProfiles.replace(tenantId, ['Sync Admin', 'Manager', 'Sync Admin']);
    await repos.zohoAdminProfiles.replace(otherTenantId, ['Other']);
    expect(await repos.zohoAdminProfiles.list(tenantId)).toEqual(['Manager', 'Sync Admin']);
    await repos.zohoAdminProfiles.replace(tenantId, []);
    expect(await repos.zohoAdminProfiles.list(tenantId)).toEqual([]);
    expect(await repos.zohoAdminProfiles.list(otherTenantId)).toEqual(['Other']);
  });

  it('records the edition on the Zoho connection', async () => {
    await repos.zohoConnections.save({
      tenantId,
      dataCentre: 'us',
      accountsServer: 'https://accounts.zoho.com',
      apiDomain: 'https://www.zohoapis.com',
      refreshToken: 'r',
      scope: 's',
    });
    expect((await repos.zohoConnections.get(tenantId))?.edition).toBe(undefined);
    await repos.zohoConnections.setEdition(tenantId, 'Enterprise');
    expect((await repos.zohoConnections.get(tenantId))?.edition).toBe('Enterprise');
  });
});
