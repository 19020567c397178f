import type { CompiledMapping } from '../mapping/compile.js';
import { flowsFrom } from '../mapping/compile.js';
import { pick, type Projection } from '../mapping/projection.js';
import { toSage, toZoho } from '../mapping/transforms.js';
import { sameValue } from '../mapping/values.js';
import type { Side } from '../vocabulary.js';
import { canFlow, type ModuleContext } from './context.js';
import { decideWinner } from './decide.js';
import { linesAgree } from './lines-agree.js';
import type { Candidate, RecordPlan } from './types.js';

/**
 * The field-level three-way merge of `planPair`: for each mapping (and the lines as one), which
 * side's value is written to the other, judged by what each side changed since the base
 * snapshot, the run's direction, and the conflict policy when both changed. Both-changed fields
 * with no winner are collected in `conflicts`.
 */

export const other = (side: Side): Side => (side === 'sage' ? 'zoho' : 'sage');

type Base = { sage?: Projection; zoho?: Projection } | undefined;
type Conflicts = NonNullable<RecordPlan['conflictFields']>;

/**
 * Which side's value a mapping carries, or undefined when nothing flows. A side whose change must
 * wait for a run that carries it is noted in `plan.deferred`. (No closures here: this runs for
 * every mapping of every record.)
 */
export function route(
  ctx: ModuleContext,
  c: Candidate,
  m: CompiledMapping,
  p: RecordPlan['projections'],
  base: Base,
  conflicts: Conflicts,
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
  conflicts: Conflicts,
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
  conflicts: Conflicts,
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

/** Which side's lines are written to the other: the lines move as one, like a single field. */
export function routeLines(
  ctx: ModuleContext,
  c: Candidate,
  p: RecordPlan['projections'],
  base: Base,
  conflicts: Conflicts,
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
  if (linesAgree(ctx, c.sage, c.zoho)) return undefined;
  const winner = decideWinner(ctx, undefined, c.sage, c.zoho);
  if (!winner && (p.sage?.lines?.length ?? 0) + (p.zoho?.lines?.length ?? 0) > 0) {
    conflicts.push({ field: 'lines', zohoValue: p.zoho?.lines, sageValue: p.sage?.lines });
  }
  return winner;
}
