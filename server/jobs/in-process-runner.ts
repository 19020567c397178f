import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { JobExecutor, WorkOutcome } from './executor.js';
import { planDue } from './plan.js';
import { JobsStoppedError, pool, Ticker, type JobRunner, type TriggerOptions } from './runner.js';
import { LocalTenantLock } from './tenant-lock.js';
import { isModuleWork, type DueWork, type ModuleWork } from './work.js';

export interface InProcessRunnerOptions {
  repos: Repositories;
  executor: JobExecutor;
  logger: Logger;
  now: () => Date;
  tickSeconds: number;
  reconcileHours: number;
  /** Tenants worked on at once. */
  concurrency: number;
  /** Shared with the API, so "Sync to Sage" and decisions wait for a tenant's running sync. */
  lock?: LocalTenantLock;
}

/**
 * The scheduler for SQLite, where one backend process owns the database. Slots already run are
 * remembered in memory; each tenant's work is chained so a tenant never has two runs at once.
 * After a restart, module syncs and maintenance run for their current slot (a sync is
 * incremental, so this only catches up); reconciliations wait for their next slot.
 */
export class InProcessJobRunner implements JobRunner {
  readonly kind = 'in-process';
  private readonly done = new Map<string, number>();
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly lock: LocalTenantLock;
  private readonly ticker: Ticker;
  private stopped = false;

  constructor(private readonly o: InProcessRunnerOptions) {
    this.lock = o.lock ?? new LocalTenantLock();
    this.ticker = new Ticker(o.tickSeconds * 1000, () => this.tick());
  }

  /**
   * Starts ticking, and picks up runs a previous process left queued or running (it stopped or
   * died): a running one continues from its last page.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.ticker.start();
    const left = await this.o.repos.runs.listUnfinished();
    const byTenant = new Map<string, string[]>();
    for (const run of left)
      byTenant.set(run.tenantId, [...(byTenant.get(run.tenantId) ?? []), run.id]);
    for (const [tenantId, runIds] of byTenant) await this.submit(tenantId, runIds);
    this.o.logger.info(
      { runner: this.kind, tickSeconds: this.o.tickSeconds, resumed: left.length },
      'jobs started',
    );
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.ticker.stop();
    await Promise.allSettled([...this.inflight]);
    this.o.logger.info({ runner: this.kind }, 'jobs stopped');
  }

  async tick(): Promise<WorkOutcome[]> {
    if (this.stopped) return [];
    const now = this.o.now();
    const planned = await planDue(this.o.repos, now, this.o, this.o.logger);
    const byTenant = new Map<string, ModuleWork[]>();
    const maintenance: DueWork[] = [];
    for (const due of planned) {
      if (!this.isDue(due, now)) continue;
      const { work } = due;
      if (isModuleWork(work)) {
        // A tenant still busy from an earlier slot: leave its slots unmarked for the next tick.
        if (this.lock.busy(work.tenantId)) continue;
        byTenant.set(work.tenantId, [...(byTenant.get(work.tenantId) ?? []), work]);
      } else {
        maintenance.push(due);
      }
      this.done.set(due.key, due.slot.getTime());
    }
    const tasks = [...byTenant].map(
      ([tenantId, works]) =>
        () =>
          this.onTenant(tenantId, () => this.o.executor.runTenant(tenantId, works)),
    );
    const outcomes = await pool(this.o.concurrency, tasks);
    for (const due of maintenance) outcomes.push(await this.o.executor.run(due.work));
    return outcomes.flat();
  }

  async triggerNow(
    tenantId: string,
    module: ModuleName,
    options: TriggerOptions = {},
  ): Promise<void> {
    if (this.stopped) throw new JobsStoppedError();
    await this.onTenant(tenantId, () =>
      this.o.executor.runTenant(tenantId, [{ kind: 'sync', tenantId, module, ...options }]),
    );
  }

  submit(tenantId: string, runIds: string[]): Promise<void> {
    if (this.stopped) return Promise.reject(new JobsStoppedError());
    void this.onTenant(tenantId, () =>
      this.o.executor.run({ kind: 'runs', tenantId, runIds }),
    ).catch((err: unknown) => this.o.logger.error({ tenantId, runIds, err }, 'queued runs failed'));
    return Promise.resolve();
  }

  /** Unrun and still inside its window; a reconciliation seen first is only remembered. */
  private isDue(due: DueWork, now: Date): boolean {
    const last = this.done.get(due.key);
    if (last === undefined && due.work.kind === 'reconcile') {
      this.done.set(due.key, due.slot.getTime());
      return false;
    }
    if (last !== undefined && last >= due.slot.getTime()) return false;
    return now.getTime() - due.slot.getTime() <= due.windowSeconds * 1000;
  }

  /** Runs `fn` after the tenant's current work, so one tenant's runs never overlap. */
  private onTenant<T>(tenantId: string, fn: () => Promise<T>): Promise<T> {
    const run = this.lock.run(tenantId, fn);
    this.inflight.add(run);
    void run.catch(() => undefined).finally(() => this.inflight.delete(run));
    return run;
  }
}
