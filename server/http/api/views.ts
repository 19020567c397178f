import type { Run } from '../../db/repositories/runs.js';
import type { RunReport } from '../../sync/engine.js';

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
