import { flag, RUN_FLAGS, type NewRecordEvent } from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import type { Candidate } from '../plan/types.js';
import type { ChangePage, PageSource } from '../gateways.js';
import type { Side } from '../vocabulary.js';
import { loadCandidates } from './candidates.js';
import { handleDeletes, type DeleteState } from './deletes.js';
import { isoNow, step, type EngineDeps } from './deps.js';
import { applyDeletionsFound } from './gone-at-stamp.js';
import type { ActiveRun } from './lifecycle.js';
import type { LinkLookups } from './lookups.js';
import { PagePipeline, pageKeys, type PageWork } from './page-pipeline.js';
import { storePage } from './page-store.js';
import { openPassReader } from './pass-reader.js';
import { dueNow, stateOf } from './pending.js';
import { SeatPool } from './pool.js';
import { processCandidates } from './process.js';
import { addEvents, addPage, type RunProgress } from './progress.js';
import { RunCancelled } from './resume.js';
import type { RunOptions } from './run-options.js';
import { outcomeOf } from './run-report.js';
import { Tally } from './tally.js';

/**
 * One turn of the event loop, taken between pages. With gateways that answer at once and SQLite
 * (synchronous), a run is nothing but promise callbacks and never lets the loop turn: timers wait
 * (heartbeats, other tenants' schedules, HTTP requests) and so do V8's garbage-collection tasks,
 * whose delayed marking let a 100,000-record run's heap grow to several times what it holds.
 */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * One side's pass of a run: the records earlier runs left waiting first, then the side's change
 * pages in feed order, each planned, written and stored (with its cursor) through the page
 * pipeline; stops between pages when the run is cancelled.
 */
export async function runPass(
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
