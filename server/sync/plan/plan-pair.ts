import type { CompiledMapping } from '../mapping/compile.js';
import { passesFilters } from '../mapping/filters.js';
import { hashProjection, project, type Projection } from '../mapping/projection.js';
import type { Side } from '../vocabulary.js';
import { canFlow, type ModuleContext } from './context.js';
import { buildWrite } from './build-write.js';
import { other, route, routeLines } from './merge-routes.js';
import { optInRefusal, tickOptIn, unticked } from './opt-in.js';
import type { Candidate, RecordPlan } from './types.js';

/**
 * Classifies one candidate and plans its writes: create, update, unchanged, echo, conflict or
 * skip. Pure: the same function serves real runs and dry runs, so a preview cannot disagree with
 * what a run would do. Decisions come from the link's stored hashes (did a side change since the
 * last sync?) and its base snapshot (which fields changed, for a field-level three-way merge).
 */
export function planPair(ctx: ModuleContext, c: Candidate): RecordPlan {
  const { def } = ctx;
  const projections: RecordPlan['projections'] = {};
  const hashes: RecordPlan['hashes'] = {};
  if (c.sage) {
    projections.sage = project(
      'sage',
      c.sage,
      ctx.mappings,
      ctx.lineMappings,
      def.lines?.sageField,
    );
    hashes.sage = hashProjection(projections.sage);
  }
  if (c.zoho) {
    projections.zoho = project(
      'zoho',
      c.zoho,
      ctx.mappings,
      ctx.lineMappings,
      def.lines?.zohoField,
    );
    hashes.zoho = hashProjection(projections.zoho);
  }
  const sageKey = c.sage?.id ?? c.link?.sageKey ?? keyFromZoho(ctx, c);
  const plan: RecordPlan = {
    candidate: c,
    action: 'unchanged',
    sageKey,
    zohoId: c.zoho?.id ?? c.link?.zohoId,
    writes: {},
    changes: [],
    warnings: [],
    writeSageKeyToZoho: false,
    projections,
    hashes,
  };
  if (c.snapshot && c.link) {
    // Nothing new on the trigger side and the other side unread: no filter, opt-in or merge to
    // decide (snapshot.ts).
    const written = c.trigger === 'sage' ? c.link.sageWrittenHash : c.link.zohoWrittenHash;
    plan.action = written !== undefined && written === hashes[c.trigger] ? 'echo' : 'unchanged';
    return plan;
  }
  if (c.link?.state === 'deleted') {
    return skip(
      plan,
      `the linked record was deleted (${c.link.lastError ?? 'delete policy'}); not recreated`,
      true,
    );
  }
  const filtered = passesFilters(ctx.filters, ctx.settings.filterMatch, {
    sage: c.sage?.fields,
    zoho: c.zoho?.fields,
  });
  if (!filtered.pass) return skip(plan, filtered.reason, true);
  const notOptedIn = optInRefusal(ctx, c);
  if (notOptedIn) return skip(plan, notOptedIn, true);

  let linked = c.link?.state === 'linked';
  // An intent naming a Zoho record that is gone (deleted after the Sage create it started, before
  // its key reached Zoho) is a pair that lost its Zoho side too: writing to that id would fail on
  // every retry.
  const intentLostZoho = c.link?.state === 'intent' && !!c.link.zohoId && !!c.sage && !c.zoho;
  if ((linked || intentLostZoho) && c.link && (!c.sage || !c.zoho)) {
    const missing: Side = c.sage ? 'zoho' : 'sage';
    // A side that only receives this module lost its copy: the master recreates it.
    if (canFlow(ctx, missing) || !canFlow(ctx, other(missing))) {
      plan.linkedGone = missing;
      return skip(
        plan,
        `the linked ${missing === 'zoho' ? 'Zoho' : 'Sage'} record no longer exists`,
      );
    }
    linked = false;
    if (missing === 'zoho') plan.zohoId = undefined;
    else plan.sageKey = undefined;
    plan.warnings.push(
      `recreated: the ${missing === 'zoho' ? 'Zoho' : 'Sage'} record had been deleted`,
    );
  }
  if (linked && c.link && c.sage && c.zoho) {
    const sageChanged = hashes.sage !== c.link.sageHash;
    const zohoChanged = hashes.zoho !== c.link.zohoHash;
    if (!sageChanged && !zohoChanged) {
      plan.writeSageKeyToZoho = needsKey(ctx, c, sageKey);
      const written = c.trigger === 'sage' ? c.link.sageWrittenHash : c.link.zohoWrittenHash;
      plan.action = written !== undefined && written === hashes[c.trigger] ? 'echo' : 'unchanged';
      plan.tickOptIn = ctx.optInGiven === true && unticked(ctx, c);
      if (plan.writeSageKeyToZoho || plan.tickOptIn) plan.action = 'update';
      return plan;
    }
  }
  if (!c.sage && !canFlow(ctx, 'zoho')) {
    const readOnly = ctx.def.zohoReadOnly?.reason;
    return skip(
      plan,
      readOnly
        ? `${readOnly}: a record created in Zoho is not sent to Sage`
        : 'Zoho → Sage is not enabled for this module',
      true,
    );
  }
  if (!c.zoho && !canFlow(ctx, 'sage'))
    return skip(plan, 'Sage → Zoho is not enabled for this module', true);

  const base = linked ? c.link?.base : intentBase(c, projections.sage);
  const toZohoMappings: CompiledMapping[] = [];
  const toSageMappings: CompiledMapping[] = [];
  const conflicts: NonNullable<RecordPlan['conflictFields']> = [];
  for (const m of ctx.mappings) {
    const side = route(ctx, c, m, projections, base, conflicts, plan);
    if (side === 'sage') toZohoMappings.push(m);
    else if (side === 'zoho') toSageMappings.push(m);
  }
  const linesFrom = ctx.lineMappings
    ? routeLines(ctx, c, projections, base, conflicts, plan)
    : undefined;
  if (conflicts.length > 0) {
    return Object.assign(plan, {
      action: 'conflict' as const,
      conflictFields: conflicts,
      reason: `both sides changed ${conflicts.map((f) => f.field).join(', ')} since the last sync`,
    });
  }

  const problems: string[] = [];
  const merge = { base, projections };
  if (c.sage && (toZohoMappings.length > 0 || linesFrom === 'sage')) {
    const w = buildWrite(ctx, 'sage', c.sage, c.zoho, toZohoMappings, linesFrom === 'sage', merge);
    problems.push(...w.problems);
    plan.waitingFor ??= w.waitingFor;
    if (w.write) plan.writes.zoho = w.write;
    plan.changes.push(...w.changes);
    plan.warnings.push(...w.warnings);
  }
  if (c.zoho && (toSageMappings.length > 0 || linesFrom === 'zoho')) {
    const w = buildWrite(ctx, 'zoho', c.zoho, c.sage, toSageMappings, linesFrom === 'zoho', merge);
    problems.push(...w.problems);
    plan.waitingFor ??= w.waitingFor;
    if (w.write) plan.writes.sage = w.write;
    plan.changes.push(...w.changes);
    plan.warnings.push(...w.warnings);
  }
  if (problems.length > 0) {
    plan.writes = {};
    plan.changes = [];
    return skip(plan, problems.join('; '));
  }
  plan.writeSageKeyToZoho = needsKey(ctx, c, sageKey) && !plan.writes.zoho;
  tickOptIn(ctx, c, plan);
  const creates = plan.writes.zoho?.kind === 'create' || plan.writes.sage?.kind === 'create';
  const writes = plan.writes.zoho || plan.writes.sage || plan.writeSageKeyToZoho || plan.tickOptIn;
  plan.action = creates ? 'create' : writes ? 'update' : 'unchanged';
  markReverted(ctx, c, plan);
  return plan;
}

/** A Zoho edit to a read-only module's record: the write puts Sage's values back, and says why. */
function markReverted(ctx: ModuleContext, c: Candidate, plan: RecordPlan): void {
  const readOnly = ctx.def.zohoReadOnly?.reason;
  if (!readOnly || c.trigger !== 'zoho' || plan.writes.zoho?.kind !== 'update') return;
  plan.reverted = true;
  const fields = Object.keys(plan.writes.zoho.fields).join(', ');
  plan.reason = `reverted a Zoho edit of ${fields} to Sage's values: ${readOnly}`;
}

/** The plan as a skip, with its reason. */
const skip = (plan: RecordPlan, reason: string, benign = false): RecordPlan =>
  Object.assign(plan, { action: 'skip' as const, reason, benign });

/**
 * The base of a Sage create interrupted after Sage made the record (the intent and Sage's copy
 * are both there): what the product wrote, over Sage's own values for the fields it did not write
 * (its defaults), and Zoho as it was read then. Against it the record Sage holds is our write, so
 * the rerun completes the link (the key into Zoho) instead of weighing our own formatting of a
 * phone number against Zoho's as if both sides had edited it.
 */
function intentBase(
  c: Candidate,
  sage: Projection | undefined,
): { sage?: Projection; zoho?: Projection } | undefined {
  const written = c.link?.state === 'intent' ? c.link.base : undefined;
  if (!written?.sage || !sage) return undefined;
  return {
    sage: {
      fields: { ...sage.fields, ...written.sage.fields },
      ...(sage.lines || written.sage.lines ? { lines: written.sage.lines ?? sage.lines } : {}),
    },
    zoho: written.zoho,
  };
}

/** A Zoho record already carrying a Sage key (written by an earlier, interrupted sync). */
function keyFromZoho(ctx: ModuleContext, c: Candidate): string | undefined {
  const value = c.zoho?.fields[ctx.def.zohoKeyField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

const needsKey = (ctx: ModuleContext, c: Candidate, sageKey: string | undefined): boolean =>
  !!c.zoho && !!sageKey && !!c.sage && c.zoho.fields[ctx.def.zohoKeyField] !== sageKey;
