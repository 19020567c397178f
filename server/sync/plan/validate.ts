import type { LengthTable } from '../catalog/types.js';
import { isEmpty } from '../mapping/values.js';

/**
 * What the target would reject, caught before any call: missing mandatory values, picklist
 * values it does not know. Over-long text is trimmed at a word boundary with a warning instead,
 * because losing the tail of a name beats not syncing the record.
 */
export function trimToLengths(
  fields: Record<string, unknown>,
  lengths: LengthTable,
  warnings: string[],
): void {
  for (const [field, value] of Object.entries(fields)) {
    const max = lengths[field];
    if (max === undefined || typeof value !== 'string' || value.length <= max) continue;
    const cut = value.lastIndexOf(' ', max);
    const trimmed = (cut > max / 2 ? value.slice(0, cut) : value.slice(0, max)).trimEnd();
    fields[field] = trimmed;
    warnings.push(`${field} trimmed to ${max} characters ("${trimmed}")`);
  }
}

export function missingMandatory(mandatory: string[], merged: Record<string, unknown>): string[] {
  return mandatory.filter((f) => isEmpty(merged[f]));
}

export function badPicklistValues(
  picklists: Record<string, string[]>,
  fields: Record<string, unknown>,
): string[] {
  const problems: string[] = [];
  for (const [field, allowed] of Object.entries(picklists)) {
    const value = fields[field];
    if (isEmpty(value)) continue;
    if (!allowed.includes(String(value))) {
      problems.push(`${field} "${String(value)}" is not a value of the Zoho picklist`);
    }
  }
  return problems;
}
