import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InProcessJobRunner } from './in-process-runner.js';
import { JobsStoppedError } from './runner.js';
import { every, jobsWorld, silent, type JobsWorld } from './testing.js';

let world: JobsWorld;
let runner: InProcessJobRunner;

const make = (reconcileHours = 0) =>
  new InProcessJobRunner({
    repos: world.repos,
    executor: world.executor(),
    logger: silent,
    now: () => world.clock.now,
    tickSeconds: 15,
    reconcileHours,
    concurrency: 2,
  });
const advance = (seconds: number) =>
  (world.clock.now = new Date(world.clock.now.getTime() + seconds * 1000));
const moduleCalls = () => world.calls.map((c) => `${c.kind}:${c.module}`);

beforeEach(async () => {
  world = await jobsWorld();
  runner = make();
});
afterEach(async () => {
  await runner.stop();
  await world.destroy();
});

describe('in-process job runner', () => {
  it('runs each enabled module once per slot, parents first, and nothing for suspended tenants', async () => {
    const a = await world.tenant('A', {
      Invoices: every(30),
      Products: every(30),
      Accounts: every(900),
    });
    const suspended = await world.tenant('B', { Accounts: every(30) });
    await world.repos.tenants.setStatus(suspended, 'suspended');
    const disabled = await world.repos.moduleSettings.get(a, 'Products');
    await world.repos.moduleSettings.save({
      ...disabled!,
      module: 'GL_Accounts',
      direction: 'disabled',
    });

    const first = await runner.tick();
    // Stored alphabetically (Accounts, Invoices, Products); Invoices needs Products.
    expect(moduleCalls()).toEqual(['sync:Accounts', 'sync:Products', 'sync:Invoices']);
    expect(world.calls.every((c) => c.tenantId === a)).toBe(true);
    expect(first.filter((o) => o.work.kind === 'sync').map((o) => o.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(world.opened).toBe(1);
    expect(world.closed).toBe(1);

    world.calls.length = 0;
    await runner.tick(); // same slot: nothing again
    expect(moduleCalls()).toEqual([]);

    advance(30); // 12:00:40: the 30 s modules' next slot, not the 15 min one
    await runner.tick();
    expect(moduleCalls()).toEqual(['sync:Products', 'sync:Invoices']);
  });

  it('re-reads settings every tick: disabled modules stop, new schedules apply', async () => {
    const a = await world.tenant('A', { Accounts: every(30), Contacts: every(30) });
    await runner.tick();
    const contacts = await world.repos.moduleSettings.get(a, 'Contacts');
    await world.repos.moduleSettings.save({ ...contacts!, direction: 'disabled' });
    const accounts = await world.repos.moduleSettings.get(a, 'Accounts');
    await world.repos.moduleSettings.save({
      ...accounts!,
      schedule: { kind: 'times', times: ['07:00'], timeZone: 'America/Chicago' },
    });
    world.calls.length = 0;
    advance(60);
    // 07:00 Chicago is 13:00Z: Accounts' latest slot is yesterday's, before its last run.
    await runner.tick();
    expect(moduleCalls()).toEqual([]);
    world.calls.length = 0;
    advance(3600);
    await runner.tick(); // 13:01:10Z: today's 07:00 slot
    expect(moduleCalls()).toEqual(['sync:Accounts']);
    world.calls.length = 0;
    advance(60);
    await runner.tick();
    expect(moduleCalls()).toEqual([]);
  });

  it('a module with an unusable schedule is left out; the other modules run', async () => {
    const a = await world.tenant('A', { Accounts: every(30), Products: every(30) });
    const products = await world.repos.moduleSettings.get(a, 'Products');
    await world.repos.moduleSettings.save({
      ...products!,
      schedule: { kind: 'times', times: ['25:00'], timeZone: 'UTC' },
    });
    await runner.tick();
    expect(moduleCalls()).toEqual(['sync:Accounts']);
  });

  it('skips tenants whose Zoho CRM is not connected: no runs, no failures, until it is', async () => {
    const waiting = await world.tenant('Waiting', { Accounts: every(30) }, { connected: false });
    const ready = await world.tenant('Ready', { Accounts: every(30) });

    const outcomes = await runner.tick();
    expect(outcomes.filter((o) => o.work.kind !== 'maintenance').map((o) => o.work)).toEqual([
      { kind: 'sync', tenantId: ready, module: 'Accounts' },
    ]);
    expect(world.calls.map((c) => c.tenantId)).toEqual([ready]);
    expect(await world.repos.runs.listRecent(waiting, { limit: 10 })).toEqual([]);

    // Asked directly (a Zoho notification, or work queued before a disconnect): skipped, said why.
    await world.repos.zohoConnections.delete(ready);
    expect(
      await world
        .executor()
        .runTenant(ready, [{ kind: 'sync', tenantId: ready, module: 'Accounts' }]),
    ).toEqual([
      {
        work: { kind: 'sync', tenantId: ready, module: 'Accounts' },
        status: 'skipped',
        reason: 'Zoho CRM is not connected',
      },
    ]);

    await world.repos.zohoConnections.save({
      tenantId: waiting,
      dataCentre: 'us',
      accountsServer: 'https://accounts.zoho.com',
      apiDomain: 'https://www.zohoapis.com',
      refreshToken: '1000.abc',
      scope: 'ZohoCRM.modules.ALL',
    });
    world.calls.length = 0;
    advance(30);
    await runner.tick();
    expect(world.calls.map((c) => c.tenantId)).toEqual([waiting]);
  });

  it('a failing tenant is logged and retried next slot; other tenants still run', async () => {
    const broken = await world.tenant('Broken', { Accounts: every(30) });
    const fine = await world.tenant('Fine', { Accounts: every(30), Contacts: every(30) });
    world.unavailable.set(broken, 'Zoho is not connected for this tenant');
    world.throwing.add('Accounts');

    const outcomes = await runner.tick();
    const byTenant = (id: string) =>
      outcomes.filter((o) => o.work.kind !== 'maintenance' && o.work.tenantId === id);
    expect(byTenant(broken).map((o) => [o.status, o.reason])).toEqual([
      ['failed', 'Zoho is not connected for this tenant'],
    ]);
    // Fine's Accounts throws, and its Contacts still runs after it.
    expect(byTenant(fine).map((o) => [o.status, o.reason])).toEqual([
      ['failed', 'Accounts exploded'],
      ['succeeded', undefined],
    ]);

    world.unavailable.clear();
    world.throwing.clear();
    world.calls.length = 0;
    advance(30);
    await runner.tick();
    expect(
      world.calls.map((c) => `${c.tenantId === broken ? 'broken' : 'fine'}:${c.module}`).sort(),
    ).toEqual(['broken:Accounts', 'fine:Accounts', 'fine:Contacts']);
  });

  it('reconciles on its own cadence, after the sync, never at first sight', async () => {
    runner = make(24);
    await world.tenant('A', { Accounts: every(30) });
    await runner.tick();
    expect(moduleCalls()).toEqual(['sync:Accounts']);
    world.calls.length = 0;
    world.clock.now = new Date('2026-11-22T00:00:05Z'); // the next daily slot
    await runner.tick();
    expect(moduleCalls()).toEqual(['sync:Accounts', 'reconcile:Accounts']);
  });

  it('triggerNow runs a module at once, and waits its turn behind the tenant', async () => {
    const a = await world.tenant('A', { Accounts: every(30) });
    await runner.triggerNow(a, 'Accounts');
    expect(moduleCalls()).toEqual(['sync:Accounts']);
    expect(world.calls[0]?.reportedChanges).toBeUndefined();
  });

  it('triggerNow passes on how many records Zoho notified, for the read-nothing check', async () => {
    const a = await world.tenant('A', { Accounts: every(30) });
    await runner.triggerNow(a, 'Accounts', { zohoNotified: 3 });
    expect(world.calls).toEqual([
      { tenantId: a, module: 'Accounts', kind: 'sync', reportedChanges: { zoho: 3 } },
    ]);
  });

  it('stop waits for running work, then refuses more', async () => {
    const a = await world.tenant('A', { Accounts: every(30) });
    let release!: () => void;
    world.gate = new Promise((r) => (release = r));
    const tick = runner.tick();
    while (world.calls.length === 0) await new Promise((r) => setImmediate(r));
    let stopped = false;
    const stopping = runner.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(stopped).toBe(true);
    expect((await tick).map((o) => o.status)).toContain('succeeded');
    expect(world.closed).toBe(1);
    expect(await runner.tick()).toEqual([]);
    await expect(runner.triggerNow(a, 'Accounts')).rejects.toBeInstanceOf(JobsStoppedError);
  });
});
