import type { Repositories } from '../db/repositories/index.js';
import type { Run } from '../db/repositories/runs.js';
import type { Logger } from '../logging.js';
import type { RunReport, SyncEngine } from '../sync/engine.js';
import { isFinalStatus } from '../sync/vocabulary.js';
import type { WorkOutcome } from './executor.js';
import type { QueuedRunsWork } from './work.js';

export type QueuedRunEngine = Pick<SyncEngine, 'run' | 'dryRun' | 'replayRun'>;

const reasonOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

/**
 * Carries out runs the API queued, in the order given (parents first). A run cancelled while it
 * waited is passed over; a run already running was taken over from a dead worker and continues
 * from its last page; a run that cannot start (its module was disabled meanwhile, Zoho refused)
 * ends `failed` with the reason instead of staying queued.
 */
export async function carryOutQueuedRuns(
  deps: { repos: Repositories; logger: Logger },
  work: QueuedRunsWork,
  open: () => Promise<{ engine: QueuedRunEngine; close(): void }>,
): Promise<WorkOutcome[]> {
  const { repos, logger } = deps;
  const { tenantId } = work;
  const outcomes: WorkOutcome[] = [];
  let opened: { engine: QueuedRunEngine; close(): void } | undefined;
  try {
    for (const runId of work.runIds) {
      const run = await repos.runs.get(tenantId, runId);
      if (!run || isFinalStatus(run.status)) {
        outcomes.push({ work, status: 'skipped', runId, reason: 'run already finished' });
        continue;
      }
      try {
        opened ??= await open();
        const report = await carryOut(opened.engine, run);
        outcomes.push({ work, status: report.status, runId, reason: report.reason });
      } catch (err) {
        const reason = reasonOf(err);
        logger.warn({ tenantId, runId, module: run.module, reason }, 'queued run failed');
        const now = await repos.runs.get(tenantId, runId);
        if (now && !isFinalStatus(now.status)) {
          await repos.runs.finish(tenantId, runId, {
            status: 'failed',
            counts: now.counts,
            reason,
            flags: now.flags,
          });
        }
        outcomes.push({ work, status: 'failed', runId, reason });
      }
    }
  } finally {
    opened?.close();
  }
  return outcomes;
}

async function carryOut(engine: QueuedRunEngine, run: Run): Promise<RunReport> {
  const { tenantId, module, options } = run;
  const direction = options.direction;
  const common = { runId: run.id, direction, since: options.since };
  if (run.kind === 'replay') {
    const reports = await engine.replayRun(tenantId, options.replayOf ?? '', { runId: run.id });
    const own = reports.find((r) => r.runId === run.id);
    if (own) return own;
    throw new NothingToReplayError(options.replayOf ?? '');
  }
  if (run.kind === 'record') throw new Error('a "Sync to Sage" run is not queued work');
  if (run.dryRun) return engine.dryRun(tenantId, module, common);
  const kind = run.kind === 'backfill' || run.kind === 'incremental' ? run.kind : 'manual';
  return engine.run(tenantId, module, { ...common, kind, continueFrom: options.continueFrom });
}

class NothingToReplayError extends Error {
  constructor(of: string) {
    super(`run ${of} has no failed, skipped or conflicting records to replay`);
  }
}
