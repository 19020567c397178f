import type { RecordEvent } from '../model/index.js';
import { NotFoundError, SyncError } from '../errors.js';
import type { ModuleName } from '../vocabulary.js';
import type { EngineDeps } from './deps.js';
import { runRecords, type RecordRef } from './records-run.js';
import type { RunReport } from './run-module.js';

/** Events worth replaying: what did not get done. */
const REPLAYABLE = new Set(['failed', 'skipped', 'conflict']);

function refOf(e: RecordEvent): RecordRef | undefined {
  const replay = { of: e.id, attempt: e.attempt + 1 };
  if (e.direction === 'sage_to_zoho' && e.sageKey) return { side: 'sage', id: e.sageKey, replay };
  if (e.direction === 'zoho_to_sage' && e.zohoId) return { side: 'zoho', id: e.zohoId, replay };
  if (e.sageKey) return { side: 'sage', id: e.sageKey, replay };
  if (e.zohoId) return { side: 'zoho', id: e.zohoId, replay };
  return undefined;
}

/**
 * Replays events by syncing their records again from the systems' current state. Idempotent by
 * construction: the planner compares before writing, so a replay of something already done
 * writes nothing. Each module's records go in one replay run; events of dry runs are refused.
 */
async function replayEvents(
  deps: EngineDeps,
  tenantId: string,
  events: RecordEvent[],
  runId?: string,
): Promise<RunReport[]> {
  const byModule = new Map<ModuleName, Map<string, RecordRef>>();
  for (const e of events) {
    const ref = refOf(e);
    if (!ref) continue;
    const refs = byModule.get(e.module) ?? new Map<string, RecordRef>();
    refs.set(`${ref.side}|${ref.id}`, ref);
    byModule.set(e.module, refs);
  }
  const reports: RunReport[] = [];
  for (const [module, refs] of byModule) {
    // A queued replay carries out its run for the first module; any further module gets its own.
    const id = reports.length === 0 ? runId : undefined;
    reports.push(
      await runRecords(deps, tenantId, module, [...refs.values()], { kind: 'replay', runId: id }),
    );
  }
  return reports;
}

async function notDryRun(deps: EngineDeps, tenantId: string, runId: string): Promise<void> {
  const run = await deps.repos.runs.get(tenantId, runId);
  if (!run) throw new NotFoundError(`run ${runId}`);
  if (run.dryRun) throw new SyncError(`run ${runId} was a dry run: nothing to replay`, 'dry_run');
}

export async function replayEvent(
  deps: EngineDeps,
  tenantId: string,
  eventId: number,
): Promise<RunReport> {
  const event = await deps.repos.events.get(tenantId, eventId);
  if (!event) throw new NotFoundError(`event ${eventId}`);
  await notDryRun(deps, tenantId, event.runId);
  const [report] = await replayEvents(deps, tenantId, [event]);
  if (!report) throw new SyncError(`event ${eventId} names no record to replay`, 'not_replayable');
  return report;
}

export async function replayRun(
  deps: EngineDeps,
  tenantId: string,
  runId: string,
  options: { runId?: string } = {},
): Promise<RunReport[]> {
  await notDryRun(deps, tenantId, runId);
  const events = await deps.repos.events.query(tenantId, { runId });
  return replayEvents(
    deps,
    tenantId,
    events.filter((e) => REPLAYABLE.has(e.action)),
    options.runId,
  );
}

export async function replayRange(
  deps: EngineDeps,
  tenantId: string,
  range: { from: string; to: string; module?: ModuleName },
): Promise<RunReport[]> {
  const events = await deps.repos.events.query(tenantId, range);
  const runs = new Map<string, boolean>();
  const eligible: RecordEvent[] = [];
  for (const e of events) {
    if (!REPLAYABLE.has(e.action)) continue;
    if (!runs.has(e.runId))
      runs.set(e.runId, (await deps.repos.runs.get(tenantId, e.runId))?.dryRun ?? true);
    if (!runs.get(e.runId)) eligible.push(e);
  }
  return replayEvents(deps, tenantId, eligible);
}
