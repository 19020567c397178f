import type { RunReport, SyncEngine } from '../sync/engine.js';
import { optionText, type ParsedArgs } from './args.js';

/** The options that choose a replay instead of a run; they take no module, date or dry run. */
export const REPLAY_OPTIONS = ['replay-run', 'replay-event'] as const;

/**
 * `npm run sync -- --tenant <id> --replay-run <run id>` (that run's failed, skipped and
 * conflicting records again) or `--replay-event <event id>` (one record): what the settings tab's
 * and the status panel's Replay do, for an operator who fixed the cause at night. Returns the
 * replay's reports; an empty list means the run had nothing to replay.
 */
export async function replayFromArgs(
  args: ParsedArgs,
  tenantId: string,
  engine: SyncEngine,
): Promise<RunReport[]> {
  const runId = args.options.get('replay-run');
  const eventText = args.options.get('replay-event');
  if (typeof runId === 'string') return engine.replayRun(tenantId, runId);
  return [await engine.replayEvent(tenantId, Number(eventText))];
}

/** Usage problems of a replay's options, checked before anything is opened. */
export function replayUsage(args: ParsedArgs): string | undefined {
  const given = REPLAY_OPTIONS.filter((o) => args.options.has(o));
  if (given.length === 0) return undefined;
  if (given.length > 1) return '--replay-run and --replay-event: one at a time';
  const clash = ['module', 'direction', 'dry-run', 'since', 'confirm-deletes'].find((o) =>
    args.options.has(o),
  );
  if (clash) return `--${given[0]} replays what the run or event names: --${clash} does not apply`;
  const event = optionText(args, 'replay-event');
  if (event !== undefined && !/^[1-9]\d{0,15}$/.test(event)) {
    return `--replay-event "${event}" is not an event id (a whole number)`;
  }
  return undefined;
}
