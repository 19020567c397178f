import type { NewRecordEvent } from '../model/index.js';
import type { RunPhase, Side } from '../vocabulary.js';

/**
 * How far a run has got, stored on the run after every page (ADR 0051). Read and written are per
 * side: a Sage → Zoho pass reads Sage and writes Zoho. `estimated` is what a side said it has for
 * this run when it can tell (the feed's count, Zoho's count); rate and time left are derived from
 * these when the run is read. `passes` are the sides the run reads, in order, and `side` the one it
 * is reading now, so a reader can tell a pass that ended from one that has not started.
 */
export interface RunProgress {
  phase: RunPhase;
  read: Record<Side, number>;
  written: Record<Side, number>;
  skipped: number;
  failed: number;
  estimated: Partial<Record<Side, number>>;
  pages: number;
  passes?: Side[];
  side?: Side;
}

export const emptyProgress = (phase: RunPhase = 'queued'): RunProgress => ({
  phase,
  read: { sage: 0, zoho: 0 },
  written: { sage: 0, zoho: 0 },
  skipped: 0,
  failed: 0,
  estimated: {},
  pages: 0,
});

const WRITES = new Set(['created', 'updated', 'deleted']);

/** Adds one page's events to the progress (the page read `read` records from `side`). */
export function addPage(
  progress: RunProgress,
  side: Side,
  read: number,
  events: NewRecordEvent[],
): void {
  progress.read[side] += read;
  progress.pages += 1;
  addEvents(progress, events);
}

export function addEvents(progress: RunProgress, events: NewRecordEvent[]): void {
  for (const e of events) {
    if (WRITES.has(e.action)) {
      progress.written[e.direction === 'sage_to_zoho' ? 'zoho' : 'sage'] += 1;
    } else if (e.action === 'skipped') progress.skipped += 1;
    else if (e.action === 'failed') progress.failed += 1;
  }
}
