import { refuseUnavailable } from './availability-check.js';
import {
  GONE_IN_THIS_RUN,
  GONE_NEXT_RUN,
  SAGE_GONE_IN_THIS_RUN,
  SAGE_GONE_LATER,
} from './gone-at-stamp.js';
import { CATALOG } from '../catalog/index.js';
import { ModuleDisabledError } from '../errors.js';
import { flowsFrom } from '../mapping/compile.js';
import type { NewRecordEvent, RunReport } from '../model/index.js';
import { settingsOrDefault } from '../modules.js';
import type { ModuleContext } from '../plan/context.js';
import type { FlowDirection, ModuleName, RunKind, Side } from '../vocabulary.js';
import { loadCandidates } from './candidates.js';
import { isInterrupted, isoNow, type EngineDeps } from './deps.js';
import { withRun } from './lifecycle.js';
import { loadModuleContext } from './load-context.js';
import type { LinkLookups } from './lookups.js';
import { trackOutcomes } from './pending.js';
import { publicReason } from './public-reason.js';
import { processCandidates } from './process.js';
import { outcomeOf } from './run-report.js';

export interface RecordRef {
  side: Side;
  /** The Zoho id, or the Sage key. */
  id: string;
  /** Set when this sync replays an earlier event. */
  replay?: { of: number; attempt: number };
}

/** The reason of a record sync whose record the side does not have (the API's 404 reads it). */
export const missingRecordReason = (side: Side, module: ModuleName, id: string): string =>
  `${side === 'sage' ? 'Sage' : 'Zoho'} has no ${module} record ${id}`;

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
  const settings = await deps.repos.moduleSettings.get(tenantId, module);
  if (settingsOrDefault(tenantId, module, settings).direction === 'disabled') {
    throw new ModuleDisabledError(module);
  }
  await refuseUnavailable(deps, module);
  const kind = options.kind ?? 'record';
  const dryRun = options.dryRun ?? false;
  const direction = refs[0]?.side === 'zoho' ? 'zoho_to_sage' : 'sage_to_zoho';
  const input = { tenantId, module, direction, kind, dryRun, id: options.runId } as const;
  return withRun(deps, input, async (active) => {
    const { run, tally } = active;
    const ctx = await loadModuleContext(deps, tenantId, module, {
      forceWinner: options.forceWinner,
    });
    // "Sync to Sage" is the user's opt-in for the record and the parents it brings (ADR 0062).
    const optInGiven = kind === 'record' && direction === 'zoho_to_sage';
    ctx.optInGiven = optInGiven;
    const events: NewRecordEvent[] = [];
    let benign = 0;
    const contexts = new Map<ModuleName, ModuleContext & { lookups: LinkLookups }>([[module, ctx]]);
    const contextOf = async (m: ModuleName) => {
      const known = contexts.get(m);
      if (known) return known;
      const loaded = await loadModuleContext(deps, tenantId, m);
      loaded.optInGiven = optInGiven;
      contexts.set(m, loaded);
      return loaded;
    };

    /** Syncs one record (its parents first); returns why it failed, when it did. */
    const bring = async (
      m: ModuleName,
      ref: RecordRef,
      depth: number,
    ): Promise<string | undefined> => {
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
          reason: missingRecordReason(ref.side, m, ref.id),
          changes: [],
          attempts: [],
          attempt: ref.replay?.attempt ?? 1,
          replayOf: ref.replay?.of,
        });
        return events[events.length - 1]?.reason;
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
          return events[events.length - 1]?.reason;
        }
      }
      const parentProblems =
        depth < MAX_PARENT_DEPTH
          ? await bringParents(c, ref.side, record.fields, record.lines, depth)
          : [];
      const candidates = await loadCandidates(deps, c, tenantId, ref.side, [record]);
      const processed = await processCandidates(deps, c, tenantId, run.id, candidates, {
        dryRun,
        replay: ref.replay,
      });
      benign += processed.benignSkips;
      for (const event of processed.events) {
        // Held back because a parent did not land: the parent's error is the reason, not the
        // planner's "not linked yet" (which reads as if a later run will simply fix it).
        if (
          parentProblems.length > 0 &&
          (event.action === 'skipped' || event.action === 'failed')
        ) {
          event.reason = `not synced: ${parentProblems.join('; ')}`;
        }
      }
      for (const event of processed.events) {
        // One record's sync applies no delete policy (its brake counts a whole run's removals):
        // the module's next run reads the deletion from Zoho's log.
        if (event.zohoId && processed.goneFromZoho.includes(event.zohoId))
          event.reason = event.reason?.replace(GONE_IN_THIS_RUN, GONE_NEXT_RUN);
        if (event.sageKey && processed.goneFromSage.includes(event.sageKey))
          event.reason = event.reason?.replace(SAGE_GONE_IN_THIS_RUN, SAGE_GONE_LATER);
      }
      events.push(...processed.events);
      if (!dryRun) {
        // A record that lands here is no longer owed a retry; one that fails here is owed one.
        const held = new Map(
          (await deps.repos.pendingRecords.list(tenantId, m, ref.side)).map((p) => [p.id, p]),
        );
        await trackOutcomes(deps, tenantId, m, ref.side, processed.plans, processed.events, held);
      }
      return processed.events.find((e) => e.action === 'failed')?.reason;
    };

    const bringParents = async (
      c: ModuleContext & { lookups: LinkLookups },
      side: Side,
      fields: Record<string, unknown>,
      lines: Array<Record<string, unknown>> | undefined,
      depth: number,
    ): Promise<string[]> => {
      const problems: string[] = [];
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
          if (!(await parentSyncs(parent))) {
            // A disabled parent module: the child is skipped with "not linked" by the planner.
            continue;
          }
          try {
            const failed = await bring(parent, { side, id }, depth + 1);
            if (failed) problems.push(`${parent} ${id} could not be synced first: ${failed}`);
          } catch (error) {
            if (isInterrupted(error)) throw error;
            // The parent could not be brought (Sage down, Zoho refusing): the child cannot land
            // either, and the reason is the parent's, said as such, not "not linked yet".
            const reason = publicReason(error, deps.logger, { tenantId, module: parent, id });
            deps.logger.warn({ tenantId, module: parent, id, err: reason }, 'parent not brought');
            problems.push(`${parent} ${id} could not be synced first: ${reason}`);
            parentFailures.push(problems[problems.length - 1]!);
            events.push({
              tenantId,
              runId: run.id,
              module: parent,
              direction: side === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage',
              sageKey: side === 'sage' ? id : undefined,
              zohoId: side === 'zoho' ? id : undefined,
              action: 'failed',
              reason: `brought along as a parent: ${reason}`,
              changes: [],
              attempts: [],
              attempt: 1,
            });
          }
        }
      }
      return problems;
    };

    const parentFailures: string[] = [];
    const parentSyncs = async (m: ModuleName) => {
      const saved = await deps.repos.moduleSettings.get(tenantId, m);
      return settingsOrDefault(tenantId, m, saved).direction !== 'disabled';
    };
    const store = async () => {
      await deps.repos.events.append(events, isoNow(deps));
      tally.add(events, benign);
      active.records.push(...events.map(outcomeOf));
    };
    try {
      for (const ref of refs) await bring(module, ref, 0);
    } catch (error) {
      if (isInterrupted(error)) throw error;
      await store();
      throw error;
    }
    await store();
    if (tally.unfinished === 0) return { status: 'succeeded' as const };
    const firstReason = events.find((e) => e.reason && e.action !== 'unchanged')?.reason;
    // A sync of one record (and the parents it brought) that landed nothing failed: "partly
    // done" is for a run where something did land.
    const status = tally.allFailed ? ('failed' as const) : ('partial' as const);
    return { status, reason: parentFailures[0] ?? firstReason };
  });
}
