import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import { dependencyOrder } from '../sync/catalog/index.js';
import { DailyCreditsExhaustedError, ModuleUnavailableError } from '../sync/errors.js';
import type { SyncEngine } from '../sync/engine.js';
import { runMaintenance, type MaintenanceDeps } from './maintenance.js';
import { carryOutQueuedRuns } from './queued-runs.js';
import type { JobWork, MaintenanceTask, ModuleWork } from './work.js';

/** A tenant's engine, opened for one batch of work and closed after it. */
export interface OpenedEngine {
  engine: Pick<SyncEngine, 'run' | 'reconcile' | 'dryRun' | 'replayRun'>;
  close(): void;
}

/** Told of every run the jobs finished (notifications, metrics); never holds a run up. */
export type RunFinishedListener = (tenantId: string, runId: string) => void;
export type EngineOpener = (tenantId: string) => Promise<OpenedEngine>;

export interface ExecutorDeps {
  repos: Repositories;
  openEngine: EngineOpener;
  maintenance: Omit<MaintenanceDeps, 'repos' | 'logger'>;
  logger: Logger;
  now: () => Date;
  onRunFinished?: RunFinishedListener;
}

export interface WorkOutcome {
  work: JobWork;
  status: 'succeeded' | 'partial' | 'failed' | 'cancelled' | 'skipped';
  runId?: string;
  reason?: string;
}

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Runs scheduled work. Nothing thrown by one tenant's work leaves here: failures become outcomes
 * and log lines with the tenant and module, and the next slot tries again.
 */
export class JobExecutor {
  constructor(private readonly deps: ExecutorDeps) {}

  async run(work: JobWork): Promise<WorkOutcome[]> {
    if (work.kind === 'maintenance') return [await this.maintenance(work.task, work)];
    if (work.kind === 'runs') {
      const outcomes = await carryOutQueuedRuns(this.deps, work, () =>
        this.deps.openEngine(work.tenantId),
      );
      for (const o of outcomes)
        if (o.runId && o.status !== 'skipped') this.finished(work.tenantId, o.runId);
      return outcomes;
    }
    return this.runTenant(work.tenantId, [work]);
  }

  async maintenance(task: MaintenanceTask, work: JobWork = { kind: 'maintenance', task }) {
    const { repos, logger } = this.deps;
    try {
      const { failed } = await runMaintenance(
        { ...this.deps.maintenance, repos, logger },
        task,
        this.deps.now(),
      );
      return { work, status: failed > 0 ? 'partial' : 'succeeded' } satisfies WorkOutcome;
    } catch (err) {
      logger.error({ task, err }, 'maintenance task failed');
      return { work, status: 'failed', reason: reasonOf(err) } satisfies WorkOutcome;
    }
  }

  /**
   * One tenant's due module work, parents before children (Accounts before Contacts before
   * orders) and each module's sync before its reconciliation, through one engine. Settings are
   * re-read first: work queued before a module was disabled or the tenant suspended is skipped.
   */
  async runTenant(tenantId: string, works: ModuleWork[]): Promise<WorkOutcome[]> {
    const { repos, logger } = this.deps;
    const outcomes: WorkOutcome[] = [];
    const runnable: ModuleWork[] = [];
    const tenant = await repos.tenants.get(tenantId);
    // Work queued before the tenant's Zoho grant was removed (pg-boss keeps it): skip, as the plan.
    const connected = (await repos.zohoConnections.get(tenantId)) !== undefined;
    for (const work of works) {
      const settings = await repos.moduleSettings.get(tenantId, work.module);
      if (tenant?.status !== 'active') {
        outcomes.push({ work, status: 'skipped', reason: 'tenant is not active' });
      } else if (!connected) {
        outcomes.push({ work, status: 'skipped', reason: 'Zoho CRM is not connected' });
      } else if (!settings || settings.direction === 'disabled') {
        outcomes.push({ work, status: 'skipped', reason: 'module is disabled' });
      } else {
        runnable.push(work);
      }
    }
    if (runnable.length === 0) return outcomes;
    const order = dependencyOrder([...new Set(runnable.map((w) => w.module))]);
    runnable.sort(
      (a, b) =>
        order.indexOf(a.module) - order.indexOf(b.module) ||
        (a.kind === b.kind ? 0 : a.kind === 'sync' ? -1 : 1),
    );
    let opened: OpenedEngine;
    try {
      opened = await this.deps.openEngine(tenantId);
    } catch (err) {
      const modules = runnable.map((w) => `${w.kind}:${w.module}`);
      logger.error({ tenantId, modules, err }, 'scheduled work not run: tenant engine unavailable');
      return [...outcomes, ...runnable.map((work) => failed(work, err))];
    }
    try {
      for (const work of runnable) outcomes.push(await this.runOne(opened, work));
    } finally {
      opened.close();
    }
    return outcomes;
  }

  private finished(tenantId: string, runId: string): void {
    try {
      this.deps.onRunFinished?.(tenantId, runId);
    } catch (err) {
      this.deps.logger.error({ tenantId, runId, err }, 'run-finished listener failed');
    }
  }

  private async runOne(opened: OpenedEngine, work: ModuleWork): Promise<WorkOutcome> {
    const { tenantId, module, kind } = work;
    try {
      const report =
        kind === 'sync'
          ? await opened.engine.run(tenantId, module, {
              kind: 'incremental',
              reportedChanges: work.zohoNotified ? { zoho: work.zohoNotified } : undefined,
            })
          : await opened.engine.reconcile(tenantId, module);
      const log = report.status === 'failed' ? 'warn' : 'info';
      this.deps.logger[log](
        {
          tenantId,
          module,
          kind,
          runId: report.runId,
          status: report.status,
          reason: report.reason,
        },
        `scheduled ${kind} finished`,
      );
      this.finished(tenantId, report.runId);
      return { work, status: report.status, runId: report.runId, reason: report.reason };
    } catch (err) {
      if (err instanceof ModuleUnavailableError) {
        // The org lacks the module (edition, GL module not installed): not a failed run, and no
        // run is recorded; the settings tab shows why, and the next slot checks again.
        this.deps.logger.info(
          { tenantId, module, kind, code: err.code, reason: err.message },
          `scheduled ${kind} not attempted: module unavailable`,
        );
        return { work, status: 'skipped', reason: err.message };
      }
      if (err instanceof DailyCreditsExhaustedError) {
        // Deferred, not failed: the next slot after older calls leave the window runs it.
        this.deps.logger.info(
          { tenantId, module, kind, code: err.code, used: err.used, budget: err.budget },
          `scheduled ${kind} deferred: daily Zoho credits used`,
        );
        return { work, status: 'skipped', reason: err.message };
      }
      this.deps.logger.error({ tenantId, module, kind, err }, `scheduled ${kind} failed`);
      return failed(work, err);
    }
  }
}

const failed = (work: JobWork, err: unknown): WorkOutcome => ({
  work,
  status: 'failed',
  reason: reasonOf(err),
});
