import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../logging.js';
import { ZohoRequestError } from './errors.js';
import {
  CHANNEL_LIFETIME_MS,
  NotificationChannels,
  type ChangeNotice,
} from './notification-channels.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../../test/zoho/fixture.js';

describe('notification channels', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;
  let clock: { now: number };
  let channels: NotificationChannels;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme');
    clock = { now: Date.now() };
    channels = new NotificationChannels({
      client: fx.client,
      channels: fx.repos.zohoChannels,
      publicUrl: 'https://sync.example.com/',
      logger: createLogger('silent'),
      now: () => clock.now,
    });
  });
  afterEach(async () => fx.close());

  it('enables one channel for the modules with a secret token and a tenant URL', async () => {
    const id = await channels.enable(tenant.tenantId, ['Accounts', 'Contacts']);
    const [zoho] = fx.sim.admin.stats(tenant.orgId).channels;
    expect(zoho).toMatchObject({
      channel_id: id,
      events: ['Accounts.all', 'Contacts.all'],
      notify_url: `https://sync.example.com/zoho/notifications/${tenant.tenantId}`,
    });
    const stored = await fx.repos.zohoChannels.get(tenant.tenantId, id);
    expect(stored?.token).toBe(zoho?.token);
    expect(stored?.token.length).toBeGreaterThanOrEqual(40);
    expect(Date.parse(stored!.expiresAt)).toBe(
      Math.floor((clock.now + CHANNEL_LIFETIME_MS) / 1000) * 1000,
    );
  });

  it('keeps one channel watching exactly the modules asked for', async () => {
    const events = () => fx.sim.admin.stats(tenant.orgId).channels.map((c) => c.events);
    expect(await channels.ensure(tenant.tenantId, [])).toBe('none');
    expect(await channels.ensure(tenant.tenantId, ['Accounts', 'Contacts'])).toBe('enabled');
    expect(await channels.ensure(tenant.tenantId, ['Contacts', 'Accounts'])).toBe('current');
    expect(events()).toEqual([['Accounts.all', 'Contacts.all']]);
    expect(await channels.ensure(tenant.tenantId, ['Accounts'])).toBe('enabled');
    expect(events()).toEqual([['Accounts.all']]);
    expect(await fx.repos.zohoChannels.list(tenant.tenantId)).toHaveLength(1);
    expect(await channels.ensure(tenant.tenantId, [])).toBe('disabled');
    expect(events()).toEqual([]);
    expect(await fx.repos.zohoChannels.list(tenant.tenantId)).toEqual([]);
    expect(channels.canReceive).toBe(true);
  });

  it('renews channels near expiry, and re-creates one Zoho has dropped', async () => {
    const id = await channels.enable(tenant.tenantId, ['Accounts']);
    expect(await channels.renewExpiring(tenant.tenantId)).toBe(0);
    const later = 22 * 3600_000;
    clock.now += later;
    fx.sim.admin.advanceClock(later);
    expect(await channels.renewExpiring(tenant.tenantId)).toBe(1);
    const renewed = await fx.repos.zohoChannels.get(tenant.tenantId, id);
    expect(Date.parse(renewed!.expiresAt)).toBe(
      Math.floor((clock.now + CHANNEL_LIFETIME_MS) / 1000) * 1000,
    );

    clock.now += later;
    fx.sim.admin.advanceClock(later);
    fx.sim.store.org(tenant.orgId).channels.clear();
    expect(await channels.renewExpiring(tenant.tenantId)).toBe(1);
    expect(fx.sim.admin.stats(tenant.orgId).channels.map((c) => c.channel_id)).toEqual([id]);
  });

  it('checks the token of a callback against the tenant own channel', async () => {
    const other = await fx.addTenant('Other');
    const heard: ChangeNotice[] = [];
    channels.onChange((n) => heard.push(n));
    const id = await channels.enable(tenant.tenantId, ['Accounts']);
    const token = (await fx.repos.zohoChannels.get(tenant.tenantId, id))!.token;
    const body = {
      channel_id: Number(id),
      token,
      module: 'Accounts',
      operation: 'create',
      ids: [5725767000000000123n.toString()],
      server_time: 1,
    };
    expect(await channels.receive(tenant.tenantId, body)).toMatchObject({ accepted: true });
    expect(await channels.receive(other.tenantId, body)).toEqual({
      accepted: false,
      reason: 'unknown-channel',
    });
    expect(
      await channels.receive(tenant.tenantId, { ...body, token: `${token.slice(0, -1)}x` }),
    ).toEqual({ accepted: false, reason: 'bad-token' });
    expect(await channels.receive(tenant.tenantId, { ...body, token: null })).toEqual({
      accepted: false,
      reason: 'bad-token',
    });
    expect(await channels.receive(tenant.tenantId, { ...body, module: 'Deals' })).toEqual({
      accepted: false,
      reason: 'unwatched-module',
    });
    expect(await channels.receive(tenant.tenantId, { ids: 'x' })).toEqual({
      accepted: false,
      reason: 'malformed',
    });
    expect(heard).toEqual([
      {
        tenantId: tenant.tenantId,
        module: 'Accounts',
        operation: 'create',
        ids: ['5725767000000000123'],
      },
    ]);
  });

  it('needs a public URL', async () => {
    const closed = new NotificationChannels({
      client: fx.client,
      channels: fx.repos.zohoChannels,
      logger: createLogger('silent'),
    });
    await expect(closed.enable(tenant.tenantId, ['Accounts'])).rejects.toBeInstanceOf(
      ZohoRequestError,
    );
  });
});
