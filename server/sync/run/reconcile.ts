import { refuseOverCredits, refuseUnavailable } from './availability-check.js';
import { ModuleDisabledError } from '../errors.js';
import type { GatewayRecord, RecordPage } from '../gateways.js';
import { hashProjection, project } from '../mapping/projection.js';
import type { NewRecordEvent, RunReport } from '../model/index.js';
import { settingsOrDefault } from '../modules.js';
import { canFlow } from '../plan/context.js';
import type { Candidate } from '../plan/types.js';
import type { ModuleName } from '../vocabulary.js';
import { loadCandidates } from './candidates.js';
import { handleDeletes } from './deletes.js';
import { applyDeletionsFound } from './gone-at-stamp.js';
import { isoNow, type EngineDeps } from './deps.js';
import { withRun } from './lifecycle.js';
import { loadModuleContext } from './load-context.js';
import { processCandidates } from './process.js';
import { outcomeOf } from './run-report.js';

async function all(list: (token?: string) => Promise<RecordPage>): Promise<GatewayRecord[]> {
  const out: GatewayRecord[] = [];
  let token: string | undefined;
  do {
    const page = await list(token);
    out.push(...page.records);
    token = page.nextPageToken;
  } while (token);
  return out;
}

/**
 * A full comparison of one module: every linked pair's current hashes against the link's, so
 * changes that moved no timestamp (Sage bulk imports, Visual Integrator) are found and repaired;
 * records missing from one side are handled by the delete policy and its brake; records on one
 * side only are created on the other. `counts.drift` is how many linked pairs had drifted.
 */
export async function reconcileModule(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  options: { dryRun?: boolean; confirmDeletes?: boolean } = {},
): Promise<RunReport> {
  const settings = settingsOrDefault(
    tenantId,
    module,
    await deps.repos.moduleSettings.get(tenantId, module),
  );
  if (settings.direction === 'disabled') throw new ModuleDisabledError(module);
  await refuseUnavailable(deps, module);
  await refuseOverCredits(deps);
  const dryRun = options.dryRun ?? false;
  const direction =
    settings.direction === 'zoho_to_sage'
      ? 'zoho_to_sage'
      : settings.direction === 'both'
        ? 'both'
        : 'sage_to_zoho';
  const input = { tenantId, module, direction, kind: 'reconcile', dryRun } as const;
  return withRun(deps, input, async ({ tally, records, run }) => {
    const ctx = await loadModuleContext(deps, tenantId, module);
    const sage = new Map(
      (await all((t) => deps.gateways.sage.listAll(module, t))).map((r) => [r.id, r]),
    );
    const zoho = new Map(
      (await all((t) => deps.gateways.crm.listAll(module, t))).map((r) => [r.id, r]),
    );
    const links = await deps.repos.links.list(tenantId, module);
    const lineFields = ctx.def.lines;
    const drifted: Candidate[] = [];
    const goneFromSage: string[] = [];
    const goneFromZoho: string[] = [];
    for (const link of links) {
      if (link.state !== 'linked' || !link.sageKey || !link.zohoId) continue;
      const s = sage.get(link.sageKey);
      const z = zoho.get(link.zohoId);
      sage.delete(link.sageKey);
      zoho.delete(link.zohoId);
      if (!s) goneFromSage.push(link.sageKey);
      if (!z) goneFromZoho.push(link.zohoId);
      if (!s || !z) continue;
      const sh = hashProjection(
        project('sage', s, ctx.mappings, ctx.lineMappings, lineFields?.sageField),
      );
      const zh = hashProjection(
        project('zoho', z, ctx.mappings, ctx.lineMappings, lineFields?.zohoField),
      );
      if (sh !== link.sageHash || zh !== link.zohoHash) {
        drifted.push({ trigger: sh !== link.sageHash ? 'sage' : 'zoho', link, sage: s, zoho: z });
      }
    }
    await ctx.lookups.prefetch(
      ctx.mappings,
      ctx.lineMappings,
      { sage: drifted.map((c) => c.sage!), zoho: drifted.map((c) => c.zoho!) },
      lineFields && { sage: lineFields.sageField, zoho: lineFields.zohoField },
    );
    const candidates = [...drifted];
    // One-sided records: the other side never got them (or lost them without a trace).
    if (ctx.settings.initialMatchDone) {
      if (canFlow(ctx, 'sage'))
        candidates.push(...(await loadCandidates(deps, ctx, tenantId, 'sage', [...sage.values()])));
      const zohoOnly = [...zoho.values()].filter(
        (z) => !z.fields[ctx.def.zohoKeyField] || !canFlow(ctx, 'sage'),
      );
      if (canFlow(ctx, 'zoho'))
        candidates.push(...(await loadCandidates(deps, ctx, tenantId, 'zoho', zohoOnly)));
    }
    const processed = await processCandidates(deps, ctx, tenantId, run.id, candidates, { dryRun });
    const state = { removed: 0, confirmDeletes: options.confirmDeletes ?? false, dryRun };
    const deletions: NewRecordEvent[] = [
      ...(await handleDeletes(deps, ctx, tenantId, run.id, 'sage', goneFromSage, state)),
      ...(await handleDeletes(deps, ctx, tenantId, run.id, 'zoho', goneFromZoho, state)),
      // Deleted in Zoho at the stamp write of a drift repair: its links are stored already.
      ...(await applyDeletionsFound(
        deps,
        ctx,
        tenantId,
        run.id,
        'zoho',
        processed.goneFromZoho,
        state,
      )),
    ];
    const events = [...processed.events, ...deletions];
    await deps.repos.events.append(events, isoNow(deps));
    tally.add(
      events,
      processed.benignSkips + deletions.filter((e) => e.action === 'skipped').length,
    );
    const repaired = processed.plans.filter(
      (p, i) => i < drifted.length && (p.action === 'update' || p.action === 'create'),
    ).length;
    tally.bump('drift', repaired);
    for (const e of events) {
      if (dryRun || e.action !== 'unchanged') records.push(outcomeOf(e));
    }
    return { status: tally.unfinished > 0 ? 'partial' : 'succeeded' };
  });
}
