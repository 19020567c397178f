import type { FieldChange, NewRecordEvent } from '../../db/repositories/record-events.js';
import type { Run, RunCounts, RunPage } from '../../db/repositories/runs.js';
import { DeleteBrakeError, DirectionNotAllowedError } from '../errors.js';
import { ensureInitialMatch } from '../match/initial-match.js';
import type { ModuleContext } from '../plan/context.js';
import type { Candidate, RecordPlan } from '../plan/types.js';
import type {
  Direction,
  FinalRunStatus,
  FlowDirection,
  ModuleName,
  RecordAction,
  RunKind,
  Side,
} from '../vocabulary.js';
import { loadCandidates } from './candidates.js';
import { handleDeletes, type DeleteState } from './deletes.js';
import { step, type EngineDeps } from './deps.js';
import { loadModuleContext } from './load-context.js';
import type { LinkLookups } from './lookups.js';
import { processCandidates } from './process.js';
import { addEvents, addPage, emptyProgress, type RunProgress } from './progress.js';
import { finishRun, outcomeOf } from './run-report.js';
import { Tally } from './tally.js';

export interface RunOptions {
  kind?: Extract<RunKind, 'incremental' | 'manual' | 'backfill'>;
  /** Narrows the module's direction for this run (a manual Sage → Zoho run of a two-way module). */
  direction?: FlowDirection | 'both';
  dryRun?: boolean;
  /** Read changes since this instant instead of the cursor (backfill, "last N days"). */
  since?: string;
  /** The admin confirmed this run's removals: the delete brake does not apply. */
  confirmDeletes?: boolean;
  /** Changes a side announced before the run (Zoho's notifications): if the run then reads
   * nothing from that side, it is flagged, like a gateway's own `reportedChanges`. */
  reportedChanges?: Partial<Record<Side, number>>;
  /** Carry out this queued run (the job runner's) instead of starting a new one. A run already
   * running (its worker died and the job was taken over) continues from its last page. */
  runId?: string;
  /** Continue where this earlier run of the module stopped (it was cancelled or failed). */
  continueFrom?: string;
}

/** One record in a run's report: what was (or, in a dry run, would be) done and why. */
export interface RecordOutcome {
  sageKey?: string;
  zohoId?: string;
  direction: FlowDirection;
  action: RecordAction;
  reason?: string;
  changes: FieldChange[];
}

export interface RunReport {
  runId: string;
  module: ModuleName;
  kind: RunKind;
  direction: FlowDirection | 'both';
  dryRun: boolean;
  status: FinalRunStatus;
  counts: RunCounts;
  reason?: string;
  flags: string[];
  /** Every record decision of a dry run (its per-field preview); failures and skips otherwise. */
  records: RecordOutcome[];
}

export const READ_NOTHING_FLAG = 'read_nothing_while_source_reports_changes';
/** A dry run before the module's initial match: its creates may turn into links. */
export const INITIAL_MATCH_PENDING_FLAG = 'initial_match_pending';
/** Mapped Zoho fields the org lacks: those mappings were left out of the run. */
export const MISSING_FIELDS_FLAG = 'zoho_fields_missing';

/** The passes a run makes: Sage changes first (parents are mostly Sage-born), then Zoho's. */
export function passesOf(moduleDirection: Direction, requested?: FlowDirection | 'both'): Side[] {
  const want = requested ?? moduleDirection;
  const sides: Side[] = [];
  const allows = (d: FlowDirection) =>
    (moduleDirection === 'both' || moduleDirection === d) && (want === 'both' || want === d);
  if (allows('sage_to_zoho')) sides.push('sage');
  if (allows('zoho_to_sage')) sides.push('zoho');
  return sides;
}

const narrowed = (sides: Side[]): Direction =>
  sides.length === 2 ? 'both' : sides[0] === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage';

/**
 * An incremental, manual or backfill run of one module: reads each side's changes page by page,
 * plans and carries out every record, stores the page's events, and only then moves the cursor, so
 * a crash re-reads the page (and finds its records unchanged). Ends succeeded, partial (with
 * counts) or failed (with the reason), never succeeded with work left undone.
 */
export async function runModule(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  options: RunOptions = {},
): Promise<RunReport> {
  const ctx = await loadModuleContext(deps, tenantId, module);
  const sides = passesOf(ctx.settings.direction, options.direction);
  if (sides.length === 0) {
    throw new DirectionNotAllowedError(module, options.direction ?? 'both', [
      ctx.settings.direction,
    ]);
  }
  ctx.narrowedFromBoth = ctx.settings.direction === 'both' && sides.length === 1;
  ctx.settings = { ...ctx.settings, direction: narrowed(sides) };
  const kind = options.kind ?? 'incremental';
  const dryRun = options.dryRun ?? false;
  const direction = narrowed(sides) as FlowDirection | 'both';
  const run = await deps.repos.runs.start({
    tenantId,
    module,
    direction,
    kind,
    dryRun,
    id: options.runId,
  });
  const resumed = await resumeState(deps, tenantId, run, options);
  const tally = new Tally();
  Object.assign(tally.counts, resumed.counts);
  const progress = resumed.progress;
  const records: RecordOutcome[] = [];
  const flags: string[] = [];
  if (ctx.missingZohoFields?.length)
    flags.push(`${MISSING_FIELDS_FLAG}:${ctx.missingZohoFields.join(',')}`);
  const finish = (status: RunReport['status'], reason?: string): Promise<RunReport> =>
    finishRun(deps, run, { status, counts: tally.counts, reason, flags, records, progress });
  const keep = (events: NewRecordEvent[]) => {
    for (const e of events) {
      if (dryRun || e.action === 'failed' || e.action === 'skipped' || e.action === 'conflict') {
        records.push(outcomeOf(e));
      }
    }
  };

  try {
    if (dryRun && !ctx.settings.initialMatchDone) {
      // The preview cannot know which records the admin will match: creates may become links.
      flags.push(INITIAL_MATCH_PENDING_FLAG);
    }
    if (!dryRun) {
      progress.phase = 'matching';
      const match = await ensureInitialMatch(deps, ctx, tenantId);
      if (match.open > 0) {
        tally.bump('proposals', match.open);
        return await finish(
          'failed',
          `initial match: ${match.open} proposed matches await review before the first sync`,
        );
      }
    }
    const deleteState: DeleteState = {
      removed: 0,
      confirmDeletes: options.confirmDeletes ?? false,
      dryRun,
    };
    for (const side of sides) {
      const resume = resumed.sides[side];
      if (resume?.done) continue;
      const pass = { side, resumeCursor: resume?.cursor, progress };
      await runPass(deps, ctx, tenantId, run.id, pass, options, deleteState, tally, keep, flags);
    }
  } catch (error) {
    if (error instanceof DeleteBrakeError) return finish('failed', error.message);
    if (error instanceof RunCancelled) {
      return finish('cancelled', `cancelled on request after ${progress.pages} pages`);
    }
    if (error instanceof Error && error.name === 'CrashError') throw error;
    const message = error instanceof Error ? error.message : String(error);
    deps.logger.error({ tenantId, module, runId: run.id, err: message }, 'sync run failed');
    return finish('failed', message);
  }
  if (tally.unfinished > 0) {
    const c = tally.counts;
    return finish(
      'partial',
      `${c.failed ?? 0} failed, ${c.conflict ?? 0} in review, ${(c.skipped ?? 0) - (c.filtered ?? 0)} skipped`,
    );
  }
  return finish('succeeded');
}

async function runPass(
  deps: EngineDeps,
  ctx: ModuleContext & { lookups: LinkLookups },
  tenantId: string,
  runId: string,
  pass: { side: Side; resumeCursor?: string; progress: RunProgress },
  options: RunOptions,
  deleteState: DeleteState,
  tally: Tally,
  keep: (events: NewRecordEvent[]) => void,
  flags: string[],
): Promise<void> {
  const { module } = ctx.def;
  const { side, progress } = pass;
  const gateway = side === 'sage' ? deps.gateways.sage : deps.gateways.crm;
  const usesCursor = !options.since;
  // A since-window run has no stored cursor: when resumed it continues from its last page's.
  let cursor = usesCursor
    ? await deps.repos.cursors.get(tenantId, module, side)
    : pass.resumeCursor;
  let read = 0;
  let reported = options.reportedChanges?.[side] ?? 0;
  if (!options.dryRun) {
    // Records held back by earlier runs (their parent was not linked) come first.
    const pending = await deps.repos.pendingRecords.list(tenantId, module, side);
    if (pending.length > 0) {
      progress.phase = 'pending';
      const found = await gateway.get(module, pending);
      const gone = pending.filter((id) => !found.has(id));
      await deps.repos.pendingRecords.remove(tenantId, module, side, gone);
      const candidates = await loadCandidates(deps, ctx, tenantId, side, [...found.values()]);
      const processed = await processCandidates(deps, ctx, tenantId, runId, candidates, {
        dryRun: false,
      });
      await deps.repos.events.append(processed.events);
      tally.add(processed.events, processed.benignSkips);
      keep(processed.events);
      addEvents(progress, processed.events);
      await trackPending(deps, tenantId, module, side, processed.plans);
    }
  }
  progress.phase = side === 'sage' ? 'reading_sage' : 'reading_zoho';
  for (;;) {
    const page = await gateway.listChanges(module, cursor, {
      since: cursor ? undefined : options.since,
      limit: deps.pageSize,
    });
    read += page.records.length + page.deleted.length;
    if (page.reportedChanges !== undefined) {
      // What the side says is left from here, plus what this run already read of it.
      const estimate = progress.read[side] + page.reportedChanges;
      progress.estimated[side] = Math.max(progress.estimated[side] ?? 0, estimate);
    }
    reported = Math.max(reported, page.reportedChanges ?? 0);
    const candidates: Candidate[] = await loadCandidates(deps, ctx, tenantId, side, page.records);
    const processed = await processCandidates(deps, ctx, tenantId, runId, candidates, {
      dryRun: options.dryRun ?? false,
      seenConflicts: tally.seenConflicts,
    });
    const deletions = await handleDeletes(
      deps,
      ctx,
      tenantId,
      runId,
      side,
      page.deleted,
      deleteState,
    );
    const events = [...processed.events, ...deletions];
    await deps.repos.events.append(events);
    if (!options.dryRun) await trackPending(deps, tenantId, module, side, processed.plans);
    await step(deps, 'events.stored');
    tally.add(
      events,
      processed.benignSkips + deletions.filter((e) => e.action === 'skipped').length,
    );
    tally.bump(`read_${side}`, page.records.length);
    keep(events);
    if (usesCursor && !options.dryRun) {
      await deps.repos.cursors.set(tenantId, module, side, page.nextCursor);
      await step(deps, 'cursor.stored');
    }
    // The page is done: list it (a resumed run continues after it), show the progress, and
    // stop here if the run was asked to: between pages, so nothing is half-written.
    await deps.repos.runs.addPage(tenantId, runId, {
      side,
      cursor: page.nextCursor,
      hasMore: page.hasMore,
      records: page.records.length + page.deleted.length,
    });
    addPage(progress, side, page.records.length + page.deleted.length, events);
    await deps.repos.runs.progress(tenantId, runId, tally.counts, progress);
    if (await deps.repos.runs.cancelRequested(tenantId, runId)) throw new RunCancelled();
    if (!page.hasMore) break;
    cursor = page.nextCursor;
  }
  if (read === 0 && reported > 0) flags.push(`${READ_NOTHING_FLAG}:${side}:${reported}`);
}

/** Remembers children waiting for a parent, and forgets those that no longer wait. */
async function trackPending(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  side: Side,
  plans: RecordPlan[],
): Promise<void> {
  const idOf = (p: RecordPlan) => (side === 'sage' ? p.candidate.sage?.id : p.candidate.zoho?.id);
  const waiting = plans
    .filter((p) => p.waitingFor)
    .flatMap((p) =>
      idOf(p) ? [{ id: idOf(p)!, reason: p.reason ?? 'waiting for a parent' }] : [],
    );
  const done = plans.filter((p) => !p.waitingFor).flatMap((p) => (idOf(p) ? [idOf(p)!] : []));
  await deps.repos.pendingRecords.add(tenantId, module, side, waiting);
  await deps.repos.pendingRecords.remove(tenantId, module, side, done);
}

/** Thrown between pages when the run was asked to stop; ends the run `cancelled`. */
class RunCancelled extends Error {}

interface ResumeState {
  counts: RunCounts;
  progress: RunProgress;
  /** Per side: finished already, or the cursor after its last finished page. */
  sides: Partial<Record<Side, { done: boolean; cursor?: string }>>;
}

/**
 * Where a run starts: from nothing; from its own pages when it was taken over after its worker
 * died (its counts and progress so far carry on); or from an earlier run's last pages.
 */
async function resumeState(
  deps: EngineDeps,
  tenantId: string,
  run: Run,
  options: RunOptions,
): Promise<ResumeState> {
  const own = (await deps.repos.runs.pages(tenantId, run.id)).length > 0;
  const from = own ? run.id : options.continueFrom;
  const state: ResumeState = {
    counts: own ? { ...run.counts } : {},
    progress: own
      ? { ...emptyProgress('reading_sage'), ...run.progress }
      : emptyProgress('records'),
    sides: {},
  };
  if (!from) return state;
  const pages: RunPage[] = await deps.repos.runs.pages(tenantId, from);
  for (const side of ['sage', 'zoho'] as const) {
    const last = pages.filter((p) => p.side === side).at(-1);
    if (last) state.sides[side] = { done: !last.hasMore, cursor: last.cursor };
  }
  return state;
}
