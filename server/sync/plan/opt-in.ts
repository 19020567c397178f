import type { ModuleContext } from './context.js';
import type { Candidate, RecordPlan } from './types.js';

/** The module's opt-in checkbox on this Zoho record is not ticked. */
export function unticked(ctx: ModuleContext, c: Candidate): boolean {
  const field = ctx.def.optIn?.zohoField;
  return !!field && !!ctx.optInFieldPresent && !!c.zoho && c.zoho.fields[field] !== true;
}

/**
 * Per-record opt-in (ADR 0062): with it on, a Zoho record Sage does not have yet enters Sage only
 * when ticked, or when the user sends it ("Sync to Sage"). Linked records keep syncing: unticking
 * one never leaves the two sides silently apart (filters or the direction stop a module).
 */
export function optInRefusal(ctx: ModuleContext, c: Candidate): string | undefined {
  const field = ctx.def.optIn?.zohoField;
  if (!field || !ctx.settings.optIn || ctx.optInGiven || c.link || c.sage || !c.zoho) return;
  if (c.zoho.fields[field] === true) return;
  return `not opted in: "${field}" is not ticked, and ${ctx.def.module} sends only ticked records to Sage`;
}

/** Records that enter either system through us come out ticked, so both sides show them opted in. */
export function tickOptIn(ctx: ModuleContext, c: Candidate, plan: RecordPlan): void {
  const field = ctx.def.optIn?.zohoField;
  if (!field || !ctx.optInFieldPresent) return;
  const zohoWrite = plan.writes.zoho;
  if (zohoWrite?.kind === 'create') {
    zohoWrite.fields[field] = true;
    return;
  }
  const sentToSage = plan.writes.sage?.kind === 'create' || ctx.optInGiven === true;
  if (!sentToSage || !unticked(ctx, c)) return;
  if (zohoWrite) zohoWrite.fields[field] = true;
  else plan.tickOptIn = true;
}
