import { ensureInitialMatch } from '../match/initial-match.js';
import { flag, RUN_FLAGS, type ModuleSettings, type RunReport } from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import type { PageSource } from '../gateways.js';
import type { ModuleName, Side } from '../vocabulary.js';
import type { DeleteState } from './deletes.js';
import type { EngineDeps } from './deps.js';
import { withRun, type ActiveRun, type WorkEnd } from './lifecycle.js';
import { loadModuleContext } from './load-context.js';
import type { LinkLookups } from './lookups.js';
import { openPassReader } from './pass-reader.js';
import { outstandingReason, outstandingRetries } from './pending.js';
import { resumeState, RunCancelled, type ResumeState } from './resume.js';
import { runPass } from './run-pass.js';
import { passesWithRevert } from '../read-only.js';
import { narrowed, preflightModule } from './preflight.js';
import type { RunOptions } from './run-options.js';

export type { RecordOutcome, RunReport } from '../model/index.js';
export { passesOf, preflightModule } from './preflight.js';
export type { RunOptions } from './run-options.js';

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
