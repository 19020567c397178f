import type { Repositories } from '../db/repositories/index.js';
import type { RecordEvent, Run } from '../sync/model/index.js';
import { isModuleName } from '../sync/catalog/index.js';
import { isFinalStatus, MODULES } from '../sync/vocabulary.js';
import { countLines } from '../notify/message.js';
import { allowOnly, optionText, UsageError, type CliIo, type ParsedArgs } from './args.js';

/** Records that did not go through come first: they are what an operator looks for. */
const RANK: Record<string, number> = { failed: 0, conflict: 1, skipped: 2 };
/** A run's events read at most (its records beyond are in the widget's log and the CSV export). */
const EVENTS_READ = 5000;

export function runLine(run: Run): string {
  const counts =
    countLines(run.counts)
      .map(([k, n]) => `${k} ${n}`)
      .join(', ') || 'no records';
  const end = run.finishedAt ?? run.status;
  const dry = run.dryRun ? ' (dry run)' : '';
  const reason = run.reason ? `  reason: ${run.reason}` : '';
  return `${run.id}  ${run.module}  ${run.kind}${dry}  ${run.status}  ${run.startedAt} → ${end}  ${counts}${reason}`;
}

function eventLine(e: RecordEvent): string {
  const ids = [e.zohoId && `Zoho ${e.zohoId}`, e.sageKey && `Sage ${e.sageKey}`]
    .filter(Boolean)
    .join(' / ');
  return `  ${e.action}  ${e.direction}  ${ids}${e.reason ? `: ${e.reason}` : ''}`;
}

/**
 * `npm run tenant -- runs --tenant <id> [--module M] [--limit N] [--run <id>]`: the newest runs,
 * or one run and its records (failures first), for an operator without the widget.
 */
export async function runRunsCommand(
  args: ParsedArgs,
  io: CliIo,
  repos: Pick<Repositories, 'tenants' | 'runs' | 'events'>,
): Promise<number> {
  allowOnly(args, ['tenant', 'module', 'limit', 'run']);
  const tenantId = optionText(args, 'tenant');
  if (!tenantId) throw new UsageError('runs needs --tenant <id>');
  if (!(await repos.tenants.get(tenantId))) throw new UsageError(`unknown tenant "${tenantId}"`);
  const module = optionText(args, 'module');
  if (module !== undefined && !isModuleName(module)) {
    throw new UsageError(`unknown module "${module}"; modules are ${MODULES.join(', ')}`);
  }
  const limitText = optionText(args, 'limit');
  const limit = limitText === undefined ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new UsageError(`--limit "${limitText}" is not a whole number from 1 to 500`);
  }
  const runId = optionText(args, 'run');
  if (runId === undefined) {
    const runs = await repos.runs.listRecent(tenantId, { module, limit });
    if (runs.length === 0) io.out('no runs');
    for (const r of runs) io.out(runLine(r));
    return 0;
  }
  const run = await repos.runs.get(tenantId, runId);
  if (!run) {
    io.err(`tenant ${tenantId} has no run ${runId}`);
    return 1;
  }
  io.out(runLine(run));
  const events = (await repos.events.query(tenantId, { runId, limit: EVENTS_READ })).sort(
    (a, b) => (RANK[a.action] ?? 9) - (RANK[b.action] ?? 9) || a.id - b.id,
  );
  for (const e of events.slice(0, limit)) io.out(eventLine(e));
  if (events.length > limit) io.out(`  … ${events.length - limit} more (--limit N shows more)`);
  return 0;
}

/**
 * `npm run tenant -- cancel --tenant <id> --run <run id>`: what the settings tab's Cancel does. A
 * queued run is cancelled at once; a running one stops after the page it is on (its records so
 * far are kept, and the next run carries on from there).
 */
export async function runCancelCommand(
  args: ParsedArgs,
  io: CliIo,
  repos: Pick<Repositories, 'tenants' | 'runs'>,
): Promise<number> {
  allowOnly(args, ['tenant', 'run']);
  const tenantId = optionText(args, 'tenant');
  const runId = optionText(args, 'run');
  if (!tenantId || !runId) throw new UsageError('cancel needs --tenant <id> and --run <run id>');
  if (!(await repos.tenants.get(tenantId))) throw new UsageError(`unknown tenant "${tenantId}"`);
  const before = await repos.runs.get(tenantId, runId);
  if (!before) {
    io.err(`tenant ${tenantId} has no run ${runId}`);
    return 1;
  }
  if (isFinalStatus(before.status)) {
    io.err(
      `run ${runId} has already ${before.status === 'cancelled' ? 'been cancelled' : `ended ${before.status}`}`,
    );
    return 1;
  }
  const run = (await repos.runs.requestCancel(tenantId, runId))!;
  io.out(
    run.status === 'cancelled'
      ? `run ${runId} cancelled before it started`
      : `run ${runId} will stop after the page it is on (npm run tenant -- runs --tenant ${tenantId} --run ${runId} follows it)`,
  );
  return 0;
}
