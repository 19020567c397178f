import type { Run } from '../../db/repositories/runs.js';
import type { RunReport } from '../../sync/engine.js';
import type { ModuleName } from '../../sync/vocabulary.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export type RecordSyncAnswer = { report: RunReport } | { run: Run };

/**
 * "Sync to Sage" for one Zoho record, under the tenant's lock, answered within the deadline: the
 * report when the sync finished by then, or the run (still running) for the widget to follow.
 * A tenant whose sync does not free the lock within the wait is refused (TenantBusyError, 409).
 * A sync that outlives its answer carries on; how it ends is on its run.
 */
export async function syncRecordWithDeadline(
  deps: Pick<ApiDeps, 'repos' | 'lock' | 'openEngine' | 'runs' | 'logger' | 'onRunFinished'>,
  tenantId: string,
  module: ModuleName,
  zohoId: string,
): Promise<RecordSyncAnswer> {
  const { repos } = deps;
  const deadline = deps.runs.recordDeadlineMs;
  let known!: (run: Run) => void;
  const queued = new Promise<Run>((resolve) => (known = resolve));
  const work = deps.lock.run(
    tenantId,
    async () => {
      const run = await repos.runs.enqueue({
        tenantId,
        module,
        direction: 'zoho_to_sage',
        kind: 'record',
        dryRun: false,
      });
      known(run);
      return withEngine(deps.openEngine, tenantId, (e) =>
        e.syncRecord(tenantId, module, { side: 'zoho', id: zohoId }, { runId: run.id }),
      );
    },
    { waitMs: Math.min(deps.runs.lockWaitMs, deadline) },
  );
  void work.then(
    (report) => deps.onRunFinished?.(tenantId, report.runId),
    async (err: unknown) => {
      // The run of a sync that failed after its answer was sent must not stay "running".
      const run = await Promise.race([queued, sleep(0).then(() => undefined)]);
      const now = run && (await repos.runs.get(tenantId, run.id));
      if (now && (now.status === 'queued' || now.status === 'running')) {
        const reason = err instanceof Error ? err.message : String(err);
        await repos.runs.finish(tenantId, now.id, { status: 'failed', counts: now.counts, reason });
        deps.onRunFinished?.(tenantId, now.id);
      }
    },
  );
  const finished = work.then((report) => ({ report }));
  const inTime = await Promise.race([finished, sleep(deadline).then(() => undefined)]);
  if (inTime) return inTime;
  // Past the deadline: the run once it exists (or the answer, if it came meanwhile), as stored
  // now (running, with its progress), not the row as it was queued.
  return Promise.race([
    finished,
    queued.then(async (run) => ({ run: (await repos.runs.get(tenantId, run.id)) ?? run })),
  ]);
}
