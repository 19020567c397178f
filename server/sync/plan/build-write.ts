import type { FieldChange } from '../model/index.js';
import type { GatewayRecord, LineFields } from '../gateways.js';
import { fieldsOf, flowsFrom, type CompiledMapping } from '../mapping/compile.js';
import { pick, project, type Projection } from '../mapping/projection.js';
import { isEmpty, sameValue } from '../mapping/values.js';
import type { ModuleName, Side } from '../vocabulary.js';
import { lengthsOf, type ModuleContext } from './context.js';
import { nonPositiveLines } from './line-quantities.js';
import { linesOf } from './lines-agree.js';
import { settleAtSharedPrecision, settleLines } from './shared-precision.js';
import { mapLines, mapValues, subsetOf } from './map-values.js';
import type { SideWrite } from './types.js';
import { badEmail, badPicklistValues, missingMandatory, trimToLengths } from './validate.js';

export interface BuiltWrite {
  write?: SideWrite;
  changes: FieldChange[];
  warnings: string[];
  problems: string[];
  waitingFor?: { module: ModuleName; key: string };
}

/** What the merge knew: the link's base snapshot and both sides' projections now. */
export interface MergeState {
  base?: { sage?: Projection; zoho?: Projection };
  projections: Partial<Record<Side, Projection>>;
}

/**
 * The write that brings the target side in line with the source for the given mappings: only
 * fields whose normalized values differ, trimmed to the target's lengths, and checked for what
 * the target would reject. An empty value never overwrites a filled one unless the mapping says
 * so or the source cleared it on purpose since the last sync (ADR 0091).
 */
export function buildWrite(
  ctx: ModuleContext,
  from: Side,
  source: GatewayRecord,
  target: GatewayRecord | undefined,
  mappings: CompiledMapping[],
  withLines: boolean,
  merge?: MergeState,
): BuiltWrite {
  const to: Side = from === 'sage' ? 'zoho' : 'sage';
  const out: BuiltWrite = { changes: [], warnings: [], problems: [] };
  const lengths = lengthsOf(ctx, to);
  const mapped = mapValues(mappings, from, source.fields, ctx.lookups, lengths);
  for (const p of mapped.problems) {
    out.problems.push(p.reason);
    out.waitingFor ??= p.waitingFor;
  }
  out.warnings.push(...mapped.notes);
  trimToLengths(mapped.fields, lengths, out.warnings);
  settleAtSharedPrecision(mappings, to, mapped.fields, target?.fields);

  const create = !target;
  // Which fields the write carries: bits of the mapped fields' template (`subsetOf`), or, when
  // there is none, keys set one by one.
  const { shape } = mapped;
  const bits = shape !== undefined;
  const keyed: Record<string, unknown> = {};
  let mask = 0;
  let count = 0;
  let index = -1;
  // for...in, not Object.entries or Object.keys: this runs for every field of every record, and
  // the arrays those make were much of the planner's garbage (the objects are plain records).
  for (const field in mapped.fields) {
    index++;
    const value = mapped.fields[field];
    if (create) {
      if (isEmpty(value)) continue;
    } else {
      const current = target.fields[field];
      if (sameValue(value, current)) continue;
      if (isEmpty(value) && !isEmpty(current)) {
        const mapping = mappings.find((m) => fieldsOf(m, to).includes(field));
        if (
          !mapping?.emptyOverwrites &&
          !(mapping && clearedOnPurpose(mapping, from, source, merge))
        )
          continue;
      }
    }
    count++;
    if (bits) mask |= 1 << index;
    else keyed[field] = value;
  }
  const included = bits ? subsetOf(mapped.fields, shape, mask) : keyed;

  let lines: LineFields[] | undefined;
  const def = ctx.def.lines;
  if (withLines && def && ctx.lineMappings) {
    const flowing = ctx.lineMappings.filter((m) => flowsFrom(m, from));
    const sourceLines = linesOf(source, from === 'sage' ? def.sageField : def.zohoField);
    const mappedLines = mapLines(flowing, from, sourceLines, ctx.lookups);
    for (const p of mappedLines.problems) {
      out.problems.push(p.reason);
      out.waitingFor ??= p.waitingFor;
    }
    out.warnings.push(...mappedLines.notes);
    const targetField = to === 'sage' ? def.sageField : def.zohoField;
    const targetLines = target ? linesOf(target, targetField) : [];
    settleLines(flowing, to, mappedLines.lines, targetLines);
    const mandatory = to === 'zoho' ? def.zohoMandatory : def.sageMandatory;
    mappedLines.lines.forEach((line, i) => {
      // A line whose value could not be mapped already says why: not "missing" as well.
      if (mappedLines.problems.some((p) => p.reason.startsWith(`line ${i + 1}: `))) return;
      for (const f of missingMandatory(mandatory, line)) {
        out.problems.push(`line ${i + 1}: missing ${f}`);
      }
    });
    const current = target
      ? project(to, { fields: {}, lines: targetLines }, [], flowing, targetField).lines
      : [];
    const proposed = project(to, { fields: {}, lines: mappedLines.lines }, [], flowing).lines;
    if (!sameValue(proposed ?? [], current ?? [])) {
      lines = mappedLines.lines;
      // Only lines that would be sent: a zero line Sage already holds is Sage's to keep.
      if (to === 'sage') out.problems.push(...nonPositiveLines(def, flowing, sourceLines, lines));
      out.changes.push({ field: `${to}.${targetField}`, before: current ?? [], after: proposed });
    }
  }

  if (count === 0 && !lines) return out;
  const mandatory = to === 'zoho' ? ctx.def.zohoMandatory : ctx.def.sageMandatory;
  // The record as it would be after the write: the write's values over the target's.
  const missing = mandatory.filter((f) => isEmpty(f in included ? included[f] : target?.fields[f]));
  const parent =
    to === 'sage' && missing.length > 0 ? emptyParent(mappings, source, missing) : undefined;
  if (parent) out.problems.push(parent.reason);
  for (const f of missing) {
    if (parent?.fields.includes(f)) continue;
    out.problems.push(`${to === 'zoho' ? 'Zoho' : 'Sage'} requires ${f}, which is empty`);
  }
  if (to === 'zoho') {
    out.problems.push(...badPicklistValues(ctx.def.zohoPicklists, included));
    out.problems.push(...badEmail(ctx.def.match.email?.zoho, included));
  }
  if (to === 'sage' && ctx.sageValidate) out.problems.push(...ctx.sageValidate(included, lines));
  // The fields' changes come first, last field first (as they always have), then the lines'.
  const fieldChanges: FieldChange[] = [];
  for (const field in included) {
    const before = target?.fields[field] ?? null;
    fieldChanges.push({ field: changeLabel(to, field), before, after: included[field] });
  }
  fieldChanges.reverse();
  out.changes = fieldChanges.length > 0 ? fieldChanges.concat(out.changes) : out.changes;
  out.write = { kind: create ? 'create' : 'update', fields: included, lines };
  return out;
}

/**
 * Whether the source emptied this mapping's value since the last sync while the target kept
 * what was synced: a user clearing a phone number, or deleting an address line. That is a change
 * like any other and is carried. An empty value with no history (a first sync, an initial match,
 * a field the read did not return) or one the target changed too (a conflict) is not: there an
 * empty never overwrites a filled value.
 */
function clearedOnPurpose(
  m: CompiledMapping,
  from: Side,
  source: GatewayRecord,
  merge: MergeState | undefined,
): boolean {
  const to: Side = from === 'sage' ? 'zoho' : 'sage';
  const then = merge?.base;
  if (!merge || !then?.sage || !then.zoho) return false;
  const fromFields = fieldsOf(m, from);
  const toFields = fieldsOf(m, to);
  if (!fromFields.every((f) => f in source.fields)) return false;
  const before = pick(then[from], fromFields);
  if (before.every(isEmpty)) return false;
  if (sameValue(pick(merge.projections[from], fromFields), before)) return false;
  return sameValue(pick(merge.projections[to], toFields), pick(then[to], toFields));
}

const PARENT_NOUNS: Partial<Record<ModuleName, [zoho: string, sage: string]>> = {
  Accounts: ['account', 'customer'],
  Products: ['product', 'item'],
  Vendors: ['vendor', 'vendor'],
};

/**
 * A Zoho record whose parent lookup is empty (a contact with no account) lacks the Sage key
 * fields the lookup fills. Said as "Sage requires ARDivisionNo, which is empty; Sage requires
 * CustomerNo, which is empty", the sales rep could not tell what to do; it names the lookup.
 */
function emptyParent(
  mappings: CompiledMapping[],
  source: GatewayRecord,
  missing: string[],
): { reason: string; fields: string[] } | undefined {
  for (const m of mappings) {
    if (m.transform?.kind !== 'lookup') continue;
    if (!m.sageFields.some((f) => missing.includes(f))) continue;
    if (!m.zohoFields.every((f) => isEmpty(source.fields[f]))) continue;
    const [zoho, sage] = PARENT_NOUNS[m.transform.module] ?? [
      m.transform.module,
      m.transform.module,
    ];
    return {
      reason: `no ${zoho} chosen (${m.zohoFields.join(', ')} is empty): Sage files it under its ${sage}; choose the ${zoho} in Zoho, then sync again`,
      fields: m.sageFields,
    };
  }
  return undefined;
}

/** "zoho.Account_Name": made once per side and field, not once per record. */
const labels: Record<Side, Map<string, string>> = { sage: new Map(), zoho: new Map() };
function changeLabel(side: Side, field: string): string {
  let label = labels[side].get(field);
  if (label === undefined) {
    label = `${side}.${field}`;
    // Field names come from the tenant's mappings: a bounded set, but bounded here too.
    if (labels[side].size >= 10_000) labels[side].clear();
    labels[side].set(field, label);
  }
  return label;
}
