import type { CompiledMapping } from '../mapping/compile.js';
import { flowsFrom } from '../mapping/compile.js';
import { passesFilters } from '../mapping/filters.js';
import { hashProjection, pick, project, type Projection } from '../mapping/projection.js';
import { toSage, toZoho } from '../mapping/transforms.js';
import { sameValue } from '../mapping/values.js';
import type { Side } from '../vocabulary.js';
import { canFlow, type ModuleContext } from './context.js';
import { decideWinner } from './decide.js';
import { buildWrite } from './build-write.js';
import type { Candidate, RecordPlan } from './types.js';

const other = (side: Side): Side => (side === 'sage' ? 'zoho' : 'sage');

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
  if (c.sage && (toZohoMappings.length > 0 || linesFrom === 'sage')) {
    const w = buildWrite(ctx, 'sage', c.sage, c.zoho, toZohoMappings, linesFrom === 'sage');
    problems.push(...w.problems);
    plan.waitingFor ??= w.waitingFor;
    if (w.write) plan.writes.zoho = w.write;
    plan.changes.push(...w.changes);
    plan.warnings.push(...w.warnings);
  }
  if (c.zoho && (toSageMappings.length > 0 || linesFrom === 'zoho')) {
    const w = buildWrite(ctx, 'zoho', c.zoho, c.sage, toSageMappings, linesFrom === 'zoho');
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
 * Which side's value a mapping carries, or undefined when nothing flows. A side whose change must
 * wait for a run that carries it is noted in `plan.deferred`. (No closures here: this runs for
 * every mapping of every record.)
 */
function route(
  ctx: ModuleContext,
  c: Candidate,
  m: CompiledMapping,
  p: RecordPlan['projections'],
  base: { sage?: Projection; zoho?: Projection } | undefined,
  conflicts: NonNullable<RecordPlan['conflictFields']>,
  plan: RecordPlan,
): Side | undefined {
  const s2z = canFlow(ctx, 'sage') && flowsFrom(m, 'sage') && !!c.sage;
  const z2s = canFlow(ctx, 'zoho') && flowsFrom(m, 'zoho') && !!c.zoho;
  const sageChanged =
    !base?.sage || !sameValue(pick(p.sage, m.sageFields), pick(base.sage, m.sageFields));
  const zohoChanged =
    !base?.zoho || !sameValue(pick(p.zoho, m.zohoFields), pick(base.zoho, m.zohoFields));
  if (s2z && !z2s) return oneFlow(ctx, c, m, 'sage', sageChanged, zohoChanged, conflicts, plan);
  if (z2s && !s2z) return oneFlow(ctx, c, m, 'zoho', zohoChanged, sageChanged, conflicts, plan);
  if (!s2z || !z2s || !c.sage || !c.zoho) return undefined;
  if (sageChanged && !zohoChanged) return 'sage';
  if (zohoChanged && !sageChanged) return 'zoho';
  if (!sageChanged) return undefined;
  return bothChanged(ctx, c, m, conflicts);
}

/** A one-flow run of a two-way module decides like a two-way run, but only writes its own flow. */
function oneFlow(
  ctx: ModuleContext,
  c: Candidate,
  m: CompiledMapping,
  from: Side,
  ownChanged: boolean,
  otherChanged: boolean,
  conflicts: NonNullable<RecordPlan['conflictFields']>,
  plan: RecordPlan,
): Side | undefined {
  if (!ctx.narrowedFromBoth || m.direction !== 'both' || !otherChanged || !c.sage || !c.zoho) {
    return from;
  }
  const winner = ownChanged ? bothChanged(ctx, c, m, conflicts) : other(from);
  if (winner === from) return from;
  if (winner) plan.deferred = winner;
  return undefined;
}

/** A field both sides changed: nothing to do when they agree, else owner, policy or review. */
function bothChanged(
  ctx: ModuleContext,
  c: Candidate,
  m: CompiledMapping,
  conflicts: NonNullable<RecordPlan['conflictFields']>,
): Side | undefined {
  if (!c.sage || !c.zoho) return undefined;
  // Both changed: nothing to decide when they already agree.
  const asZoho = toZoho(
    m.transform,
    m.sageFields.map((f) => c.sage?.fields[f]),
    m.zohoFields.length,
    ctx.lookups,
  );
  if (
    asZoho.ok &&
    !('left' in asZoho) &&
    m.zohoFields.every((f, i) => sameValue(asZoho.values[i], c.zoho?.fields[f]))
  ) {
    return undefined;
  }
  // Or read the other way: an unset Zoho checkbox agrees with Sage's active code (`flag`).
  const asSage = toSage(
    m.transform,
    m.zohoFields.map((f) => c.zoho?.fields[f]),
    m.sageFields.length,
    ctx.lookups,
  );
  if (
    asSage.ok &&
    !('left' in asSage) &&
    m.sageFields.every((f, i) => sameValue(asSage.values[i], c.sage?.fields[f]))
  ) {
    return undefined;
  }
  const winner = decideWinner(ctx, m, c.sage, c.zoho);
  if (!winner) {
    conflicts.push({
      field: m.label,
      zohoValue: m.zohoFields.map((f) => c.zoho?.fields[f] ?? null).join(' / '),
      sageValue: m.sageFields.map((f) => c.sage?.fields[f] ?? null).join(' / '),
    });
  }
  return winner;
}

function routeLines(
  ctx: ModuleContext,
  c: Candidate,
  p: RecordPlan['projections'],
  base: { sage?: Projection; zoho?: Projection } | undefined,
  conflicts: NonNullable<RecordPlan['conflictFields']>,
  plan: RecordPlan,
): Side | undefined {
  const lineMappings = ctx.lineMappings ?? [];
  const s2z = canFlow(ctx, 'sage') && !!c.sage && lineMappings.some((m) => flowsFrom(m, 'sage'));
  const z2s = canFlow(ctx, 'zoho') && !!c.zoho && lineMappings.some((m) => flowsFrom(m, 'zoho'));
  const sageChanged = !base?.sage || !sameValue(p.sage?.lines, base.sage.lines);
  const zohoChanged = !base?.zoho || !sameValue(p.zoho?.lines, base.zoho.lines);
  // A one-flow run of a two-way module never overwrites lines the other side changed.
  const twoWay = ctx.narrowedFromBoth && lineMappings.some((m) => m.direction === 'both');
  if (s2z && !z2s) {
    if (!twoWay || !zohoChanged || !c.zoho) return 'sage';
    plan.deferred = 'zoho';
    return undefined;
  }
  if (z2s && !s2z) {
    if (!twoWay || !sageChanged || !c.sage) return 'zoho';
    plan.deferred = 'sage';
    return undefined;
  }
  if (!s2z || !z2s || !c.sage || !c.zoho) return undefined;
  if (sageChanged && !zohoChanged) return 'sage';
  if (zohoChanged && !sageChanged) return 'zoho';
  if (!sageChanged) return undefined;
  const winner = decideWinner(ctx, undefined, c.sage, c.zoho);
  if (!winner && (p.sage?.lines?.length ?? 0) + (p.zoho?.lines?.length ?? 0) > 0) {
    conflicts.push({ field: 'lines', zohoValue: p.zoho?.lines, sageValue: p.sage?.lines });
  }
  return winner;
}

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

/** The module's opt-in checkbox on this Zoho record is not ticked. */
function unticked(ctx: ModuleContext, c: Candidate): boolean {
  const field = ctx.def.optIn?.zohoField;
  return !!field && !!ctx.optInFieldPresent && !!c.zoho && c.zoho.fields[field] !== true;
}

/**
 * Per-record opt-in (ADR 0062): with it on, a Zoho record Sage does not have yet enters Sage only
 * when ticked, or when the user sends it ("Sync to Sage"). Linked records keep syncing: unticking
 * one never leaves the two sides silently apart (filters or the direction stop a module).
 */
function optInRefusal(ctx: ModuleContext, c: Candidate): string | undefined {
  const field = ctx.def.optIn?.zohoField;
  if (!field || !ctx.settings.optIn || ctx.optInGiven || c.link || c.sage || !c.zoho) return;
  if (c.zoho.fields[field] === true) return;
  return `not opted in: "${field}" is not ticked, and ${ctx.def.module} sends only ticked records to Sage`;
}

/** Records that enter either system through us come out ticked, so both sides show them opted in. */
function tickOptIn(ctx: ModuleContext, c: Candidate, plan: RecordPlan): void {
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
