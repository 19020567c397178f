import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../../test/requirements.js';
import type { SageKeyWrite, WriteResult } from '../gateways.js';
import { openHarness, type Harness } from '../testing/harness.js';

/**
 * A Zoho account the user deletes between its Sage write and the stamp write-back: Zoho answers
 * the stamp with INVALID_DATA on `id`. A scheduled run applies the delete policy in the same run;
 * "Sync to Sage" of the one record leaves it to the module's next run, and says so.
 */
describeEngines('Zoho records deleted at their stamp write (%s)', (engine) => {
  let h: Harness;
  beforeEach(async () => {
    h = await openHarness(engine);
    await h.configure('Accounts', 'both', {
      deletePolicy: 'mark_inactive',
      deleteBrakePercent: 100,
    });
  });
  afterEach(() => h.close());

  /** The next stamp write of `zohoId` finds it deleted, as Zoho answers then. */
  function deleteAtStamp(zohoId: string): void {
    const original = h.crm.setSageKeys.bind(h.crm);
    h.crm.setSageKeys = async (module, keys: SageKeyWrite[]): Promise<WriteResult[]> => {
      h.crm.setSageKeys = original;
      h.crm.store.remove(module, zohoId);
      const others = await original(
        module,
        keys.filter((k) => k.zohoId !== zohoId),
      );
      return keys.map((k) =>
        k.zohoId === zohoId
          ? {
              ok: false,
              code: 'INVALID_DATA',
              field: 'id',
              message: 'the related id given seems to be invalid',
              retryable: false,
            }
          : others.shift()!,
      );
    };
  }

  it('"Sync to Sage" creates the customer and leaves the deletion to the next run, saying so', async () => {
    const account = h.crm.seed('Accounts', { Account_Name: 'Gone Gadgets' });
    deleteAtStamp(account.id);
    const report = await h.engine.syncRecord(h.tenantId, 'Accounts', {
      side: 'zoho',
      id: account.id,
    });
    expect(report.status, JSON.stringify(report.records)).toBe('succeeded');
    expect(report.records).toEqual([
      expect.objectContaining({
        action: 'created',
        reason:
          'deleted in Zoho after its Sage write landed: the Sage write stands, the sync stamp was ' +
          "not written, and the deletion takes the module's delete policy in the module's next run",
      }),
    ]);
    const [customer] = h.sage.store.all('Accounts');
    expect(customer?.fields).toMatchObject({ CustomerName: 'Gone Gadgets' });
    expect(customer?.fields.CustomerStatus).not.toBe('I');

    const next = await h.engine.run(h.tenantId, 'Accounts');
    expect(next.counts.deleted).toBe(1);
    expect(h.sage.store.read('Accounts', customer!.id)?.fields.CustomerStatus).toBe('I');
  });
});
