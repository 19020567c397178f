import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from './server.js';
import { adminOfNewOrg } from './testing.js';

/**
 * The duplicate check of upserts (Account_Name, then unique fields) follows every change to the
 * records it compares: writes, updates, admin edits and deletes (the simulator keeps an index of
 * values instead of scanning, so a change it missed would show here).
 */
describe('Zoho simulator duplicate check', () => {
  let sim: ZohoSimulator;
  let orgId: string;
  let token: string;

  const crm = async (path: string, method: string, body?: unknown) => {
    const res = await fetch(`${sim.url}/crm/v8${path}`, {
      method,
      headers: { authorization: `Zoho-oauthtoken ${token}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return (await res.json()) as { data: Array<Record<string, unknown>> };
  };
  const upsert = async (data: Record<string, unknown>) =>
    (await crm('/Accounts/upsert', 'POST', { data: [data] })).data[0] as {
      code: string;
      action?: string;
      duplicate_field?: string | null;
      details: { id: string; api_name?: string };
    };

  beforeEach(async () => {
    sim = await startZohoSimulator();
    ({ orgId, token } = await adminOfNewOrg(sim, 'Dup Org'));
  });
  afterEach(async () => sim.close());

  it('finds the record by its current name after an update, an admin edit and a delete', async () => {
    const first = await upsert({ Account_Name: 'Acme' });
    expect([first.code, first.action]).toEqual(['SUCCESS', 'insert']);
    // Same name in another case: the same record.
    const again = await upsert({ Account_Name: 'ACME', Phone: '1' });
    expect([again.action, again.duplicate_field, again.details.id]).toEqual([
      'update',
      'Account_Name',
      first.details.id,
    ]);
    // Renamed by an update: the old name is free, the new one finds it.
    await crm('/Accounts', 'PUT', { data: [{ id: first.details.id, Account_Name: 'Acme Two' }] });
    expect((await upsert({ Account_Name: 'acme two' })).details.id).toBe(first.details.id);
    const other = await upsert({ Account_Name: 'Acme' });
    expect(other.action).toBe('insert');
    expect(other.details.id).not.toBe(first.details.id);
    // Renamed by an admin edit (a CRM user's change).
    sim.admin.editRecord(orgId, 'Accounts', other.details.id, { Account_Name: 'Beta' });
    expect((await upsert({ Account_Name: 'beta' })).details.id).toBe(other.details.id);
    expect((await upsert({ Account_Name: 'Acme' })).action).toBe('insert');
    // Deleted: its name is free again.
    await fetch(`${sim.url}/crm/v8/Accounts?ids=${other.details.id}`, {
      method: 'DELETE',
      headers: { authorization: `Zoho-oauthtoken ${token}` },
    });
    const reborn = await upsert({ Account_Name: 'Beta' });
    expect(reborn.action).toBe('insert');
    expect(reborn.details.id).not.toBe(other.details.id);
  });

  it('refuses a unique field value another record holds, in any case, and frees it on rename', async () => {
    await crm('/settings/fields?module=Accounts', 'POST', {
      fields: [
        {
          field_label: 'Ext Code',
          data_type: 'text',
          length: 20,
          unique: { casesensitive: false },
        },
      ],
    });
    const field = sim.admin.fields(orgId, 'Accounts').find((f) => f.field_label === 'Ext Code');
    expect(field?.unique).toBeTruthy();
    const a = await upsert({ Account_Name: 'A', [field!.api_name]: 'K-1' });
    expect(a.code).toBe('SUCCESS');
    const clash = (
      await crm('/Accounts', 'POST', { data: [{ Account_Name: 'B', [field!.api_name]: 'k-1' }] })
    ).data[0] as { code: string; details: { api_name: string; id: string } };
    expect([clash.code, clash.details.api_name, clash.details.id]).toEqual([
      'DUPLICATE_DATA',
      field!.api_name,
      a.details.id,
    ]);
    await crm('/Accounts', 'PUT', { data: [{ id: a.details.id, [field!.api_name]: 'K-2' }] });
    const b = (
      await crm('/Accounts', 'POST', { data: [{ Account_Name: 'B', [field!.api_name]: 'K-1' }] })
    ).data[0] as { code: string };
    expect(b.code).toBe('SUCCESS');
  });
});
