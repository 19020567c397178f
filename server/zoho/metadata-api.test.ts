import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZohoApiError, ZohoRequestError } from './errors.js';
import { zohoFixture, type FixtureTenant, type ZohoFixture } from '../../test/zoho/fixture.js';

describe('Zoho metadata and notification channels API', () => {
  let fx: ZohoFixture;
  let tenant: FixtureTenant;

  beforeEach(async () => {
    fx = await zohoFixture();
    tenant = await fx.addTenant('Acme', { edition: 'professional' });
  });
  afterEach(async () => fx.close());

  const crm = () => fx.client.forTenant(tenant.tenantId);

  it('reads the org, the current user and one user', async () => {
    const org = await crm().metadata.getOrg();
    expect(org).toMatchObject({
      id: tenant.orgId,
      company_name: 'Acme',
      license_details: { paid_type: 'professional' },
    });
    const me = await crm().metadata.getCurrentUser();
    expect(me).toMatchObject({ id: tenant.adminUserId, profile: { name: 'Administrator' } });
    expect((await crm().metadata.getUser(tenant.adminUserId))?.email).toBe('admin@acme.example');
    expect(await crm().metadata.getUser('5725767000999999999')).toBe(undefined);
  });

  it('reads fields with lengths and unique flags, and creates fields with per-field results', async () => {
    const fields = await crm().metadata.getFields('Accounts');
    expect(fields.find((f) => f.api_name === 'Account_Name')).toMatchObject({
      data_type: 'text',
      length: 200,
      system_mandatory: true,
    });
    const outcomes = await crm().metadata.createFields('Accounts', [
      { field_label: 'Sage Key', data_type: 'text', length: 64, unique: true },
      { field_label: 'Account Name', data_type: 'text' },
    ]);
    expect(outcomes[0]).toMatchObject({ ok: true });
    expect(outcomes[1]).toMatchObject({ ok: false, code: 'DUPLICATE_DATA', field: 'field_label' });
    const after = await crm().metadata.getFields('Accounts');
    expect(after.find((f) => f.api_name === 'Sage_Key')?.unique).toBeTruthy();
    await expect(
      crm().metadata.createFields(
        'Accounts',
        Array.from({ length: 6 }, (_, i) => ({ field_label: `F${i}`, data_type: 'text' as const })),
      ),
    ).rejects.toBeInstanceOf(ZohoRequestError);
    const err = await crm()
      .metadata.getFields('Nope')
      .catch((e: unknown) => e);
    expect((err as ZohoApiError).code).toBe('INVALID_MODULE');
  });

  it('enables, renews and disables a notification channel', async () => {
    const spec = {
      channelId: '1000000068001',
      events: ['Accounts.all'],
      notifyUrl: 'http://127.0.0.1:9/zoho/notifications/t',
      token: 'tok-123',
      expiresAt: new Date(Date.now() + 3600_000),
    };
    const expiry = await crm().watch.enable(spec);
    expect(Date.parse(expiry)).toBe(Math.floor(spec.expiresAt.getTime() / 1000) * 1000);
    const renewedTo = new Date(Date.now() + 20 * 3600_000);
    await crm().watch.renew({ ...spec, expiresAt: renewedTo });
    expect(fx.sim.admin.stats(tenant.orgId).channels[0]?.expiresMs).toBe(
      Math.floor(renewedTo.getTime() / 1000) * 1000,
    );
    const tooLong = await crm()
      .watch.enable({ ...spec, channelId: '2', expiresAt: new Date(Date.now() + 3 * 86400_000) })
      .catch((e: unknown) => e);
    expect(tooLong).toBeInstanceOf(ZohoApiError);
    await crm().watch.disable([spec.channelId]);
    expect(fx.sim.admin.stats(tenant.orgId).channels).toEqual([]);
    await expect(crm().watch.enable({ ...spec, token: 'x'.repeat(51) })).rejects.toBeInstanceOf(
      ZohoRequestError,
    );
  });
});
