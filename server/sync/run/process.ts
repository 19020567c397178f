import type { NewRecordEvent } from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import { planPair } from '../plan/plan-pair.js';
import type { Candidate, RecordPlan } from '../plan/types.js';
import type { EngineDeps } from './deps.js';
import { eventOf } from './events.js';
import { SAGE_GONE_IN_THIS_RUN } from './gone-at-stamp.js';
import type { LinkWrite } from '../stores.js';
import { executePlans, storeLinks, type Execution, type PageSeats } from './execute.js';
import { looksUpItself } from './self-lookups.js';
import type { LinkLookups } from './lookups.js';
import { moveDealStages } from './deal-stages.js';

export interface Processed {
  plans: RecordPlan[];
  events: NewRecordEvent[];
  benignSkips: number;
  /** The links to store, when the caller stores them with its page (`deferLinks`). */
  links: LinkWrite[];
  /** Zoho ids whose Sage write landed but which Zoho had deleted by their stamp write. */
  goneFromZoho: string[];
  /** Sage keys of linked pairs skipped because Sage no longer has the record (not in dry runs). */
  goneFromSage: string[];
}

/**
 * Plans every candidate and, unless this is a dry run, carries the plans out (`executePlans`:
 * Sage writes concurrently, Zoho writes 100 to a call). One record's failure never stops the
 * others; conflicts go to the review list once. Their
 * links are stored together at the end, in one call, or, with `deferLinks`, returned for the
 * caller to store in its page's transaction.
 */
export async function processCandidates(
  deps: EngineDeps,
  ctx: ModuleContext & { lookups: LinkLookups },
  tenantId: string,
  runId: string,
  candidates: Candidate[],
  options: {
    dryRun: boolean;
    replay?: { of: number; attempt: number };
    /** Conflicts already reported by this run (its other pass): reported once per run. */
    seenConflicts?: Set<string>;
    /** Return the links instead of storing them (the caller stores them with the page). */
    deferLinks?: boolean;
    /** The Sage write seats the pass's pages share, and when this page has queued on them. */
    seats?: PageSeats;
  },
): Promise<Processed> {
  const out: Processed = {
    plans: [],
    events: [],
    benignSkips: 0,
    links: [],
    goneFromZoho: [],
    goneFromSage: [],
  };
  const executions = new Map<RecordPlan, Execution>();
  // A record whose parent is in this same batch (a GL sub-account beside its main account, as a
  // first sync's pages have them) is planned again once the batch's other records are written.
  const rounds = options.dryRun ? [candidates] : [[] as Candidate[], [] as Candidate[]];
  if (!options.dryRun) {
    const later = new Set(waitingOnBatch(ctx, candidates));
    for (const c of candidates) rounds[later.has(c) ? 1 : 0]!.push(c);
  }
  for (const round of rounds) {
    const toExecute: RecordPlan[] = [];
    for (const candidate of round) {
      const plan = planPair(ctx, candidate);
      if (plan.action === 'conflict' && options.seenConflicts) {
        const key = `${plan.sageKey}|${plan.zohoId}`;
        if (options.seenConflicts.has(key)) continue;
        options.seenConflicts.add(key);
      }
      out.plans.push(plan);
      if (options.dryRun) continue;
      if (plan.action === 'conflict') await openConflict(deps, ctx, tenantId, plan);
      else if (needsExecution(plan)) toExecute.push(plan);
    }
    const results = await executePlans(deps, ctx, tenantId, toExecute, out.links, options.seats);
    toExecute.forEach((plan, i) => executions.set(plan, results[i]!));
  }
  if (!options.deferLinks) await storeLinks(deps, tenantId, ctx.def.module, out.links.splice(0));
  if (!options.dryRun) await moveDealStages(deps, ctx, tenantId, out.plans, executions);
  for (const plan of out.plans) {
    if (plan.action === 'skip' && plan.benign) out.benignSkips++;
    const execution = executions.get(plan);
    if (execution?.ok && execution.goneFromZoho && execution.zohoId)
      out.goneFromZoho.push(execution.zohoId);
    const event = eventOf(tenantId, runId, ctx.def.module, plan, execution, options.replay);
    if (plan.linkedGone === 'sage' && plan.sageKey && !options.dryRun) {
      // Not left for the admin: the run applies the deletion (a failure there is its own event).
      out.benignSkips++;
      out.goneFromSage.push(plan.sageKey);
      event.reason = `${event.reason}: ${SAGE_GONE_IN_THIS_RUN}`;
    }
    out.events.push(event);
  }
  return out;
}

/**
 * Sage records of a module that looks itself up whose parent is another record of the batch: the
 * parent's link exists only once it is written (`LinkLookups.remember`), so they go second.
 */
function waitingOnBatch(
  ctx: ModuleContext & { lookups: LinkLookups },
  batch: Candidate[],
): Candidate[] {
  if (!looksUpItself(ctx) || batch.length < 2) return [];
  const keys = new Set(batch.flatMap((c) => (c.trigger === 'sage' && c.sage ? [c.sage.id] : [])));
  return batch.filter((c) => {
    if (c.trigger !== 'sage') return false;
    const waits = planPair(ctx, c).waitingFor;
    return waits?.module === ctx.def.module && waits.key !== c.sage?.id && keys.has(waits.key);
  });
}

/** Writes, or a link to create or refresh (a matched pair, an intent, stale hashes). */
function needsExecution(plan: RecordPlan): boolean {
  if (plan.action === 'create' || plan.action === 'update') return true;
  if (plan.action !== 'unchanged' && plan.action !== 'echo') return false;
  const { link, sage, zoho } = plan.candidate;
  if (!sage || !zoho) return false;
  return (
    !link ||
    link.state !== 'linked' ||
    link.sageHash !== plan.hashes.sage ||
    link.zohoHash !== plan.hashes.zoho ||
    !link.base
  );
}

async function openConflict(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
  plan: RecordPlan,
): Promise<void> {
  const open = await deps.repos.conflicts.listOpen(tenantId, ctx.def.module);
  const already = open.some(
    (c) =>
      (plan.sageKey && c.sageKey === plan.sageKey) || (plan.zohoId && c.zohoId === plan.zohoId),
  );
  if (already) return;
  await deps.repos.conflicts.open({
    tenantId,
    module: ctx.def.module,
    linkId: plan.candidate.link?.id,
    zohoId: plan.zohoId,
    sageKey: plan.sageKey,
    fields: plan.conflictFields ?? [],
  });
}
