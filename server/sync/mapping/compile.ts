import type { FieldMapping } from '../model/index.js';
import { InvalidMappingError } from '../errors.js';
import type { ModuleName, Side } from '../vocabulary.js';
import { transformSpec, type TransformSpec } from './transforms.js';
import { fieldList } from './values.js';

/** A mapping row, parsed and checked once per run. */
export interface CompiledMapping {
  /** "Account_Name ↔ CustomerName": how events and conflicts name the pair. */
  label: string;
  zohoFields: string[];
  sageFields: string[];
  direction: FieldMapping['direction'];
  transform?: TransformSpec;
  emptyOverwrites: boolean;
  owner?: Side;
}

export function compileMappings(module: ModuleName, rows: FieldMapping[]): CompiledMapping[] {
  const problems: string[] = [];
  const compiled = rows.map((row, index) => {
    const zohoFields = fieldList(row.zohoField);
    const sageFields = fieldList(row.sageField);
    let transform: TransformSpec | undefined;
    if (row.transform !== undefined && row.transform !== null) {
      const parsed = transformSpec.safeParse(row.transform);
      if (parsed.success) transform = parsed.data;
      else problems.push(`row ${index + 1} (${row.zohoField}): ${parsed.error.issues[0]?.message}`);
    }
    if (zohoFields.length === 0 || sageFields.length === 0) {
      problems.push(`row ${index + 1}: both a Zoho and a Sage field are required`);
    }
    const multi = zohoFields.length > 1 || sageFields.length > 1;
    const multiOk =
      transform && ['name', 'lines', 'lookup', 'constant', 'main_account'].includes(transform.kind);
    if (multi && !multiOk) {
      problems.push(`row ${index + 1}: several fields need a name, lines or lookup transform`);
    }
    return {
      label: `${row.zohoField} ↔ ${row.sageField}`,
      zohoFields,
      sageFields,
      direction: row.direction,
      transform,
      emptyOverwrites: row.emptyOverwrites,
      owner: row.owner,
    };
  });
  if (problems.length > 0) throw new InvalidMappingError(module, problems);
  return compiled;
}

export const fieldsOf = (m: CompiledMapping, side: Side): string[] =>
  side === 'zoho' ? m.zohoFields : m.sageFields;

/** Whether a mapping carries values from `from` to the other side. */
export const flowsFrom = (m: CompiledMapping, from: Side): boolean =>
  m.direction === 'both' || m.direction === (from === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage');
