import type { NewRecordEvent } from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import { planPair } from '../plan/plan-pair.js';
import type { Candidate, RecordPlan } from '../plan/types.js';
import { isInterrupted, type EngineDeps } from './deps.js';
import { eventOf } from './events.js';
import type { LinkWrite } from '../stores.js';
import {
  executePlan,
  executeZohoBatch,
  isZohoOnly,
  storeLinks,
  type Execution,
} from './execute.js';
import type { LinkLookups } from './lookups.js';

export interface Processed {
  plans: RecordPlan[];
  events: NewRecordEvent[];
  benignSkips: number;
  /** The links to store, when the caller stores them with its page (`deferLinks`). */
  links: LinkWrite[];
}

/**
 * Plans every candidate and, unless this is a dry run, carries the plans out. Records are handled
 * one by one so one failure never stops the others; conflicts go to the review list once. Their
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
  },
): Promise<Processed> {
  const out: Processed = { plans: [], events: [], benignSkips: 0, links: [] };
  const executions = new Map<RecordPlan, Execution>();
  const batch: RecordPlan[] = [];
  // Zoho batches go out side by side while planning goes on; the transport holds them to the
  // tenant's concurrency limit, so a page of 500 is five upserts in flight, not one after another.
  const inFlight: Array<Promise<void>> = [];
  const flush = () => {
    const plans = batch.splice(0);
    if (plans.length === 0) return;
    inFlight.push(
      executeZohoBatch(deps, ctx, tenantId, plans, out.links).then(
        (results) => plans.forEach((p, i) => executions.set(p, results[i]!)),
        (error: unknown) => {
          if (isInterrupted(error)) throw error;
          for (const p of plans) executions.set(p, failedExecution(error));
        },
      ),
    );
  };
  /** Waits for every batch, then rethrows an injected crash: nothing keeps writing after it. */
  const settle = async () => {
    const outcomes = await Promise.allSettled(inFlight.splice(0));
    const crashed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (crashed) throw crashed.reason;
  };
  for (const candidate of candidates) {
    const plan = planPair(ctx, candidate);
    if (plan.action === 'conflict' && options.seenConflicts) {
      const key = `${plan.sageKey}|${plan.zohoId}`;
      if (options.seenConflicts.has(key)) continue;
      options.seenConflicts.add(key);
    }
    out.plans.push(plan);
    if (options.dryRun) continue;
    if (plan.action === 'conflict') await openConflict(deps, ctx, tenantId, plan);
    else if (needsExecution(plan) && isZohoOnly(plan)) {
      batch.push(plan);
      if (batch.length >= ZOHO_BATCH) flush();
    } else if (needsExecution(plan)) {
      try {
        executions.set(plan, await executePlan(deps, ctx, tenantId, plan, out.links));
      } catch (error) {
        if (isInterrupted(error)) {
          await Promise.allSettled(inFlight);
          throw error;
        }
        executions.set(plan, failedExecution(error));
      }
    }
  }
  flush();
  await settle();
  if (!options.deferLinks) await storeLinks(deps, tenantId, ctx.def.module, out.links.splice(0));
  for (const plan of out.plans) {
    if (plan.action === 'skip' && plan.benign) out.benignSkips++;
    out.events.push(
      eventOf(tenantId, runId, ctx.def.module, plan, executions.get(plan), options.replay),
    );
  }
  return out;
}

/** Zoho takes at most 100 records per write call. */
const ZOHO_BATCH = 100;

const failedExecution = (error: unknown): Execution => ({
  ok: false,
  error: error instanceof Error ? error.message : String(error),
  retryable: true,
  attempts: [],
});

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
