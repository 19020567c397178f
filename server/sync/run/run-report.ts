import type { NewRecordEvent } from '../../db/repositories/record-events.js';
import type { Run } from '../../db/repositories/runs.js';
import type { EngineDeps } from './deps.js';
import type { RunProgress } from './progress.js';
import type { RecordOutcome, RunReport } from './run-module.js';

/** A record decision as a run's report shows it. */
export const outcomeOf = (e: NewRecordEvent): RecordOutcome => ({
  sageKey: e.sageKey,
  zohoId: e.zohoId,
  direction: e.direction,
  action: e.action,
  reason: e.reason,
  changes: e.changes,
});

/**
 * Ends a run: stores its status, counts, reason and flags, logs the outcome, and returns the
 * report every kind of run (module, per-record, reconcile) gives its caller.
 */
export async function finishRun(
  deps: EngineDeps,
  run: Run,
  result: Pick<RunReport, 'status' | 'counts' | 'reason' | 'flags' | 'records'> & {
    progress?: RunProgress;
  },
): Promise<RunReport> {
  const { status, counts, reason, flags, progress } = result;
  const final = progress ? { ...progress, phase: 'finished' as const } : undefined;
  await deps.repos.runs.finish(run.tenantId, run.id, {
    status,
    counts,
    reason,
    flags,
    progress: final,
  });
  deps.logger.info(
    {
      tenantId: run.tenantId,
      module: run.module,
      runId: run.id,
      kind: run.kind,
      dryRun: run.dryRun,
      status,
      counts,
      reason,
      flags,
    },
    'sync run finished',
  );
  return {
    runId: run.id,
    module: run.module,
    kind: run.kind,
    direction: run.direction,
    dryRun: run.dryRun,
    status,
    counts,
    reason,
    flags,
    records: result.records,
  };
}
