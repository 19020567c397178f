import type { DealStageRule } from '../../sync/model/index.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';

/**
 * The org's Deal stages (the `Stage` picklist of Zoho's Deals, custom pipelines included): what
 * the settings tab offers for the Deal stage rule (ADR 0066) and what a saved rule is checked
 * against, since a stage Zoho does not have would make every move fail later, record by record.
 */
export type DealStageOptions =
  { from: 'zoho'; stages: string[] } | { from: 'unavailable'; stages: []; reason: string };

export async function dealStageOptions(deps: ApiDeps, tenantId: string): Promise<DealStageOptions> {
  if (!deps.zohoMetadata) {
    return { from: 'unavailable', stages: [], reason: 'Zoho is not configured.' };
  }
  try {
    const fields = await deps.zohoMetadata(tenantId).getFields('Deals');
    const stage = fields.find((f) => f.api_name === 'Stage');
    const values = Array.isArray(stage?.pick_list_values) ? stage.pick_list_values : [];
    const stages = values
      .map((v: unknown) =>
        v && typeof v === 'object'
          ? ((v as { actual_value?: unknown; display_value?: unknown }).actual_value ??
            (v as { display_value?: unknown }).display_value)
          : v,
      )
      .filter((v): v is string => typeof v === 'string' && v !== '' && v !== '-None-');
    return { from: 'zoho', stages };
  } catch (err) {
    return {
      from: 'unavailable',
      stages: [],
      reason: `Zoho did not list the Deal stages (${(err as Error).message}).`,
    };
  }
}

/**
 * Refuses (422, one issue per status) a rule naming a stage the org's Deals do not have. When
 * Zoho cannot be asked the rule is saved as given: the move's own refusal is noted per record.
 */
export async function checkDealStages(
  deps: ApiDeps,
  tenantId: string,
  rule: DealStageRule,
): Promise<void> {
  const options = await dealStageOptions(deps, tenantId);
  if (options.from !== 'zoho') return;
  const known = new Set(options.stages);
  const issues = Object.entries(rule.stages)
    .filter(([, stage]) => stage !== undefined && !known.has(stage))
    .map(([status, stage]) => ({
      path: `dealStages.stages.${status}`,
      message: `Zoho's Deals have no stage "${stage}"; pick one of the org's stages.`,
    }));
  if (issues.length === 0) return;
  throw new HttpProblem(422, 'Unknown Deal stage', `${issues[0]!.path}: ${issues[0]!.message}`, {
    code: 'unknown_deal_stage',
    issues,
  });
}
