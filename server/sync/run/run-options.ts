import type { FlowDirection, RunKind, Side } from '../vocabulary.js';

/** What a caller may ask of one module's run (the engine, the job runner, the API). */
export interface RunOptions {
  kind?: Extract<RunKind, 'incremental' | 'manual' | 'backfill'>;
  /**
   * Narrows the module's direction for this run (a manual Sage → Zoho run of a two-way module).
   * The run's own: the module's saved direction is never changed by it.
   */
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
