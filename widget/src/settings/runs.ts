import type { RunReport, RunStart, RunSummary, SettingsApi } from './api.js';
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

/** Read, written, left, rate and time left of a run, from its progress (or its counts). */
export function progressOf(run: RunSummary) {
  const p = run.progress;
  const read = p ? p.read.sage + p.read.zoho : 0;
  const written = p
    ? p.written.sage + p.written.zoho
    : (run.counts.created ?? 0) + (run.counts.updated ?? 0);
  const done = FINAL.has(run.status);
  const estimated = p?.estimatedTotal ?? null;
  const total = done ? Math.max(read, estimated ?? 0) : estimated;
  const left = total !== null ? Math.max(0, total - read) : null;
  const percent = done ? 100 : total ? Math.min(99, Math.round((read / total) * 100)) : null;
  return {
    read,
    written,
    left,
    total,
    percent,
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
