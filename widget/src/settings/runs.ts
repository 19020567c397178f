import type { PassProgress, RunReport, RunStart, RunSummary, SettingsApi } from './api.js';
import { runIdsOf } from './api.js';

/** Statuses a run ends in; anything else (queued, running) is still moving. */
export const FINAL = new Set(['succeeded', 'partial', 'failed', 'cancelled']);

/**
 * Follows the runs a POST /runs started until each has ended, calling `onUpdate` with the latest
 * summaries after every poll. Works for both answers of POST /runs: finished reports (then one
 * read of each run) and 202 with queued runs (issue 12).
 */
export async function followRuns(
  api: SettingsApi,
  start: RunStart,
  onUpdate: (runs: RunSummary[]) => void,
  options: { intervalMs?: number; signal?: { stopped: boolean } } = {},
): Promise<RunSummary[]> {
  const ids = runIdsOf(start);
  let runs = await Promise.all(ids.map((id) => api.runOne(id)));
  onUpdate(runs);
  while (runs.some((r) => !FINAL.has(r.status)) && !options.signal?.stopped) {
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 700));
    runs = await Promise.all(ids.map((id) => api.runOne(id)));
    onUpdate(runs);
  }
  return runs;
}

/**
 * The ids of the latest runs of `kinds` still going (dry runs left out): a section that follows
 * runs picks these up when it opens, so a reload or another tab does not lose their progress.
 */
export async function runsGoing(api: SettingsApi, kinds: readonly string[]): Promise<string[]> {
  const { runs } = await api.runs(undefined, 20);
  return runs
    .filter((r) => !r.dryRun && kinds.includes(r.kind) && !FINAL.has(r.status))
    .map((r) => r.id);
}

/** The dry-run reports of a start: in the answer, or read back once the queued runs ended. */
export async function reportsOf(api: SettingsApi, start: RunStart): Promise<RunReport[]> {
  if (start.reports) return start.reports;
  const runs = await followRuns(api, start, () => undefined);
  return Promise.all(
    runs.map(async (r) => {
      const { events } = await api.events(r.id);
      return {
        runId: r.id,
        module: r.module,
        kind: r.kind,
        direction: r.direction,
        dryRun: r.dryRun,
        status: r.status,
        counts: r.counts,
        reason: r.reason,
        flags: r.flags,
        records: events,
      };
    }),
  );
}

/**
 * How far a run's passes have got, 0..1, each pass weighing the same: an ended pass is whole, a
 * counted one is its share read, an uncounted one is nothing yet. So the bar only grows when a
 * later pass's count arrives (weighing by records would shrink it), and null until a pass is
 * counted or ended: then nothing honest can be drawn.
 */
export function passesFraction(passes: PassProgress[]): number | null {
  if (!passes.some((x) => x.finished || x.estimatedTotal !== null)) return null;
  const parts = passes.map((x) =>
    x.finished
      ? 1
      : x.estimatedTotal === null
        ? 0
        : x.estimatedTotal === 0
          ? 1
          : Math.min(1, x.done / x.estimatedTotal),
  );
  return parts.reduce((a, b) => a + b, 0) / parts.length;
}

/** Read, written, left, rate and time left of a run, from its progress (or its counts). */
export function progressOf(run: RunSummary) {
  const p = run.progress;
  const read = p ? p.read.sage + p.read.zoho : 0;
  const written = p
    ? p.written.sage + p.written.zoho
    : (run.counts.created ?? 0) + (run.counts.updated ?? 0);
  const done = FINAL.has(run.status);
  const passes = p?.passes ?? [];
  // While a pass is uncounted, what is left of the run is not known.
  const uncounted = passes.some((x) => !x.finished && x.estimatedTotal === null);
  const estimated = uncounted ? null : (p?.estimatedTotal ?? null);
  const total = done ? Math.max(read, p?.estimatedTotal ?? 0) : estimated;
  const left = total !== null ? Math.max(0, total - read) : null;
  const fraction = passes.length > 0 ? passesFraction(passes) : total ? read / total : null;
  const percent = done ? 100 : fraction !== null ? Math.min(99, Math.round(fraction * 100)) : null;
  return {
    read,
    written,
    left,
    total,
    percent,
    passes,
    rate: p?.ratePerSecond ?? null,
    secondsLeft: p?.secondsLeft ?? null,
    skipped: p?.skipped ?? run.counts.skipped ?? 0,
    failed: p?.failed ?? run.counts.failed ?? 0,
  };
}

/**
 * The time a running run has left, as the admin reads it: "about N min left" from the API's
 * estimate (`secondsLeft`, from the sides' totals and the rate so far), in minutes rounded up
 * because an estimate is not worth seconds; null without an estimate. Zero left on a run still
 * going is its last page being written: "finishing".
 */
export function timeLeft(
  seconds: number | null,
): { key: string; vars?: Record<string, number> } | null {
  if (seconds === null || !Number.isFinite(seconds)) return null;
  const s = Math.max(0, Math.round(seconds));
  if (s === 0) return { key: 'settings.historical.finishing' };
  if (s < 60) return { key: 'settings.historical.underMinute' };
  const minutes = Math.ceil(s / 60);
  if (minutes < 120) return { key: 'settings.historical.minLeft', vars: { n: minutes } };
  return {
    key: 'settings.historical.hoursLeft',
    vars: { h: Math.floor(minutes / 60), m: minutes % 60 },
  };
}
