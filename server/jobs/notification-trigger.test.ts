import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotificationTrigger } from './notification-trigger.js';
import { jobsWorld, silent, type JobsWorld } from './testing.js';

/** A job runner whose runs finish when the test says so. */
function controlledJobs() {
  const calls: string[] = [];
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  return {
    calls,
    pending,
    notified: [] as Array<number | undefined>,
    triggerNow(
      tenantId: string,
      module: string,
      options?: { zohoNotified?: number },
    ): Promise<void> {
      calls.push(`${tenantId}/${module}`);
      this.notified.push(options?.zohoNotified);
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
    /** Finishes the oldest run still going, then lets the trigger's loop move on. */
    async finish(error?: Error) {
      const next = pending.shift()!;
      if (error) next.reject(error);
      else next.resolve();
      await new Promise((r) => setImmediate(r));
    },
  };
}

describe('NotificationTrigger', () => {
  let world: JobsWorld;
  let tenant: string;
  beforeEach(async () => {
    world = await jobsWorld('sqlite');
    tenant = await world.tenant('A', {
      Accounts: { kind: 'interval', seconds: 900 },
      Products: { kind: 'interval', seconds: 3600 },
    });
    const accounts = await world.repos.moduleSettings.get(tenant, 'Accounts');
    await world.repos.moduleSettings.save({ ...accounts!, direction: 'both' });
  });
  afterEach(() => world.destroy());

  it('coalesces a burst of notices into one run now and one after it', async () => {
    const jobs = controlledJobs();
    const trigger = new NotificationTrigger({
      jobs,
      moduleSettings: world.repos.moduleSettings,
      logger: silent,
    });
    for (let i = 0; i < 5; i++) {
      await trigger.handle({ tenantId: tenant, module: 'Accounts', ids: [String(i)] });
    }
    expect(jobs.calls).toEqual([`${tenant}/Accounts`]);
    await jobs.finish();
    // The four notices that came during the run ask for exactly one more, and say how many.
    expect(jobs.calls).toHaveLength(2);
    expect(jobs.notified).toEqual([1, 4]);
    await jobs.finish();
    await trigger.idle();
    expect(jobs.calls).toHaveLength(2);
  });

  it('ignores modules that do not flow from Zoho to Sage, and unknown modules', async () => {
    const jobs = controlledJobs();
    const trigger = new NotificationTrigger({
      jobs,
      moduleSettings: world.repos.moduleSettings,
      logger: silent,
    });
    await trigger.handle({ tenantId: tenant, module: 'Products', ids: ['1'] });
    await trigger.handle({ tenantId: tenant, module: 'Leads', ids: ['1'] });
    await trigger.handle({ tenantId: tenant, module: 'Contacts', ids: ['1'] });
    expect(jobs.calls).toEqual([]);
  });

  it('runs a read-only Sage module on a Zoho edit, so the edit is put back (GL accounts)', async () => {
    const jobs = controlledJobs();
    const trigger = new NotificationTrigger({
      jobs,
      moduleSettings: world.repos.moduleSettings,
      logger: silent,
    });
    const products = await world.repos.moduleSettings.get(tenant, 'Products');
    await world.repos.moduleSettings.save({
      ...products!,
      module: 'GL_Accounts',
      direction: 'sage_to_zoho',
    });
    await trigger.handle({ tenantId: tenant, module: 'GL_Accounts', ids: ['1'] });
    // Products, Sage → Zoho too, has nothing to put back: its Zoho edits stay Zoho's.
    await trigger.handle({ tenantId: tenant, module: 'Products', ids: ['1'] });
    expect(jobs.calls).toEqual([`${tenant}/GL_Accounts`]);
    await jobs.finish();
    await trigger.idle();
  });

  it('keeps going after a failed run', async () => {
    const jobs = controlledJobs();
    const trigger = new NotificationTrigger({
      jobs,
      moduleSettings: world.repos.moduleSettings,
      logger: silent,
    });
    await trigger.handle({ tenantId: tenant, module: 'Accounts', ids: ['1'] });
    await jobs.finish(new Error('Sage unreachable'));
    await trigger.idle();
    await trigger.handle({ tenantId: tenant, module: 'Accounts', ids: ['2'] });
    expect(jobs.calls).toHaveLength(2);
    await jobs.finish();
    await trigger.idle();
  });
});
