import type { NewRecordEvent, RunCounts } from '../model/index.js';

/** Run counts by action, plus the skips that are work left undone (not filters or echoes). */
export class Tally {
  readonly seenConflicts = new Set<string>();

  /** `counts`: where to start (a copy of another tally's, to count a page before it is stored). */
  constructor(readonly counts: RunCounts = {}) {}

  add(events: NewRecordEvent[], benignSkips = 0): void {
    for (const e of events) this.counts[e.action] = (this.counts[e.action] ?? 0) + 1;
    if (benignSkips > 0) this.counts.filtered = (this.counts.filtered ?? 0) + benignSkips;
  }

  bump(name: string, by = 1): void {
    this.counts[name] = (this.counts[name] ?? 0) + by;
  }

  /** Work not done: failures, conflicts awaiting review, and skips that were not filters. */
  get unfinished(): number {
    const c = this.counts;
    return (c.failed ?? 0) + (c.conflict ?? 0) + (c.skipped ?? 0) - (c.filtered ?? 0);
  }

  /** Records were attempted and every one failed: none written, found unchanged or in review. */
  get allFailed(): boolean {
    const c = this.counts;
    const other = (c.created ?? 0) + (c.updated ?? 0) + (c.unchanged ?? 0) + (c.deleted ?? 0);
    return (c.failed ?? 0) > 0 && other + (c.conflict ?? 0) === 0;
  }
}
