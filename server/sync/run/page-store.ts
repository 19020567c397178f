import type { NewRecordEvent, RunCounts } from '../model/index.js';
import type { PendingRecord } from '../stores.js';
import type { ModuleName, Side } from '../vocabulary.js';
import { isoNow, step, type EngineDeps } from './deps.js';
import { storeLinks } from './execute.js';
import { trackOutcomes } from './pending.js';
import type { Processed } from './process.js';
import type { RunProgress } from './progress.js';

export interface PageToStore {
  side: Side;
  processed: Processed;
  /** The page's events: its records' and its deletions'. */
  events: NewRecordEvent[];
  /** What this module and side holds for later runs (updated in place). */
  held: Map<string, PendingRecord>;
  dryRun: boolean;
  /** A change page's end: where the cursor moves (unless `keepCursor`) and its run entry. */
  page?: {
    runId: string;
    cursor: string;
    hasMore: boolean;
    records: number;
    keepCursor: boolean;
    /** The run's counts and progress with this page: stored with it, so they never lag its pages. */
    counts: RunCounts;
    progress: RunProgress;
  };
}

/**
 * A page's storage in one transaction: its links, its events, the records held for later, the
 * cursor and the page's entry in the run with the run's counts (a resumed run continues after it,
 * from those counts, ADR 0092). A crash before the commit leaves none of it: the page is read
 * again, and what was written plans as unchanged or echo (ADR 0041). A handful of statements per
 * page, none per record.
 */
export async function storePage(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  p: PageToStore,
): Promise<void> {
  const { processed, side, page } = p;
  await deps.repos.transaction(async () => {
    await storeLinks(deps, tenantId, module, processed.links);
    await deps.repos.events.append(p.events, isoNow(deps));
    if (!p.dryRun)
      await trackOutcomes(deps, tenantId, module, side, processed.plans, processed.events, p.held);
    if (!page) return;
    await step(deps, 'events.stored');
    if (!page.keepCursor && !p.dryRun) {
      await deps.repos.cursors.set(tenantId, module, side, page.cursor);
      await step(deps, 'cursor.stored');
    }
    await deps.repos.runs.addPage(
      tenantId,
      page.runId,
      { side, cursor: page.cursor, hasMore: page.hasMore, records: page.records },
      { counts: page.counts, progress: page.progress, at: isoNow(deps) },
    );
  });
}
