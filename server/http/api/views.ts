import type { Run } from '../../db/repositories/runs.js';
import type { RunReport } from '../../sync/engine.js';
import type { Side } from '../../sync/vocabulary.js';

const PASS_OF = { sage: 'sage_to_zoho', zoho: 'zoho_to_sage' } as const;
const sidesOf = (direction: string): Side[] =>
  direction === 'both' ? ['sage', 'zoho'] : direction === 'zoho_to_sage' ? ['zoho'] : ['sage'];

/**
 * Each pass of a run on its own: what it read (`done`) of what its side said it has
 * (`estimatedTotal`, null until the side tells), and whether it ended. A pass ended once the run
 * moved to a later one, or when the run itself completed; an ended pass's total is what it read.
 * Until the Zoho pass of a two-way run starts, Zoho's count is unknown, not zero.
 */
export function passesView(run: Run) {
  const p = run.progress;
  const passes = p.passes ?? sidesOf(run.direction);
  const current = p.side ? passes.indexOf(p.side) : -1;
  const completed = run.status === 'succeeded' || run.status === 'partial';
  return passes.map((side, i) => {
    const done = p.read[side];
    const finished = completed || i < current;
    const told = p.estimated[side];
    return {
      pass: PASS_OF[side],
      done,
      estimatedTotal: finished ? done : told === undefined ? null : Math.max(told, done),
      finished,
    };
  });
}

/**
 * How fast a run goes and how long it has left: records read per second between its start and
 * its last progress update, and the estimated records left at that rate (only when a side told
 * its total).
 */
export function runProgressView(run: Run) {
  const p = run.progress;
  const read = p.read.sage + p.read.zoho;
  const estimates = Object.values(p.estimated);
  const estimatedTotal = estimates.length > 0 ? estimates.reduce((a, b) => a + b, 0) : null;
  const last = Date.parse(run.finishedAt ?? run.updatedAt ?? run.startedAt);
  const seconds = Math.max(0, (last - Date.parse(run.startedAt)) / 1000);
  const rate = run.status === 'queued' || seconds === 0 ? null : read / seconds;
  const passes = passesView(run);
  // A pass not yet counted (a two-way run's Zoho pass during Sage's) leaves the time unknown.
  const uncounted = passes.some((x) => !x.finished && x.estimatedTotal === null);
  const left = estimatedTotal === null || uncounted ? null : Math.max(0, estimatedTotal - read);
  return {
    phase: p.phase,
    read: p.read,
    written: p.written,
    skipped: p.skipped,
    failed: p.failed,
    estimatedTotal,
    passes,
    pages: p.pages,
    ratePerSecond: rate === null ? null : Math.round(rate * 100) / 100,
    // Finished: nothing is left, whatever the estimate said; running: what is left at the rate.
    secondsLeft: run.finishedAt
      ? estimatedTotal === null
        ? null
        : 0
      : left === null || !rate
        ? null
        : Math.ceil(left / rate),
    updatedAt: run.updatedAt ?? run.startedAt,
  };
}

/** A run as the widget lists it: no tenant id (the caller's own), counts and outcome. */
export const runSummary = (run: Run) => ({
  id: run.id,
  module: run.module,
  direction: run.direction,
  kind: run.kind,
  status: run.status,
  dryRun: run.dryRun,
  startedAt: run.startedAt,
  finishedAt: run.finishedAt ?? null,
  counts: run.counts,
  reason: run.reason ?? null,
  flags: run.flags,
  queuedAt: run.queuedAt ?? null,
  cancelRequested: Boolean(run.cancelRequestedAt),
  progress: runProgressView(run),
});

/** What the engine reported for a run, as sent to the widget. */
export const reportView = (report: RunReport) => ({
  runId: report.runId,
  module: report.module,
  kind: report.kind,
  direction: report.direction,
  dryRun: report.dryRun,
  status: report.status,
  counts: report.counts,
  reason: report.reason ?? null,
  flags: report.flags,
  records: report.records,
});

/** Strips the tenant id from repository rows before they leave the backend. */
export const withoutTenant = <T extends { tenantId: string }>(row: T): Omit<T, 'tenantId'> => {
  const { tenantId: _tenantId, ...rest } = row;
  return rest;
};

/**
 * A keyset page of `limit` from the `limit + 1` rows read (one more than asked tells whether a
 * next page exists), and the id to continue after: null on the last page.
 */
export function pageOf<T extends { id: number }>(found: T[], limit: number) {
  const page = found.slice(0, limit);
  return { page, nextAfter: found.length > limit ? page[page.length - 1]!.id : null };
}
