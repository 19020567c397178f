import { z } from 'zod';
import type { Repositories } from '../db/repositories/index.js';
import { isModuleName } from '../sync/catalog/index.js';
import { ModuleUnavailableError, SyncError } from '../sync/errors.js';
import { MISSING_FIELDS_FLAG } from '../sync/run/run-module.js';
import type { RunReport, SyncEngine } from '../sync/engine.js';
import { MODULES, type FlowDirection, type ModuleName } from '../sync/vocabulary.js';
import { errorLine, errorReason } from './errors.js';
import { runWarnings } from './run-warnings.js';
import { allowOnly, optionText, parseArgs, UsageError, type CliIo } from './args.js';
import { REPLAY_OPTIONS, replayFromArgs, replayUsage } from './replay-command.js';

export const SYNC_USAGE =
  'usage: npm run sync -- --tenant <id> --module <Module>[,<Module>...] [--direction both|sage_to_zoho|zoho_to_sage] [--dry-run] [--since <YYYY-MM-DD or ISO instant>] [--confirm-deletes] | --tenant <id> --replay-run <run id> | --tenant <id> --replay-event <event id>';

/**
 * A calendar date or an instant with its offset, as the API's `since` is: Date.parse alone takes
 * "2026-02-30" as 2 March and "1" as 2001, and reads an instant without offset in local time.
 */
const SINCE = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/** Exit codes: 0 succeeded, 1 failed or bad usage, 2 partial (some records not synced). */
/** `refused`: a module the Zoho org lacks (edition, GL module not installed); nothing was run. */
export const EXIT = { ok: 0, failed: 1, partial: 2, refused: 3 } as const;

export interface SyncCommandDeps {
  repos: Repositories;
  engineFor(tenantId: string): Promise<{ engine: SyncEngine; close(): void }>;
}

/** `npm run sync`: one run of one module for one tenant, with a printed summary. */
export async function runSyncCommand(
  argv: string[],
  io: CliIo,
  deps: SyncCommandDeps,
): Promise<number> {
  let args;
  try {
    args = parseArgs(argv, ['dry-run', 'confirm-deletes']);
    allowOnly(args, [
      'tenant',
      'module',
      'direction',
      'dry-run',
      'since',
      'confirm-deletes',
      ...REPLAY_OPTIONS,
    ]);
    if (args.command) throw new UsageError(`unexpected argument "${args.command}"`);
    const replayProblem = replayUsage(args);
    if (replayProblem) throw new UsageError(replayProblem);
  } catch (error) {
    io.err(`${(error as Error).message}\n${SYNC_USAGE}`);
    return EXIT.failed;
  }
  const tenantId = optionText(args, 'tenant');
  const module = optionText(args, 'module');
  const direction = optionText(args, 'direction');
  const since = optionText(args, 'since');
  const replaying = REPLAY_OPTIONS.some((o) => args.options.has(o));
  if (!tenantId || (!module && !replaying)) {
    io.err(`--tenant and --module are required\n${SYNC_USAGE}`);
    return EXIT.failed;
  }
  const modules = module ? module.split(',').map((m) => m.trim()) : [];
  const unknown = modules.find((m) => !isModuleName(m));
  if (unknown !== undefined) {
    io.err(`unknown module "${unknown}"; modules are ${MODULES.join(', ')}`);
    return EXIT.failed;
  }
  if (direction && !['both', 'sage_to_zoho', 'zoho_to_sage'].includes(direction)) {
    io.err(`unknown direction "${direction}"; use both, sage_to_zoho or zoho_to_sage`);
    return EXIT.failed;
  }
  if (since && !SINCE.safeParse(since).success) {
    io.err(`--since "${since}" is not a date (use 2026-11-01 or 2026-11-01T08:00:00Z)`);
    return EXIT.failed;
  }
  if (!(await deps.repos.tenants.get(tenantId))) {
    io.err(`unknown tenant "${tenantId}" (npm run tenant -- list shows them)`);
    return EXIT.failed;
  }

  let wired;
  try {
    wired = await deps.engineFor(tenantId);
  } catch (error) {
    io.err(`cannot connect tenant ${tenantId}: ${errorReason(error)}`);
    return EXIT.failed;
  }
  try {
    const options = {
      kind: since ? ('backfill' as const) : ('manual' as const),
      direction: direction as FlowDirection | 'both' | undefined,
      since: since ? new Date(since).toISOString() : undefined,
      confirmDeletes: args.options.has('confirm-deletes'),
    };
    const reports = replaying
      ? await replayFromArgs(args, tenantId, wired.engine)
      : await wired.engine.runMany(tenantId, modules as ModuleName[], {
          ...options,
          dryRun: args.options.has('dry-run'),
        });
    if (replaying && reports.length === 0) {
      io.out(
        `run ${optionText(args, 'replay-run')} has no failed, skipped or conflicting records to replay`,
      );
    }
    for (const report of reports) {
      for (const line of summarize(report)) io.out(line);
      for (const line of await runWarnings(deps.repos, tenantId, report)) io.out(line);
    }
    if (reports.some((r) => r.status === 'failed')) return EXIT.failed;
    return reports.some((r) => r.status === 'partial') ? EXIT.partial : EXIT.ok;
  } catch (error) {
    if (error instanceof ModuleUnavailableError) {
      io.err(`refused: ${error.module}: ${error.message}`);
      if (error.action) io.err(`  to do: ${error.action}`);
      return EXIT.refused;
    }
    // One line with the reason, never a stack trace (the CLI's contract, docs/operations.md).
    io.err(error instanceof SyncError ? error.message : errorLine(error));
    return EXIT.failed;
  } finally {
    wired.close();
  }
}

export function summarize(report: RunReport): string[] {
  const counts = Object.entries(report.counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    `${report.dryRun ? 'dry run' : 'run'} ${report.runId}: ${report.module} ${report.direction} ${report.kind}: ${report.status}`,
    `  ${counts || 'nothing to do'}`,
  ];
  if (report.reason) lines.push(`  reason: ${report.reason}`);
  // Missing fields are spelled out among the warnings (run-warnings.ts).
  for (const flag of report.flags) {
    if (!flag.startsWith(`${MISSING_FIELDS_FLAG}:`)) lines.push(`  flag: ${flag}`);
  }
  for (const r of report.records.slice(0, 50)) {
    const who = [r.sageKey && `Sage ${r.sageKey}`, r.zohoId && `Zoho ${r.zohoId}`]
      .filter(Boolean)
      .join(' / ');
    lines.push(`  ${r.action} ${who}${r.reason ? `: ${r.reason}` : ''}`);
    if (report.dryRun) {
      for (const c of r.changes)
        lines.push(`      ${c.field}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`);
    }
  }
  if (report.records.length > 50) lines.push(`  ... and ${report.records.length - 50} more`);
  return lines;
}
