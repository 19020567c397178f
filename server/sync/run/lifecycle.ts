import { SyncError } from '../errors.js';
import type { FinalRunStatus, NewRun, RecordOutcome, Run, RunReport } from '../model/index.js';
import { isFinalStatus } from '../vocabulary.js';
import { isInterrupted, isoNow, nowOf, type EngineDeps } from './deps.js';
import { emptyProgress, type RunProgress } from './progress.js';
import { publicReason } from './public-reason.js';
import { Tally } from './tally.js';

/**
 * One run lifecycle for every kind of run (module, record, reconcile, replay):
 *
 *   start (running, heartbeat) → sweep stale → work → finish (succeeded | partial | failed |
 *   cancelled)
 *
 * - A queued run (the job runner's, `NewRun.id`) is started the same way; one that ended while
 *   it waited (cancelled) is reported as it is, without work.
 * - The run row exists before any work, so a failure anywhere (loading mappings, Zoho's field
 *   list, the token limit, a bad filter) is a failed run with its reason, never a silent one.
 * - While it works, the run beats: on a timer and at every `beat()` (each page), storing its
 *   counts so far. A run whose process died stops beating; the next run of the tenant, or the
 *   maintenance job, sweeps it to `failed` with the reason.
 * - Ending is a state transition checked by the store (compare-and-set on `running`): a run ends
 *   once, and a run swept as stale is not resurrected (`RunStateError`).
 * - An interruption from the step hook (a simulated crash) is rethrown untouched: the run stays
 *   `running` exactly as a killed process would leave it.
 *
 * See docs/adr/0043-one-run-lifecycle.md.
 */

export const DEFAULT_HEARTBEAT_MS = 30_000;
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

/** A running run as its work sees it: what it has done so far, reported if it fails midway. */
export interface ActiveRun {
  readonly run: Run;
  readonly tally: Tally;
  readonly flags: string[];
  readonly records: RecordOutcome[];
  /** What the run shows as its progress (phase, read, written); stored with each beat. */
  readonly progress: RunProgress;
  /** A sign of life now, with the counts so far (each page of a long run calls it). */
  beat(): Promise<void>;
}

/** How the work ended. Thrown errors end the run `failed` with the error's message. */
export interface WorkEnd {
  status: FinalRunStatus;
  reason?: string;
}

/** Refused transition: the run is no longer running (it ended, or was swept as stale). */
export class RunStateError extends SyncError {
  constructor(
    readonly runId: string,
    readonly to: FinalRunStatus,
  ) {
    super(`run ${runId} is no longer running: it cannot end ${to}`, 'run_state');
  }
}

export const staleReason = (since: string): string =>
  `no heartbeat since ${since}: the process running it stopped (killed, crashed or restarted)`;

/** Marks failed the tenant's runs that stopped beating; returns them. */
export async function sweepStaleRuns(deps: EngineDeps, tenantId: string): Promise<Run[]> {
  const now = nowOf(deps);
  const staleAfter = deps.runTiming?.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  const before = new Date(now.getTime() - staleAfter).toISOString();
  const swept = await deps.repos.runs.failStale(
    tenantId,
    before,
    staleReason(before),
    now.toISOString(),
  );
  for (const run of swept) {
    deps.logger.warn(
      { tenantId, runId: run.id, module: run.module, heartbeatAt: run.heartbeatAt },
      'stale run marked failed',
    );
  }
  return swept;
}

export async function withRun(
  deps: EngineDeps,
  input: NewRun,
  work: (active: ActiveRun) => Promise<WorkEnd>,
): Promise<RunReport> {
  const run = await deps.repos.runs.start(input, isoNow(deps));
  if (isFinalStatus(run.status)) return reportOf(run, []);
  // After the start, so a run taken over by this worker is not swept as its dead worker's.
  await sweepStaleRuns(deps, input.tenantId);
  const tally = new Tally();
  const flags: string[] = [];
  const records: RecordOutcome[] = [];
  const progress = emptyProgress('records');
  const beat = () =>
    deps.repos.runs.progress(run.tenantId, run.id, tally.counts, progress, isoNow(deps));
  const active: ActiveRun = { run, tally, flags, records, progress, beat };
  const timer = setInterval(() => {
    deps.repos.runs
      .heartbeat(run.tenantId, run.id, isoNow(deps))
      .catch((err: unknown) =>
        deps.logger.warn({ runId: run.id, err: String(err) }, 'run heartbeat not stored'),
      );
  }, deps.runTiming?.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  timer.unref();
  let end: WorkEnd;
  try {
    end = await work(active);
  } catch (error) {
    if (isInterrupted(error)) throw error;
    const context = { tenantId: run.tenantId, module: run.module, runId: run.id, kind: run.kind };
    const reason = publicReason(error, deps.logger, context);
    deps.logger.error({ ...context, err: reason }, 'sync run failed');
    end = { status: 'failed', reason };
  } finally {
    clearInterval(timer);
  }
  return finish(deps, active, end);
}

async function finish(deps: EngineDeps, active: ActiveRun, end: WorkEnd): Promise<RunReport> {
  const { run, tally, flags, records } = active;
  const result = { status: end.status, counts: tally.counts, reason: end.reason, flags };
  const progress = { ...active.progress, phase: 'finished' as const };
  const ended = await deps.repos.runs.finish(
    run.tenantId,
    run.id,
    { ...result, progress },
    isoNow(deps),
  );
  if (!ended) throw new RunStateError(run.id, end.status);
  deps.logger.info(
    {
      tenantId: run.tenantId,
      module: run.module,
      runId: run.id,
      kind: run.kind,
      dryRun: run.dryRun,
      ...result,
    },
    'sync run finished',
  );
  return { ...reportOf(run, records), ...result };
}

function reportOf(run: Run, records: RecordOutcome[]): RunReport {
  return {
    runId: run.id,
    module: run.module,
    kind: run.kind,
    direction: run.direction,
    dryRun: run.dryRun,
    status: isFinalStatus(run.status) ? run.status : 'failed',
    counts: run.counts,
    reason: run.reason,
    flags: run.flags,
    records,
  };
}
