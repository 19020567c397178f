import type { DealStageTrigger } from '../model/index.js';
import { settingsOrDefault } from '../modules.js';
import type { ModuleContext } from '../plan/context.js';
import type { RecordPlan } from '../plan/types.js';
import type { EngineDeps } from './deps.js';
import type { Execution } from './execute.js';

const idOf = (value: unknown): string | undefined => {
  if (typeof value === 'object' && value !== null && 'id' in value)
    return String((value as { id: unknown }).id);
  return typeof value === 'string' && /^\d+$/.test(value) ? value : undefined;
};

/**
 * The Deal stage rule (ADR 0066), after a page's writes: a Sage order whose status changed moves
 * its Deal to the stage the tenant's rule names for that status; an invoice reaching Zoho moves
 * its Deal to the `invoiced` stage. Off unless the tenant turned the rule on (on Sales_Orders).
 * A Deal that cannot be moved leaves a warning on the record's event; the record itself synced.
 */
export async function moveDealStages(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
  plans: RecordPlan[],
  executions: Map<RecordPlan, Execution>,
): Promise<void> {
  const link = ctx.def.deal;
  const directory = deps.gateways.crm.deals;
  if (!link || !directory) return;
  const rule = settingsOrDefault(
    tenantId,
    'Sales_Orders',
    await deps.repos.moduleSettings.get(tenantId, 'Sales_Orders'),
  ).dealStages;
  if (!rule?.enabled) return;
  for (const plan of plans) {
    const zohoWrite = plan.writes.zoho;
    if (!zohoWrite || !executions.get(plan)?.ok) continue;
    const { sage, zoho } = plan.candidate;
    let trigger: DealStageTrigger | undefined;
    if (link.trigger === 'invoiced') {
      if (zohoWrite.kind === 'create') trigger = 'invoiced';
    } else {
      const status = sage?.fields[link.sageStatusField];
      const before = plan.candidate.link?.base?.sage?.fields[link.sageStatusField];
      if (typeof status === 'string' && (zohoWrite.kind === 'create' || status !== before)) {
        trigger = status as DealStageTrigger;
      }
    }
    const stage = trigger ? rule.stages[trigger] : undefined;
    const dealId = idOf(zohoWrite.fields[link.zohoField] ?? zoho?.fields[link.zohoField]);
    if (!stage || !dealId) continue;
    const result = await directory.setStage(dealId, stage);
    plan.warnings.push(
      result.ok
        ? `Deal ${dealId} moved to "${stage}"`
        : `Deal ${dealId} not moved to "${stage}": ${result.code}: ${result.message}`,
    );
  }
}
