import type { NewRecordEvent } from '../../db/repositories/record-events.js';
import { CATALOG } from '../catalog/index.js';
import { flowsFrom } from '../mapping/compile.js';
import type { ModuleContext } from '../plan/context.js';
import type { FlowDirection, ModuleName, RunKind, Side } from '../vocabulary.js';
import { loadCandidates } from './candidates.js';
import type { EngineDeps } from './deps.js';
import { loadModuleContext } from './load-context.js';
import type { LinkLookups } from './lookups.js';
import { processCandidates } from './process.js';
import type { RunReport } from './run-module.js';
import { finishRun, outcomeOf } from './run-report.js';
import { Tally } from './tally.js';

export interface RecordRef {
  side: Side;
  /** The Zoho id, or the Sage key. */
  id: string;
  /** Set when this sync replays an earlier event. */
  replay?: { of: number; attempt: number };
}

export interface RecordsRunOptions {
  kind?: Extract<RunKind, 'record' | 'replay'>;
  dryRun?: boolean;
  /** The review-list resolution: this side wins every contested field, or per field. */
  forceWinner?: Side | Readonly<Record<string, Side>>;
  /** Carry out this queued run (a replay queued through the job runner). */
  runId?: string;
}

/** How deep parents are brought along (contact → account; order line → product). */
const MAX_PARENT_DEPTH = 3;

/**
 * Syncs named records now: "Sync to Sage" on a record page, a replay, a conflict resolution. Each
 * record's unlinked parents are synced first, from the same side, so the child never waits.
 */
export async function runRecords(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  refs: RecordRef[],
  options: RecordsRunOptions = {},
): Promise<RunReport> {
  const ctx = await loadModuleContext(deps, tenantId, module, { forceWinner: options.forceWinner });
  const kind = options.kind ?? 'record';
  const dryRun = options.dryRun ?? false;
  const direction = refs[0]?.side === 'zoho' ? 'zoho_to_sage' : 'sage_to_zoho';
  const run = await deps.repos.runs.start({
    tenantId,
    module,
    direction,
    kind,
    dryRun,
    id: options.runId,
  });
  const tally = new Tally();
  const events: NewRecordEvent[] = [];
  let benign = 0;
  const contexts = new Map<ModuleName, ModuleContext & { lookups: LinkLookups }>([[module, ctx]]);
  const contextOf = async (m: ModuleName) => {
    const known = contexts.get(m);
    if (known) return known;
    const loaded = await loadModuleContext(deps, tenantId, m);
    contexts.set(m, loaded);
    return loaded;
  };

  const bring = async (m: ModuleName, ref: RecordRef, depth: number): Promise<void> => {
    const c = await contextOf(m);
    const gateway = ref.side === 'sage' ? deps.gateways.sage : deps.gateways.crm;
    const record = (await gateway.get(m, [ref.id])).get(ref.id);
    const flow: FlowDirection = ref.side === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage';
    if (!record) {
      events.push({
        tenantId,
        runId: run.id,
        module: m,
        direction: flow,
        sageKey: ref.side === 'sage' ? ref.id : undefined,
        zohoId: ref.side === 'zoho' ? ref.id : undefined,
        action: 'failed',
        reason: `${ref.side === 'sage' ? 'Sage' : 'Zoho'} has no ${m} record ${ref.id}`,
        changes: [],
        attempts: [],
        attempt: ref.replay?.attempt ?? 1,
        replayOf: ref.replay?.of,
      });
      return;
    }
    if (!c.settings.initialMatchDone) {
      // Before the first sync a record may have a proposed twin: creating it would duplicate.
      const open = await deps.repos.matchProposals.list(tenantId, m, 'open');
      const twin = open.find((p) => (ref.side === 'zoho' ? p.zohoId : p.sageKey) === ref.id);
      if (twin) {
        events.push({
          tenantId,
          runId: run.id,
          module: m,
          direction: flow,
          sageKey: twin.sageKey,
          zohoId: twin.zohoId,
          action: 'skipped',
          reason: `a proposed match (#${twin.id}, score ${twin.score}) awaits review; confirm or reject it first`,
          changes: [],
          attempts: [],
          attempt: ref.replay?.attempt ?? 1,
          replayOf: ref.replay?.of,
        });
        return;
      }
    }
    if (depth < MAX_PARENT_DEPTH)
      await bringParents(c, ref.side, record.fields, record.lines, depth);
    const candidates = await loadCandidates(deps, c, tenantId, ref.side, [record]);
    const processed = await processCandidates(deps, c, tenantId, run.id, candidates, {
      dryRun,
      replay: ref.replay,
    });
    benign += processed.benignSkips;
    events.push(...processed.events);
  };

  const bringParents = async (
    c: ModuleContext & { lookups: LinkLookups },
    side: Side,
    fields: Record<string, unknown>,
    lines: Array<Record<string, unknown>> | undefined,
    depth: number,
  ) => {
    const rows: Array<[ModuleContext['mappings'], Record<string, unknown>]> = [
      [c.mappings, fields],
    ];
    const lineField = side === 'sage' ? c.def.lines?.sageField : c.def.lines?.zohoField;
    const lineRows =
      lines ??
      (lineField && Array.isArray(fields[lineField])
        ? (fields[lineField] as Array<Record<string, unknown>>)
        : []);
    for (const line of lineRows) rows.push([c.lineMappings ?? [], line]);
    for (const [mappings, values] of rows) {
      for (const m of mappings) {
        if (m.transform?.kind !== 'lookup' || !flowsFrom(m, side)) continue;
        const parent = m.transform.module;
        if (!CATALOG[parent]) continue;
        let id: string | undefined;
        if (side === 'sage') {
          id = c.lookups.sageKeyFromValues(
            parent,
            m.sageFields.map((f) => values[f]),
          );
          if (
            !id ||
            (await deps.repos.links.findBySageKey(tenantId, parent, id))?.state === 'linked'
          )
            continue;
        } else {
          const v = values[m.zohoFields[0] ?? ''];
          id =
            typeof v === 'object' && v !== null
              ? String((v as { id?: unknown }).id ?? '')
              : v
                ? String(v)
                : undefined;
          if (
            !id ||
            (await deps.repos.links.findByZohoId(tenantId, parent, id))?.state === 'linked'
          )
            continue;
        }
        try {
          await bring(parent, { side, id }, depth + 1);
        } catch (error) {
          // A disabled parent module: the child is skipped with "not linked" by the planner.
          deps.logger.info({ tenantId, module: parent, err: String(error) }, 'parent not brought');
        }
      }
    }
  };

  try {
    for (const ref of refs) await bring(module, ref, 0);
  } catch (error) {
    if (error instanceof Error && error.name === 'CrashError') throw error;
    const reason = error instanceof Error ? error.message : String(error);
    await deps.repos.events.append(events);
    tally.add(events, benign);
    return report('failed', reason);
  }
  await deps.repos.events.append(events);
  tally.add(events, benign);
  const status = tally.unfinished > 0 ? 'partial' : 'succeeded';
  const reason =
    status === 'partial'
      ? events.find((e) => e.reason && e.action !== 'unchanged')?.reason
      : undefined;
  return report(status, reason);

  function report(status: RunReport['status'], reason?: string): Promise<RunReport> {
    const records = events.map(outcomeOf);
    return finishRun(deps, run, { status, counts: tally.counts, reason, flags: [], records });
  }
}
