import type { Repositories } from '../db/repositories/index.js';
import type { RunReport } from '../sync/engine.js';
import { MISSING_FIELDS_FLAG } from '../sync/run/run-module.js';

/** Actions whose audit note is a warning (a trim, a dropped value), not a failure or a skip. */
const DONE = ['created', 'updated', 'unchanged'] as const;
const SHOWN = 50;

const who = (r: { sageKey?: string; zohoId?: string }) =>
  [r.sageKey && `Sage ${r.sageKey}`, r.zohoId && `Zoho ${r.zohoId}`].filter(Boolean).join(' / ');

/**
 * The warnings of a run, for the CLI's summary: mapped Zoho fields the org lacks (a run flag), and
 * the notes on records that were written anyway (values trimmed to Sage's lengths...), which a
 * report keeps only for failures and skips, so they are read back from the run's audit events.
 */
export async function runWarnings(
  repos: Pick<Repositories, 'events'>,
  tenantId: string,
  report: RunReport,
): Promise<string[]> {
  const lines: string[] = [];
  for (const flag of report.flags) {
    if (flag.startsWith(`${MISSING_FIELDS_FLAG}:`)) {
      const fields = flag.slice(MISSING_FIELDS_FLAG.length + 1).split(',');
      lines.push(
        `  warning: mapped Zoho fields this org does not have were left out: ${fields.join(', ')}`,
      );
    }
  }
  const noted: Array<{ action: string; sageKey?: string; zohoId?: string; reason: string }> = [];
  if (report.dryRun) {
    // A dry run stores no events; its report lists every record already.
    for (const r of report.records) {
      if ((DONE as readonly string[]).includes(r.action) && r.reason) {
        noted.push({ ...r, reason: r.reason });
      }
    }
  } else {
    for (const action of DONE) {
      for (const e of await repos.events.query(tenantId, { runId: report.runId, action })) {
        if (e.reason) noted.push({ ...e, reason: e.reason });
      }
    }
  }
  for (const n of noted.slice(0, SHOWN)) {
    lines.push(`  warning: ${n.action} ${who(n)}: ${n.reason}`);
  }
  if (noted.length > SHOWN) lines.push(`  ... and ${noted.length - SHOWN} more warnings`);
  if (noted.length > 0) lines.push(`  ${noted.length} records written with warnings`);
  return lines;
}
