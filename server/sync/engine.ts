import type { ModuleFilter } from './model/index.js';
import { dependencyOrder } from './catalog/index.js';
import { NotFoundError, SyncError } from './errors.js';
import { confirmMatch, rejectMatch } from './match/decisions.js';
import { proposeMatches, type MatchSummary } from './match/initial-match.js';
import { disableModule, enableModule, type EnableResult } from './modules.js';
import { nowOf, type EngineDeps } from './run/deps.js';
import { countFiltered, type SideCount } from './run/filter-count.js';
import { sweepStaleRuns } from './run/lifecycle.js';
import type { Run, RunReport } from './model/index.js';
import { loadModuleContext } from './run/load-context.js';
import { reconcileModule } from './run/reconcile.js';
import { runRecords, type RecordRef } from './run/records-run.js';
import { replayEvent, replayRange, replayRun } from './run/replay.js';
import { preflightModule, runModule, type RunOptions } from './run/run-module.js';
import type { Direction, FlowDirection, ModuleName, Side } from './vocabulary.js';
import { AVAILABLE, type ModuleAvailability } from './availability.js';

export type { EngineDeps } from './run/deps.js';
export type { RunOptions } from './run/run-module.js';
export type { RecordOutcome, RunReport } from './model/index.js';
export type { RecordRef } from './run/records-run.js';
export type { SideCount } from './run/filter-count.js';

/**
 * The sync engine's front door for jobs, HTTP and the CLI. Everything it does goes through the
 * two gateways and the repositories it was given.
 */
export class SyncEngine {
  constructor(private readonly deps: EngineDeps) {}

  /** An incremental run (or manual / backfill with `kind` and `since`) of one module. */
  run(tenantId: string, module: ModuleName, options: RunOptions = {}): Promise<RunReport> {
    return runModule(this.deps, tenantId, module, options);
  }

  /**
   * A manual run of several modules, parents first (Accounts before Contacts before orders), each
   * with the same options: a direction, and a window (`since`: the last N days, a backfill date).
   */
  async runMany(
    tenantId: string,
    modules: ModuleName[],
    options: RunOptions = {},
  ): Promise<RunReport[]> {
    const ordered = dependencyOrder(modules);
    // Refusals (a disabled module, a direction it does not sync) come before any run starts;
    // after that each module's run ends on its own: one failing keeps the others' reports.
    for (const module of ordered) {
      await preflightModule(this.deps, tenantId, module, options.direction);
    }
    const reports: RunReport[] = [];
    for (const module of ordered) {
      reports.push(await runModule(this.deps, tenantId, module, { kind: 'manual', ...options }));
    }
    return reports;
  }

  /**
   * What a run would refuse on start (disabled, a direction not synced, a module the Zoho org
   * lacks), checked before a run is queued or a record's run is recorded.
   */
  async checkRunnable(
    tenantId: string,
    module: ModuleName,
    direction?: FlowDirection | 'both',
  ): Promise<void> {
    await preflightModule(this.deps, tenantId, module, direction);
  }

  /** Whether the Zoho org has the module (its edition; the GL custom module created). */
  async availability(module: ModuleName): Promise<ModuleAvailability> {
    return (await this.deps.gateways.crm.availability?.(module)) ?? AVAILABLE;
  }

  /** The same planner with writes disabled: per-record, per-field diffs and what would fail. */
  dryRun(tenantId: string, module: ModuleName, options: RunOptions = {}): Promise<RunReport> {
    return runModule(this.deps, tenantId, module, { ...options, dryRun: true });
  }

  /** Syncs one record now, its unlinked parents first ("Sync to Sage"). */
  syncRecord(
    tenantId: string,
    module: ModuleName,
    ref: Omit<RecordRef, 'replay'>,
    options: { dryRun?: boolean; runId?: string } = {},
  ): Promise<RunReport> {
    return runRecords(this.deps, tenantId, module, [ref], { kind: 'record', ...options });
  }

  reconcile(
    tenantId: string,
    module: ModuleName,
    options: { dryRun?: boolean; confirmDeletes?: boolean } = {},
  ): Promise<RunReport> {
    return reconcileModule(this.deps, tenantId, module, options);
  }

  replayEvent(tenantId: string, eventId: number): Promise<RunReport> {
    return replayEvent(this.deps, tenantId, eventId);
  }

  /** Replays a run's failed, skipped and conflicting records; `runId`: the queued replay run. */
  replayRun(
    tenantId: string,
    runId: string,
    options: { runId?: string } = {},
  ): Promise<RunReport[]> {
    return replayRun(this.deps, tenantId, runId, options);
  }

  replayRange(
    tenantId: string,
    range: { from: string; to: string; module?: ModuleName },
  ): Promise<RunReport[]> {
    return replayRange(this.deps, tenantId, range);
  }

  /**
   * Settles a review-list conflict: `winner`'s values of the contested fields are written, or,
   * given a side per field (every contested field named), each field's chosen side.
   */
  async resolveConflict(
    tenantId: string,
    conflictId: number,
    winner: Side | Readonly<Record<string, Side>>,
  ): Promise<RunReport> {
    const conflict = await this.deps.repos.conflicts.get(tenantId, conflictId);
    if (!conflict) throw new NotFoundError(`conflict ${conflictId}`);
    if (conflict.status !== 'open') {
      throw new SyncError(`conflict ${conflictId} is already resolved`, 'already_resolved');
    }
    let from: Side;
    let resolution: string;
    if (typeof winner === 'string') {
      from = winner;
      resolution = `${winner} wins`;
    } else {
      const names = conflict.fields.map((f) => f.field);
      const missing = names.filter((n) => !winner[n]);
      const unknown = Object.keys(winner).filter((n) => !names.includes(n));
      if (missing.length > 0 || unknown.length > 0) {
        throw new SyncError(
          `conflict ${conflictId}: choose a side for ${missing.length > 0 ? missing.join(', ') : 'its fields only'}${unknown.length > 0 ? ` (not contested: ${unknown.join(', ')})` : ''}`,
          'invalid_choice',
        );
      }
      // Read from the side most fields keep; the other side's record is read through the link.
      const zohoVotes = names.filter((n) => winner[n] === 'zoho').length;
      from = zohoVotes * 2 >= names.length ? 'zoho' : 'sage';
      resolution = names.map((n) => `${n}: ${winner[n]}`).join('; ');
    }
    const id = from === 'sage' ? conflict.sageKey : conflict.zohoId;
    if (!id)
      throw new SyncError(`conflict ${conflictId} names no ${from} record`, 'not_replayable');
    const report = await runRecords(this.deps, tenantId, conflict.module, [{ side: from, id }], {
      kind: 'record',
      forceWinner: winner,
    });
    if (report.status === 'succeeded') {
      await this.deps.repos.conflicts.resolve(tenantId, conflictId, resolution);
    }
    return report;
  }

  /**
   * Marks failed, with the reason, the tenant's runs that stopped beating (their process died).
   * Every run start does this for its tenant; the maintenance job does it for idle tenants.
   */
  sweepStaleRuns(tenantId: string): Promise<Run[]> {
    return sweepStaleRuns(this.deps, tenantId);
  }

  /** Retention: deletes events older than `days`; returns how many. */
  pruneEvents(tenantId: string, days: number): Promise<number> {
    const now = nowOf(this.deps);
    const before = new Date(now.getTime() - days * 86_400_000).toISOString();
    return this.deps.repos.events.pruneBefore(tenantId, before);
  }

  /** How many records of each side the filters would let through (the settings screen's count). */
  countFiltered(
    module: ModuleName,
    filters: ModuleFilter[],
    match: 'all' | 'any',
    options: { limit?: number } = {},
  ): Promise<SideCount[]> {
    return countFiltered(this.deps, module, filters, match, options);
  }

  async proposeMatches(tenantId: string, module: ModuleName): Promise<MatchSummary> {
    const ctx = await loadModuleContext(this.deps, tenantId, module, { allowDisabled: true });
    return proposeMatches(this.deps, ctx, tenantId);
  }

  confirmMatch(tenantId: string, proposalId: number): Promise<void> {
    return confirmMatch(this.deps, tenantId, proposalId);
  }

  rejectMatch(tenantId: string, proposalId: number): Promise<void> {
    return rejectMatch(this.deps, tenantId, proposalId);
  }

  enableModule(
    tenantId: string,
    module: ModuleName,
    direction: Exclude<Direction, 'disabled'>,
  ): Promise<EnableResult> {
    return enableModule(this.deps.repos.moduleSettings, tenantId, module, direction);
  }

  disableModule(tenantId: string, module: ModuleName): Promise<void> {
    return disableModule(this.deps.repos.moduleSettings, tenantId, module);
  }
}
