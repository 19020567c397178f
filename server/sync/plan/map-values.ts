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
  const fields: Record<string, unknown> = {};
  const problems: MappingProblem[] = [];
  const notes: string[] = [];
  for (const m of mappings) {
    const values = fieldsOf(m, from).map((f) => source[f]);
    const targets = fieldsOf(m, to);
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
      continue;
    }
    if ('left' in outcome) {
      notes.push(`${m.label}: ${outcome.note}`);
      continue;
    }
    for (let i = 0; i < targets.length; i++) fields[targets[i]!] = outcome.values[i] ?? null;
  }
  return { fields, problems, notes };
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
