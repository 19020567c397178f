import type { NewRecordEvent } from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import { handleDeletes, type DeleteState } from './deletes.js';
import type { Side } from '../vocabulary.js';
import { step, type EngineDeps } from './deps.js';

/** The note on the event of a record Zoho deleted by its stamp write, in a scheduled run. */
export const GONE_IN_THIS_RUN =
  'deleted in Zoho after its Sage write landed: the Sage write stands, the sync stamp was not ' +
  "written, and the deletion takes the module's delete policy in this run (its own event)";

/** The same for "Sync to Sage" of one record, which leaves the deletion to the next run. */
export const GONE_NEXT_RUN =
  'deleted in Zoho after its Sage write landed: the Sage write stands, the sync stamp was not ' +
  "written, and the deletion takes the module's delete policy in the module's next run";

/** Said after "the linked Sage record no longer exists" when the run applies the policy. */
export const SAGE_GONE_IN_THIS_RUN =
  "the module's delete policy applies in this run (its own event), unless the delete brake " +
  'stops the run';

/** The same for "Sync to Sage" of one record: the module's next run or reconcile applies it. */
export const SAGE_GONE_LATER =
  "the module's delete policy applies when its next run meets the record, or at its reconcile";

/**
 * Linked pairs a run found gone on one side: Zoho's at the stamp write (`Work.zohoGone`: the Sage
 * write landed and Zoho had deleted the record by its stamp write), Sage's when a
 * Zoho change met a link whose Sage record is gone (Sage keeps no deleted log, so without this
 * the account was skipped on every run until the reconcile). The side is asked first, then the
 * delete policy and its brake apply as for any deletion (`handleDeletes`), once the page is
 * stored. A crash before it leaves the link linked: the next run that meets the pair, or the
 * reconcile, applies it; after it the link is `deleted` and nothing applies twice.
 */
export async function applyDeletionsFound(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
  runId: string,
  side: Side,
  ids: string[],
  state: DeleteState,
): Promise<NewRecordEvent[]> {
  if (ids.length === 0 || state.dryRun) return [];
  const { module } = ctx.def;
  const gateway = side === 'zoho' ? deps.gateways.crm : deps.gateways.sage;
  const still = await gateway.get(module, ids);
  const gone = ids.filter((id) => !still.has(id));
  if (gone.length === 0) return [];
  if (side === 'zoho') await step(deps, 'zoho.gone-found', { zohoId: gone[0] });
  else await step(deps, 'sage.gone-found', { sageKey: gone[0] });
  return handleDeletes(deps, ctx, tenantId, runId, side, gone, state);
}
