import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/**
 * Zoho-born accounts created in Sage come back on both sides the next cycle: the Sage key written
 * back moves their Modified_Time, and Sage's new rows enter its feed. Each is exactly what its
 * link recorded after the write, so the cycle plans them as echoes without reading the other side.
 */
describeEngines('echoes of our own writes read nothing more (%s)', (engine) => {
  let rig: SyncRig;
  const calls = () => ({
    zoho: rig.zoho.sim.admin.stats(rig.tenant.orgId).calls,
    agent: rig.agent.calls,
  });

  beforeEach(async () => {
    rig = await startSyncRig(engine);
    await rig.configure('Accounts', 'both');
    await rig.engine.run(rig.tenantId, 'Accounts');
    rig.advanceSage(60);
    await rig.engine.run(rig.tenantId, 'Accounts');
    rig.zoho.sim.admin.seedRecords(
      rig.tenant.orgId,
      'Accounts',
      Array.from({ length: 30 }, (_, i) => ({
        Account_Name: `Zeta ${String(i).padStart(2, '0')}`,
        Billing_City: 'Chicago',
        Billing_Code: '60601',
      })),
    );
    rig.advanceSage(60);
    const created = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(created.counts).toMatchObject({ created: 30, read_zoho: 30 });
  });
  afterEach(() => rig.close());

  it('plans the key write-back and the Sage creates as echoes with one call per side', async () => {
    rig.advanceSage(60);
    const before = calls();
    const echo = await rig.engine.run(rig.tenantId, 'Accounts');
    const after = calls();
    expect(echo.status).toBe('succeeded');
    // 30 Zoho records (key written back) and 30 Sage rows (created for them), all echoes.
    expect(echo.counts).toEqual({ read_sage: 30, read_zoho: 30, echo: 60 });
    // Sage: the feed page, no key lookup. Zoho: the listing and the deleted log, no record read.
    expect(after.agent - before.agent).toBe(1);
    expect(after.zoho - before.zoho).toBe(2);
  });

  it('still syncs a Zoho edit made in the very second of the key write-back', async () => {
    // The clock stands still: the edit carries the Modified_Time the link recorded for our write,
    // but different content, so it is no echo.
    const zeta = rig.zohoRecords('Accounts').find((r) => r.Account_Name === 'Zeta 07')!;
    rig.zoho.sim.admin.editRecord(rig.tenant.orgId, 'Accounts', String(zeta.id), {
      Website: 'https://zeta-07.example',
    });
    const report = await rig.engine.run(rig.tenantId, 'Accounts');
    expect(report.counts).toMatchObject({ updated: 1 });
    const [ARDivisionNo, CustomerNo] = String(zeta.Sage_Key).split('-');
    expect(rig.company.get('AR_Customer', { ARDivisionNo, CustomerNo })).toMatchObject({
      URLAddress: 'https://zeta-07.example',
    });
  });
});
