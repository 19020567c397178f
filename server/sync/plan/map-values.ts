import type { LineFields } from '../gateways.js';
import { fieldsOf, type CompiledMapping } from '../mapping/compile.js';
import { toSage, toZoho, type LookupResolver } from '../mapping/transforms.js';
import type { ModuleName, Side } from '../vocabulary.js';
import type { LengthTable } from '../catalog/types.js';

export interface MappingProblem {
  reason: string;
  waitingFor?: { module: ModuleName; key: string };
}

export interface MappedValues {
  fields: Record<string, unknown>;
  problems: MappingProblem[];
  /** Mappings that wrote nothing this time, and why (said on the record's event). */
  notes: string[];
  /**
   * The template `fields` is a copy of, when it has all of the template's keys in its order
   * (no mapping left its fields out) and at most SUBSET_WIDTH of them: `subsetOf` builds writes
   * of some of them from it.
   */
  shape?: Record<string, null>;
}

/** Converts the source side's values of the given mappings into the target side's fields. */
export function mapValues(
  mappings: CompiledMapping[],
  from: Side,
  source: Record<string, unknown>,
  lookups: LookupResolver,
  targetLengths: LengthTable,
): MappedValues {
  const to: Side = from === 'sage' ? 'zoho' : 'sage';
  const template = templateFor(mappings, to);
  const fields: Record<string, unknown> = { ...template };
  const problems: MappingProblem[] = [];
  const notes: string[] = [];
  let wroteNothing: CompiledMapping[] | undefined;
  for (const m of mappings) {
    const targets = fieldsOf(m, to);
    if (!m.transform) {
      // Copied as it is (both ways): the transforms' answer without their arrays, for the
      // mappings most modules are mostly made of.
      for (let i = 0; i < targets.length; i++) {
        fields[targets[i]!] = i === 0 ? (source[fieldsOf(m, from)[0]!] ?? null) : null;
      }
      continue;
    }
    const values = fieldsOf(m, from).map((f) => source[f]);
    const outcome =
      from === 'sage'
        ? toZoho(m.transform, values, targets.length, lookups)
        : toSage(
            m.transform,
            values,
            targets.length,
            lookups,
            // Only Sage's fields have widths to split text at (address lines).
            targets.map((f) => targetLengths[f] ?? Infinity),
          );
    if (!outcome.ok) {
      problems.push({ reason: `${m.label}: ${outcome.reason}`, waitingFor: outcome.waitingFor });
      (wroteNothing ??= []).push(m);
      continue;
    }
    if ('left' in outcome) {
      notes.push(`${m.label}: ${outcome.note}`);
      (wroteNothing ??= []).push(m);
      continue;
    }
    for (let i = 0; i < targets.length; i++) fields[targets[i]!] = outcome.values[i] ?? null;
  }
  if (wroteNothing) {
    unset(fields, mappings, wroteNothing, to);
    return { fields, problems, notes };
  }
  return { fields, problems, notes, shape: narrow.has(template) ? template : undefined };
}

interface Template {
  mappings: CompiledMapping[];
  to: Side;
  fields: Record<string, null>;
}

/** Templates by their list's first mapping: a run routes its records through a few lists. */
const templates = new WeakMap<CompiledMapping, Template[]>();
const EMPTY: Record<string, null> = Object.freeze({}) as Record<string, null>;
/** Templates of at most SUBSET_WIDTH fields. */
const narrow = new WeakSet<Record<string, null>>();

/**
 * Every target field of the mappings, in the order they are written, set to null. The values are
 * stored into a copy: an object given more than a dozen keys one by one turns into a hash table
 * (slow to fill, to read and to copy), and these have one key per mapped field.
 */
function templateFor(mappings: CompiledMapping[], to: Side): Record<string, null> {
  const first = mappings[0];
  if (!first) return EMPTY;
  let list = templates.get(first);
  if (!list) templates.set(first, (list = []));
  for (const t of list) {
    if (t.to === to && sameList(t.mappings, mappings)) return t.fields;
  }
  const names = mappings.flatMap((m) => fieldsOf(m, to));
  const template: Template = {
    mappings: [...mappings],
    to,
    fields: Object.fromEntries(names.map((f) => [f, null])),
  };
  // A handful per first mapping at most (a run's routes); a bound all the same.
  if (list.length >= 16) list.length = 0;
  list.push(template);
  if (names.length <= SUBSET_WIDTH) narrow.add(template.fields);
  return template.fields;
}

const sameList = (a: CompiledMapping[], b: CompiledMapping[]): boolean =>
  a.length === b.length && a.every((m, i) => m === b[i]);

/**
 * The fields only mappings that wrote nothing write are left out, as if never set: a field is
 * there when a mapping wrote it, with the last one's value (the template's order is the same).
 */
function unset(
  fields: Record<string, unknown>,
  mappings: CompiledMapping[],
  wroteNothing: CompiledMapping[],
  to: Side,
): void {
  const written = new Set(
    mappings.filter((m) => !wroteNothing.includes(m)).flatMap((m) => fieldsOf(m, to)),
  );
  for (const m of wroteNothing) {
    for (const f of fieldsOf(m, to)) if (!written.has(f)) delete fields[f];
  }
}

/** Writes made of some of a template's fields: at most this many fields, one bit each. */
export const SUBSET_WIDTH = 30;

const subsets = new WeakMap<Record<string, null>, Map<number, Record<string, null>>>();

/**
 * The values of `fields` (a copy of `shape`) whose keys have their bit set in `mask` (bit i for
 * the shape's i-th key), in the shape's order: copied from a cached template of those keys, so
 * the write is an ordinary object and not a hash table (see `templateFor`).
 */
export function subsetOf(
  fields: Record<string, unknown>,
  shape: Record<string, null>,
  mask: number,
): Record<string, unknown> {
  let byMask = subsets.get(shape);
  if (!byMask) subsets.set(shape, (byMask = new Map()));
  let template = byMask.get(mask);
  if (!template) {
    const names = Object.keys(shape).filter((_, i) => (mask & (1 << i)) !== 0);
    template = Object.fromEntries(names.map((f) => [f, null]));
    // As many as the records' patterns of empty fields; a bound all the same.
    if (byMask.size >= 1024) byMask.clear();
    byMask.set(mask, template);
  }
  const out: Record<string, unknown> = { ...template };
  for (const f in template) out[f] = fields[f];
  return out;
}

/** Maps every line of an order or invoice; a problem on any line holds the record back. */
export function mapLines(
  mappings: CompiledMapping[],
  from: Side,
  lines: LineFields[],
  lookups: LookupResolver,
): MappedValues & { lines: LineFields[] } {
  const problems: MappingProblem[] = [];
  const notes: string[] = [];
  const out = lines.map((line, index) => {
    const mapped = mapValues(mappings, from, line, lookups, {});
    for (const p of mapped.problems)
      problems.push({ ...p, reason: `line ${index + 1}: ${p.reason}` });
    for (const note of mapped.notes) notes.push(`line ${index + 1}: ${note}`);
    return mapped.fields;
  });
  return { fields: {}, lines: out, problems, notes };
}
