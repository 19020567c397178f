import crypto from 'node:crypto';
import PgBoss from 'pg-boss';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { describeWith, postgres } from '../../test/requirements.js';
import { createDb } from '../db/knex.js';
import type { WorkOutcome } from './executor.js';
import { JOB_QUEUE, PgBossJobRunner } from './pg-boss-runner.js';
import { latestSlot } from './schedule.js';
import { slotJobId } from './slot-id.js';
import { every, jobsWorld, silent, type JobsWorld } from './testing.js';

const url = process.env.TEST_DATABASE_URL;
/**
 * pg-boss keeps its retry delays and expiry by Postgres's clock (1 s here), so a test waits for the
 * state it needs and re-checks it every 100 ms, instead of sleeping a guessed time.
 */
const until = (probe: () => Promise<void>) => vi.waitFor(probe, { timeout: 15_000, interval: 100 });

describeWith([postgres], 'pg-boss job runner (Postgres)', () => {
  let world: JobsWorld;
  let schema: string;
  const runners: PgBossJobRunner[] = [];

  const make = (o: { takeoverSeconds?: number; expireSeconds?: number } = {}) => {
    const runner = new PgBossJobRunner({
      lockDb: world.testDb.db,
      repos: world.repos,
      executor: world.executor(),
      logger: silent,
      now: () => world.clock.now,
      connectionString: url!,
      schema,
      tickSeconds: 300,
      reconcileHours: 0,
      concurrency: 2,
      expireSeconds: o.expireSeconds ?? 1,
      busyRetrySeconds: 1,
      // Long unless a test is about it: a job other tests hold without a lock stays theirs.
      takeoverSeconds: o.takeoverSeconds ?? 600,
    });
    runners.push(runner);
    return runner;
  };

  /** Ticks both runners at once until `done` holds; jobs a busy tenant left wait out their retry delay. */
  const tickUntil = async (
    pair: PgBossJobRunner[],
    done: (outcomes: WorkOutcome[]) => boolean,
  ): Promise<WorkOutcome[]> => {
    const outcomes: WorkOutcome[] = [];
    await until(async () => {
      outcomes.push(...(await Promise.all(pair.map((r) => r.tick()))).flat());
      expect(done(outcomes)).toBe(true);
    });
    return outcomes;
  };

  /** A pg-boss client of its own on the test schema, that neither supervises nor schedules. */
  const probe = async (): Promise<PgBoss> => {
    const boss = new PgBoss({ connectionString: url!, schema, supervise: false, schedule: false });
    await boss.start();
    probes.push(boss);
    return boss;
  };
  const probes: PgBoss[] = [];

  beforeEach(async () => {
    world = await jobsWorld('postgres');
    schema = `jobs_${crypto.randomBytes(5).toString('hex')}`;
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop()));
    await Promise.all(probes.splice(0).map((b) => b.stop({ graceful: false, close: true })));
    const admin = createDb({ client: 'postgres', connectionString: url! }, { poolMax: 1 });
    await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
    await admin.destroy();
    await world.destroy();
  });

  it('several processes starting at once all set up the queue', async () => {
    // Creating pg-boss's queue concurrently deadlocked one of them before setup was serialised.
    const many = Array.from({ length: 6 }, () => make());
    const ticks = await Promise.allSettled(many.map((r) => r.tick()));
    expect(ticks.filter((t) => t.status === 'rejected')).toEqual([]);
  });

  it('two runners share the work: each (tenant, module) once per slot, parents first', async () => {
    const a = await world.tenant('A', { Contacts: every(30), Accounts: every(30) });
    await world.tenant('B', { Accounts: every(30) });
    const pair = [make(), make()];
    const key = (c: { tenantId: string; module: string }) =>
      `${c.tenantId === a ? 'A' : 'B'}:${c.module}`;

    // Jobs left by one tick (a tenant busy elsewhere) are taken by a later one.
    const first = await tickUntil(
      pair,
      (outcomes) =>
        world.calls.length >= 3 &&
        outcomes.filter((o) => o.work.kind === 'maintenance').length >= 6,
    );
    expect(world.calls.map(key).sort()).toEqual(['A:Accounts', 'A:Contacts', 'B:Accounts']);
    const aOrder = world.calls.filter((c) => c.tenantId === a).map((c) => c.module);
    expect(aOrder).toEqual(['Accounts', 'Contacts']);
    const maintenance = first.filter((o) => o.work.kind === 'maintenance');
    expect(
      maintenance.map((o) => (o.work.kind === 'maintenance' ? o.work.task : '')).sort(),
    ).toEqual([
      'notify_digest',
      'prune_events',
      'prune_zoho_credits',
      'purge_oauth_states',
      'renew_zoho_channels',
      'retry_notifications',
    ]);

    // The same slot again, from both: nothing new (their job ids collide).
    await Promise.all(pair.map((r) => r.tick()));
    expect(world.calls).toHaveLength(3);

    world.clock.now = new Date(world.clock.now.getTime() + 30_000);
    await tickUntil(pair, () => world.calls.length >= 6);
    expect(world.calls.slice(3).map(key).sort()).toEqual([
      'A:Accounts',
      'A:Contacts',
      'B:Accounts',
    ]);
    // Nothing is left queued or waiting for a retry, so no later tick can run a slot twice.
    expect(await (await probe()).getQueueSize(JOB_QUEUE)).toBe(0);
    await Promise.all(pair.map((r) => r.tick()));
    expect(world.calls).toHaveLength(6);
  });

  it('a tick sends every slot due in one insert, not one send per job', async () => {
    await world.tenant('A', { Accounts: every(30), Contacts: every(30) });
    await world.tenant('B', { Accounts: every(30) });
    // pg-boss puts send and insert on each instance: watch them as the runner's client starts.
    const start = PgBoss.prototype.start;
    const calls = { send: 0, insert: [] as PgBoss.JobInsert[][] };
    const started = vi.spyOn(PgBoss.prototype, 'start').mockImplementation(function (this: PgBoss) {
      const insert = this.insert as (jobs: PgBoss.JobInsert[]) => Promise<void>;
      const send = this.send as (...args: unknown[]) => Promise<string | null>;
      this.send = ((...args: unknown[]) => {
        calls.send++;
        return send.apply(this, args);
      }) as PgBoss['send'];
      this.insert = ((jobs: PgBoss.JobInsert[]) => {
        calls.insert.push(jobs);
        return insert.call(this, jobs);
      }) as PgBoss['insert'];
      return start.call(this);
    });
    const runner = make();
    try {
      await runner.tick();
    } finally {
      started.mockRestore();
    }
    // 3 module slots and the 6 daily maintenance tasks, in one statement.
    expect(calls.insert).toHaveLength(1);
    const jobs = calls.insert[0]!;
    expect(jobs).toHaveLength(9);
    expect(new Set(jobs.map((j) => j.name))).toEqual(new Set([JOB_QUEUE]));
    expect(new Set(jobs.map((j) => j.id)).size).toBe(9);
    expect(calls.send).toBe(0);
    // Tenant A's two slots share A's tenant lock: under load the second can find it held and is put
    // back for a later tick, so tick until all three slots have run.
    await tickUntil([runner], () => world.calls.length >= 3);
    expect(world.calls).toHaveLength(3);
  });

  it('triggerNow queues a manual sync that runs besides the scheduled slot', async () => {
    const a = await world.tenant('A', { Accounts: every(30) });
    const runner = make();
    await runner.tick();
    expect(world.calls).toHaveLength(1);
    await runner.triggerNow(a, 'Accounts');
    await runner.tick(); // the slot is not sent again; the manual job is taken by one of the two
    await runner.stop(); // waits for the drain triggerNow started
    expect(world.calls.map((c) => `${c.kind}:${c.module}`)).toEqual([
      'sync:Accounts',
      'sync:Accounts',
    ]);
    await expect(runner.triggerNow(a, 'Accounts')).rejects.toThrow('stopped');
  });

  it("a child's sync waits while its parent's is running in another worker", async () => {
    const a = await world.tenant('A', { Accounts: every(30), Contacts: every(30) });
    const runner = make();
    await runner.start();
    const other = new PgBoss({ connectionString: url!, schema, supervise: false, schedule: false });
    await other.start();
    const id = slotJobId(`sync:${a}:Accounts`, latestSlot(every(30), world.clock.now));
    await other.send(JOB_QUEUE, { kind: 'sync', tenantId: a, module: 'Accounts' }, { id });
    expect((await other.fetch(JOB_QUEUE))[0]?.id).toBe(id); // Accounts is running over there
    try {
      const outcomes = await runner.tick();
      expect(world.calls).toEqual([]); // Contacts was taken, found its parent running, and waits
      expect(outcomes.filter((o) => o.work.kind !== 'maintenance')).toEqual([]);
    } finally {
      await other.stop({ graceful: false, close: true });
    }
  });

  it('hands on a job whose worker holds no lock, long before expiry; a slow live one stays', async () => {
    const slow = await world.tenant('Slow', { Accounts: every(30) });
    const orphaned = await world.tenant('Orphaned', { Accounts: every(30) });
    const opts = { takeoverSeconds: 1, expireSeconds: 3600 };
    const [live, other] = [make(opts), make(opts)];
    await Promise.all([live.start(), other.start()]);
    const supervisor = await probe();
    // A process took Orphaned's slot and died before it locked anything (its lock would have
    // died with it anyway).
    const id = slotJobId(`sync:${orphaned}:Accounts`, latestSlot(every(30), world.clock.now));
    await supervisor.send(
      JOB_QUEUE,
      { kind: 'sync', tenantId: orphaned, module: 'Accounts' },
      { id },
    );
    expect((await supervisor.fetch(JOB_QUEUE))[0]?.id).toBe(id);
    // `live` works on Slow's sync and holds it, for longer than the takeover time.
    let release!: () => void;
    world.gate = new Promise((r) => (release = r));
    const working = live.tick();
    await until(async () => expect(world.calls.map((c) => c.tenantId)).toEqual([slow]));
    const slowJob = slotJobId(`sync:${slow}:Accounts`, latestSlot(every(30), world.clock.now));
    const activeFor = async (job: string) =>
      (
        (await world.testDb.db.raw(
          `SELECT extract(epoch FROM now() - started_on)::float AS s FROM ??.job WHERE id = ?`,
          [schema, job],
        )) as { rows: Array<{ s: number }> }
      ).rows[0]!.s;
    await until(async () => expect(await activeFor(slowJob)).toBeGreaterThan(1.5));

    // The other process's tick: Orphaned's job has no lock and is handed on; Slow's is held.
    await other.tick();
    expect((await supervisor.getJobById(JOB_QUEUE, slowJob))?.state).toBe('active');
    expect((await supervisor.getJobById(JOB_QUEUE, id))?.output).toEqual({
      takenOver: 'its worker holds no lock any more',
    });
    release();
    await working;
    // After its retry delay (1 s) a worker takes it and runs it, once; Slow's ran once too.
    await until(async () => {
      await other.tick();
      expect(world.calls.map((c) => c.tenantId)).toEqual([slow, orphaned]);
    });
    expect((await supervisor.getJobById(JOB_QUEUE, slowJob))?.state).toBe('completed');
    expect((await supervisor.getJobById(JOB_QUEUE, id))?.state).toBe('completed');
  });

  it('a job whose worker died is taken over after it expires, and run once', async () => {
    const a = await world.tenant('A', { Accounts: every(30) });
    const survivor = make();
    await survivor.start();
    const slot = latestSlot(every(30), world.clock.now);
    // Another process sent this slot's job, took it, and died before finishing it.
    const dead = new PgBoss({ connectionString: url!, schema, supervise: false, schedule: false });
    await dead.start();
    const id = slotJobId(`sync:${a}:Accounts`, slot);
    await dead.send(JOB_QUEUE, { kind: 'sync', tenantId: a, module: 'Accounts' }, { id });
    const [taken] = await dead.fetch(JOB_QUEUE);
    expect(taken?.id).toBe(id);
    await dead.stop({ graceful: false, close: true });

    await survivor.tick(); // the slot is someone's: not sent again, not run
    expect(world.calls).toHaveLength(0);

    // pg-boss's maintenance (run here by hand, as a supervising process would) expires the job
    // once its 1 s is over and queues it for a retry.
    const supervisor = await probe();
    await until(async () => {
      await supervisor.expire();
      expect((await supervisor.getJobById(JOB_QUEUE, id))?.state).toBe('retry');
    });

    // Once its retry delay is over, the survivor takes the job and runs it, once.
    const outcomes: WorkOutcome[] = [];
    await until(async () => {
      outcomes.push(...(await survivor.tick()));
      expect(world.calls.map((c) => c.module)).toEqual(['Accounts']);
    });
    expect(outcomes.filter((o) => o.work.kind === 'sync').map((o) => o.status)).toEqual([
      'succeeded',
    ]);
    await survivor.tick();
    expect(world.calls).toHaveLength(1);
  });
});
