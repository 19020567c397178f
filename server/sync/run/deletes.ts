import type { Link, NewRecordEvent } from '../model/index.js';
import { DeleteBrakeError } from '../errors.js';
import { canFlow, type ModuleContext } from '../plan/context.js';
import type { Side } from '../vocabulary.js';
import { attemptsOf } from './attempts.js';
import { type EngineDeps } from './deps.js';

export interface DeleteState {
  /** Records this run removed (or would remove) on the other side so far: the brake's numerator. */
  removed: number;
  confirmDeletes: boolean;
  dryRun: boolean;
}

const NAME: Record<Side, string> = { sage: 'Sage', zoho: 'Zoho' };

/**
 * Deletions seen on one side. Per module policy: ignore (keep the other record, stop syncing the
 * pair so it is not recreated), mark the other record inactive, or delete it. Removals only flow
 * in a direction the module syncs, and the brake stops the run before removing more than the set
 * share of linked records (a capped or broken listing must not empty the other system).
 */
export async function handleDeletes(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
  runId: string,
  deletedOn: Side,
  ids: string[],
  state: DeleteState,
): Promise<NewRecordEvent[]> {
  const { module } = ctx.def;
  const { links } = deps.repos;
  if (ids.length === 0) return [];
  const found =
    deletedOn === 'zoho'
      ? await links.findManyByZohoIds(tenantId, module, ids)
      : await links.findManyBySageKeys(tenantId, module, ids);
  const linked = found.filter((l) => l.state === 'linked');
  if (linked.length === 0) return [];
  const other: Side = deletedOn === 'sage' ? 'zoho' : 'sage';
  if (!canFlow(ctx, deletedOn)) {
    // The deleted side only receives this module (Sage is its master): the link is released, so
    // the next change on the other side recreates the record instead of leaving it gone.
    return releaseLinks(deps, ctx, tenantId, runId, deletedOn, linked, state.dryRun);
  }
  const policy = ctx.settings.deletePolicy;
  const direction = deletedOn === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage';
  const when = (deps.now?.() ?? new Date()).toISOString();

  if (policy !== 'ignore' && !state.confirmDeletes) {
    const total = await links.count(tenantId, module, 'linked');
    const wouldRemove = state.removed + linked.length;
    if (wouldRemove > (total * ctx.settings.deleteBrakePercent) / 100) {
      throw new DeleteBrakeError(wouldRemove, total, ctx.settings.deleteBrakePercent);
    }
  }

  const events: NewRecordEvent[] = [];
  for (const link of linked) {
    const base = {
      tenantId,
      runId,
      module,
      direction,
      zohoId: link.zohoId,
      sageKey: link.sageKey,
      attempt: 1,
    } as const;
    const tombstone = `deleted in ${NAME[deletedOn]} at ${when}`;
    if (policy === 'ignore') {
      if (!state.dryRun)
        await links.update(tenantId, link.id, { state: 'deleted', lastError: tombstone });
      events.push({
        ...base,
        action: 'skipped',
        reason: `${tombstone}; delete policy is "ignore", the ${NAME[other]} record is kept`,
        changes: [],
        attempts: [],
      });
      continue;
    }
    const target = other === 'sage' ? link.sageKey : link.zohoId;
    const change = {
      field: `${other}.record`,
      before: 'active',
      after: policy === 'delete' ? 'deleted' : 'inactive',
    };
    if (state.dryRun || !target) {
      state.removed++;
      events.push({
        ...base,
        action: 'deleted',
        reason: tombstone,
        changes: [change],
        attempts: [],
      });
      continue;
    }
    const gateway = other === 'sage' ? deps.gateways.sage : deps.gateways.crm;
    const result =
      policy === 'delete'
        ? await gateway.delete(module, target)
        : await gateway.markInactive(module, target);
    const attempts = attemptsOf(
      result,
      `${other}.${policy === 'delete' ? 'delete' : 'markInactive'}`,
      when,
    );
    if (result.ok) {
      state.removed++;
      await links.update(tenantId, link.id, { state: 'deleted', lastError: tombstone });
      events.push({
        ...base,
        action: 'deleted',
        reason: tombstone,
        changes: [change],
        attempts,
      });
    } else {
      events.push({
        ...base,
        action: 'failed',
        reason: `${result.code}: ${result.message}`,
        changes: [change],
        attempts,
      });
    }
  }
  return events;
}

async function releaseLinks(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
  runId: string,
  deletedOn: Side,
  links: Link[],
  dryRun: boolean,
): Promise<NewRecordEvent[]> {
  const master = deletedOn === 'sage' ? 'Zoho' : 'Sage';
  const events: NewRecordEvent[] = [];
  for (const link of links) {
    if (!dryRun) await deps.repos.links.delete(tenantId, link.id);
    events.push({
      tenantId,
      runId,
      module: ctx.def.module,
      direction: deletedOn === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage',
      zohoId: link.zohoId,
      sageKey: link.sageKey,
      action: 'skipped',
      reason: `deleted in ${NAME[deletedOn]}; ${ctx.def.module} flows from ${master} only, so its next change there recreates it`,
      changes: [],
      attempts: [],
      attempt: 1,
    });
  }
  return events;
}
