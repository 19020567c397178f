import { ensureInitialMatch } from '../match/initial-match.js';
import {
  flag,
  RUN_FLAGS,
  type ModuleSettings,
  type NewRecordEvent,
  type RunReport,
} from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import type { Candidate } from '../plan/types.js';
import type { ModuleName, Side } from '../vocabulary.js';
import { loadCandidates } from './candidates.js';
import { handleDeletes, type DeleteState } from './deletes.js';
import { applyDeletionsFound } from './gone-at-stamp.js';
import { isoNow, step, type EngineDeps } from './deps.js';
import { withRun, type ActiveRun, type WorkEnd } from './lifecycle.js';
import { loadModuleContext } from './load-context.js';
import type { LinkLookups } from './lookups.js';
import { PagePipeline, pageKeys, type PageWork } from './page-pipeline.js';
import { openPassReader } from './pass-reader.js';
import { storePage } from './page-store.js';
import { SeatPool } from './pool.js';
import type { ChangePage, PageSource } from '../gateways.js';
import { dueNow, outstandingReason, outstandingRetries, stateOf } from './pending.js';
import { processCandidates } from './process.js';
import { addEvents, addPage, type RunProgress } from './progress.js';
import { resumeState, RunCancelled, type ResumeState } from './resume.js';
import { outcomeOf } from './run-report.js';
import { Tally } from './tally.js';
import { passesWithRevert } from '../read-only.js';
import { narrowed, preflightModule } from './preflight.js';
import type { RunOptions } from './run-options.js';

export type { RecordOutcome, RunReport } from '../model/index.js';
export { passesOf, preflightModule } from './preflight.js';
export type { RunOptions } from './run-options.js';

/**
 * One turn of the event loop, taken between pages. With gateways that answer at once and SQLite
 * (synchronous), a run is nothing but promise callbacks and never lets the loop turn: timers wait
 * (heartbeats, other tenants' schedules, HTTP requests) and so do V8's garbage-collection tasks,
 * whose delayed marking let a 100,000-record run's heap grow to several times what it holds.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const READ_NOTHING_FLAG = RUN_FLAGS.readNothing;
export const INITIAL_MATCH_PENDING_FLAG = RUN_FLAGS.initialMatchPending;
export const MISSING_FIELDS_FLAG = RUN_FLAGS.missingZohoFields;

/**
 * An incremental, manual or backfill run of one module: reads each side's changes page by page,
 * plans and carries out every record, stores the page's events, and only then moves the cursor, so
 * a crash re-reads the page (and finds its records unchanged). Ends succeeded, partial (with
 * counts) or failed (with the reason), never succeeded with work left undone. Everything after
 * the refusals, loading the module's context included, happens inside the recorded run.
 */
export async function runModule(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  options: RunOptions = {},
): Promise<RunReport> {
  const { sides, direction, settings } = await preflightModule(
    deps,
    tenantId,
    module,
    options.direction,
  );
  const kind = options.kind ?? 'incremental';
  const dryRun = options.dryRun ?? false;
  const input = { tenantId, module, direction, kind, dryRun, id: options.runId };
  return withRun(deps, input, async (active) => {
    const resumed = await resumeState(deps, tenantId, active.run, options.continueFrom);
    Object.assign(active.tally.counts, resumed.counts);
    Object.assign(active.progress, resumed.progress);
    const passes = passesWithRevert(module, sides);
    // The Sage feed's first read goes out now, beside the context's load (Zoho's field list):
    // a feed page depends on nothing the context holds, and its reads are the run's pace.
    const early =
      passes[0] === 'sage' && !resumed.sides.sage?.done
        ? await openPassReader(deps, tenantId, module, 'sage', {
            ...options,
            resumeCursor: resumed.sides.sage?.cursor,
          })
        : undefined;
    try {
      return await syncPasses(deps, tenantId, module, options, active, {
        sides,
        passes,
        early,
        resumed,
        settings,
      });
    } finally {
      early?.stop();
    }
  });
}

/** The run after its start: the module's context, the initial match, then each pass in turn. */
async function syncPasses(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  options: RunOptions,
  active: ActiveRun,
  plan: {
    sides: Side[];
    passes: Side[];
    early?: PageSource;
    resumed: ResumeState;
    settings: ModuleSettings;
  },
): Promise<WorkEnd> {
  const { sides, passes, early, resumed, settings } = plan;
  const dryRun = options.dryRun ?? false;
  const loaded = await loadModuleContext(deps, tenantId, module, { settings });
  // The run's direction lives in the run's own context; the saved settings stay as they are.
  const ctx: ModuleContext & { lookups: LinkLookups } = {
    ...loaded,
    runDirection: narrowed(sides),
    narrowedFromBoth: loaded.settings.direction === 'both' && sides.length === 1,
  };
  const { tally, flags } = active;
  if (ctx.missingZohoFields?.length)
    flags.push(flag(RUN_FLAGS.missingZohoFields, ctx.missingZohoFields.join(',')));
  if (dryRun && !ctx.settings.initialMatchDone) {
    // The preview cannot know which records the admin will match: creates may become links.
    flags.push(RUN_FLAGS.initialMatchPending);
  }
  if (!dryRun) {
    active.progress.phase = 'matching';
    const match = await ensureInitialMatch(deps, ctx, tenantId);
    if (match.open > 0) {
      tally.bump('proposals', match.open);
      return {
        status: 'failed',
        reason: `initial match: ${match.open} proposed matches await review before the first sync`,
      };
    }
  }
  const deleteState: DeleteState = {
    removed: 0,
    confirmDeletes: options.confirmDeletes ?? false,
    dryRun,
  };
  try {
    // A read-only module's run also reads Zoho's edits, to put Sage's values back.
    active.progress.passes = passes;
    for (const side of passes) {
      const resume = resumed.sides[side];
      if (resume?.done) continue;
      const reader = side === 'sage' ? early : undefined;
      await runPass(
        deps,
        ctx,
        tenantId,
        active,
        { side, resumeCursor: resume?.cursor, reader },
        options,
        deleteState,
      );
    }
  } catch (error) {
    if (!(error instanceof RunCancelled)) throw error;
    return {
      status: 'cancelled',
      reason: `cancelled on request after ${active.progress.pages} pages`,
    };
  }
  if (tally.unfinished > 0) {
    const c = tally.counts;
    return {
      status: 'partial',
      reason: `${c.failed ?? 0} failed, ${c.conflict ?? 0} in review, ${(c.skipped ?? 0) - (c.filtered ?? 0)} skipped`,
    };
  }
  if (!dryRun) {
    // Records earlier runs failed and that still wait: the module is not caught up.
    const left = await outstandingRetries(deps, tenantId, module);
    const total = left.waiting + left.exhausted;
    if (total > 0) {
      flags.push(flag(RUN_FLAGS.retriesOutstanding, total));
      return { status: 'partial', reason: outstandingReason(left) };
    }
  }
  return { status: 'succeeded' };
}

async function runPass(
  deps: EngineDeps,
  ctx: ModuleContext & { lookups: LinkLookups },
  tenantId: string,
  active: ActiveRun,
  pass: { side: Side; resumeCursor?: string; reader?: PageSource },
  options: RunOptions,
  deleteState: DeleteState,
): Promise<void> {
  const { module } = ctx.def;
  const { side } = pass;
  const { tally, flags, progress } = active;
  progress.side = side;
  const { runs } = deps.repos;
  const runId = active.run.id;
  const keep = (events: NewRecordEvent[]) => {
    for (const e of events) {
      if (
        options.dryRun ||
        e.action === 'failed' ||
        e.action === 'skipped' ||
        e.action === 'conflict'
      )
        active.records.push(outcomeOf(e));
    }
  };
  const gateway = side === 'sage' ? deps.gateways.sage : deps.gateways.crm;
  const usesCursor = !options.since;
  let read = 0;
  let reported = options.reportedChanges?.[side] ?? 0;
  // Everything held for this module and side (all of it, so a record's failed tries add up).
  const held = new Map(
    options.dryRun
      ? []
      : (await deps.repos.pendingRecords.list(tenantId, module, side)).map((p) => [p.id, p]),
  );
  const due = dueNow(deps, [...held.values()]);
  // What the retries read, by id: the feed lists a record that changed after it failed too, and
  // that same state must not be planned and written a second time in this run.
  const retriedAs = new Map<string, string>();
  if (due.length > 0) {
    // Records earlier runs left undone (a parent not linked, a write that failed) come first.
    progress.phase = 'pending';
    const ids = due.map((p) => p.id);
    const found = await gateway.get(module, ids);
    const gone = ids.filter((id) => !found.has(id));
    await deps.repos.pendingRecords.remove(tenantId, module, side, gone);
    for (const id of gone) held.delete(id);
    for (const r of found.values()) retriedAs.set(r.id, stateOf(r));
    const candidates = await loadCandidates(deps, ctx, tenantId, side, [...found.values()]);
    const processed = await processCandidates(deps, ctx, tenantId, runId, candidates, {
      dryRun: false,
      deferLinks: true,
    });
    const { events } = processed;
    await storePage(deps, tenantId, module, { side, processed, events, held, dryRun: false });
    tally.add(processed.events, processed.benignSkips);
    tally.bump('retried', due.filter((p) => p.kind === 'retry' && found.has(p.id)).length);
    keep(processed.events);
    addEvents(progress, processed.events);
  }
  progress.phase = side === 'sage' ? 'reading_sage' : 'reading_zoho';
  const reader =
    pass.reader ??
    (await openPassReader(deps, tenantId, module, side, {
      ...options,
      resumeCursor: pass.resumeCursor,
    }));
  const dryRun = options.dryRun ?? false;
  // Pages overlap (ADR 0071, and for Sage's pages ADR 0075): a page is planned and its writes
  // queued while the page before it still writes (Zoho's pages on Sage's seats, Sage's pages 100
  // records to a Zoho call), so neither side idles at a page's end. A dry run writes nothing.
  const pipeline = new PagePipeline(new SeatPool(deps.sageConcurrency ?? 1), !dryRun);
  /** A page's work: planned and written on the shared seats, stored after the page before it. */
  const work =
    (page: ChangePage): PageWork =>
    async (seats, previousStored) => {
      const records =
        retriedAs.size === 0
          ? page.records
          : page.records.filter((r) => retriedAs.get(r.id) !== stateOf(r));
      const candidates: Candidate[] = await loadCandidates(deps, ctx, tenantId, side, records, {
        skipSnapshots: true,
      });
      // The loop turns between a page's stages: with SQLite they are one chain of promise
      // callbacks, and the next page's feed answer would wait in its socket until the page is
      // stored, its next read sent that much later (ADR 0075).
      await nextTurn();
      const processed = await processCandidates(deps, ctx, tenantId, runId, candidates, {
        dryRun,
        seenConflicts: tally.seenConflicts,
        deferLinks: true,
        seats: { ...seats, mayWrite: async () => !(await runs.cancelRequested(tenantId, runId)) },
      });
      await previousStored;
      await nextTurn();
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
      const pageRead = page.records.length + page.deleted.length;
      const skips = processed.benignSkips + deletions.filter((e) => e.action === 'skipped').length;
      /**
       * The page's counts and progress: on copies, stored with the page; then on the live run once
       * it is stored (not the copies assigned back: the reader moves the live estimates meanwhile).
       */
      const count = (to: Tally, shown: RunProgress) => {
        to.add(events, skips);
        to.bump(`read_${side}`, page.records.length);
        addPage(shown, side, pageRead, events);
      };
      const after = { tally: new Tally({ ...tally.counts }), progress: structuredClone(progress) };
      count(after.tally, after.progress);
      await storePage(deps, tenantId, module, {
        side,
        processed,
        events,
        held,
        dryRun,
        page: {
          runId,
          cursor: page.nextCursor,
          hasMore: page.hasMore,
          records: pageRead,
          keepCursor: !usesCursor,
          // With the page in one transaction: a worker killed after the commit leaves the run's
          // counts with its pages, and the worker that takes it over carries on from both.
          counts: after.tally.counts,
          progress: after.progress,
        },
      });
      count(tally, progress);
      await step(deps, 'page.stored');
      // Deleted in Zoho at the stamp write: the policy applies now, not a run later.
      // And a linked pair whose Sage record is gone (Sage lists no deletions): now, not at the
      // reconcile.
      const late = [
        ...(await applyDeletionsFound(
          deps,
          ctx,
          tenantId,
          runId,
          'zoho',
          processed.goneFromZoho,
          deleteState,
        )),
        ...(await applyDeletionsFound(
          deps,
          ctx,
          tenantId,
          runId,
          'sage',
          processed.goneFromSage,
          deleteState,
        )),
      ];
      keep(events);
      if (late.length > 0) {
        await deps.repos.events.append(late, isoNow(deps));
        tally.add(late, late.filter((e) => e.action === 'skipped').length);
        addEvents(progress, late);
        keep(late);
      }
      // Stored: show the progress, with what the page found gone since (a cancel is seen before
      // the next page starts).
      await active.beat();
    };
  const cancelled = async () => {
    if (!(await deps.repos.runs.cancelRequested(tenantId, runId))) return;
    // Stop between pages, nothing half-done: the pages started are finished and stored first.
    await pipeline.finish();
    throw new RunCancelled();
  };
  try {
    for (let first = true; ; first = false) {
      const page = await reader.take();
      await nextTurn();
      if (!first) await cancelled();
      read += page.records.length + page.deleted.length;
      const told = page.reportedChanges ?? page.estimatedChanges;
      if (told !== undefined) {
        // What the side says is left from here, plus what this run already read of it.
        const estimate = progress.read[side] + told;
        progress.estimated[side] = Math.max(progress.estimated[side] ?? 0, estimate);
      }
      reported = Math.max(reported, page.reportedChanges ?? 0);
      await pipeline.start(pageKeys(ctx, side, page), work(page));
      if (!page.hasMore) break;
    }
    await pipeline.finish();
  } catch (error) {
    reader.stop();
    await pipeline.abort(error);
    throw error;
  }
  await cancelled();
  if (read === 0 && reported > 0) flags.push(flag(RUN_FLAGS.readNothing, side, reported));
}
