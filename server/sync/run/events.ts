import type { NewRecordEvent } from '../model/index.js';
import type { RecordPlan } from '../plan/types.js';
import type { ModuleName, RecordAction } from '../vocabulary.js';
import type { Execution } from './execute.js';

const PLANNED: Record<RecordPlan['action'], RecordAction> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  echo: 'echo',
  conflict: 'conflict',
  skip: 'skipped',
};

/** The audit event of one record decision (and, when it ran, its execution). */
export function eventOf(
  tenantId: string,
  runId: string,
  module: ModuleName,
  plan: RecordPlan,
  execution?: Execution,
  replay?: { of: number; attempt: number },
): NewRecordEvent {
  const failed = execution && !execution.ok;
  // Most records have nothing to say: no arrays for them.
  const notes =
    plan.reason || plan.warnings.length > 0 ? [plan.reason, ...plan.warnings].filter(Boolean) : [];
  if (failed) notes.unshift(execution.error);
  else if (execution?.ok && execution.note) notes.push(execution.note);
  const zohoId = execution?.ok ? execution.zohoId : plan.zohoId;
  const sageKey = execution?.ok ? execution.sageKey : plan.sageKey;
  return {
    tenantId,
    runId,
    module,
    // A reverted Zoho edit was read from Zoho but written from Sage.
    direction: plan.candidate.trigger === 'sage' || plan.reverted ? 'sage_to_zoho' : 'zoho_to_sage',
    zohoId,
    sageKey,
    action: failed ? 'failed' : PLANNED[plan.action],
    reason: notes.length > 0 ? notes.join('; ') : undefined,
    changes: plan.changes,
    attempts: execution?.attempts ?? [],
    attempt: replay?.attempt ?? 1,
    replayOf: replay?.of,
  };
}
