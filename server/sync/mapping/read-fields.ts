import type { ModuleDefinition } from '../catalog/types.js';
import type { ModuleFilter } from '../model/index.js';
import type { CompiledMapping } from './compile.js';

/**
 * The Zoho fields the engine reads from a module's records: what it needs whatever the mapping
 * (the change instant, the Sage key, the names initial match compares, the inactive marker, the
 * lines subform), then every field the tenant's mappings and Zoho-side filters name, custom
 * fields included. Zoho returns only the fields a read names, so a field left out here reads as
 * empty: its mapping would carry nothing and its filter would hold every record back.
 */
export function zohoReadFields(
  def: ModuleDefinition,
  mappings: readonly CompiledMapping[],
  filters: readonly ModuleFilter[] = [],
): string[] {
  const fields = new Set<string>(['Modified_Time', def.zohoKeyField]);
  for (const f of def.match.name.zoho) fields.add(f);
  for (const f of [def.match.email, def.match.phone, def.match.zip]) if (f) fields.add(f.zoho);
  if (def.inactive.zoho) fields.add(def.inactive.zoho.field);
  if (def.optIn) fields.add(def.optIn.zohoField);
  if (def.lines) fields.add(def.lines.zohoField);
  for (const m of mappings) for (const f of m.zohoFields) fields.add(f);
  for (const f of filters) if (f.side === 'zoho') fields.add(f.field);
  return [...fields];
}
