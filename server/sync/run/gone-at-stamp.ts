import type { NewRecordEvent } from '../model/index.js';
import type { ModuleContext } from '../plan/context.js';
import { handleDeletes, type DeleteState } from './deletes.js';
import { step, type EngineDeps } from './deps.js';

/** The note on the event of a record Zoho deleted by its stamp write, in a scheduled run. */
export const GONE_IN_THIS_RUN =
  'deleted in Zoho after its Sage write landed: the Sage write stands, the sync stamp was not ' +
  "written, and the deletion takes the module's delete policy in this run (its own event)";

/** The same for "Sync to Sage" of one record, which leaves the deletion to the next run. */
export const GONE_NEXT_RUN =
  'deleted in Zoho after its Sage write landed: the Sage write stands, the sync stamp was not ' +
  "written, and the deletion takes the module's delete policy in the module's next run";

/**
 * Zoho records whose Sage write landed and which Zoho had deleted by their stamp write
 * (`Work.zohoGone`): their deletion takes the delete policy in the same run, once their page is
 * stored (their links are then linked, with the Sage write's hashes). The caller stores the
 * events this returns. Zoho is asked first: only
 * ids it no longer has are deletions; one it still has keeps its link and waits for a change.
 *
 * Safe at every crash: before this, the page is stored and Zoho's deleted log lists the record
 * for the next run (as before this pass existed); once the policy is applied the link is
 * `deleted`, so that log entry meets no linked link and nothing is applied twice. A brake or a
 * failed removal is `handleDeletes`' own: the run stops, or the event is failed and the next run's
 * log brings it back.
 */
export async function applyDeletionsFoundAtStamp(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
  runId: string,
  zohoIds: string[],
  state: DeleteState,
): Promise<NewRecordEvent[]> {
  if (zohoIds.length === 0 || state.dryRun) return [];
  const { module } = ctx.def;
  const still = await deps.gateways.crm.get(module, zohoIds);
  const gone = zohoIds.filter((id) => !still.has(id));
  if (gone.length === 0) return [];
  await step(deps, 'zoho.gone-found', { zohoId: gone[0] });
  return handleDeletes(deps, ctx, tenantId, runId, 'zoho', gone, state);
}
