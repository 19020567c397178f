import type { LineDefinition } from '../catalog/types.js';
import type { LineFields } from '../gateways.js';
import type { CompiledMapping } from '../mapping/compile.js';
import { lookupName } from '../mapping/sage-first.js';
import { isEmpty } from '../mapping/values.js';

/**
 * Zoho lines whose quantity Sage cannot take (`sagePositive`): a negative QuantityOrdered is
 * refused by Sage (returns are credit memos there) and a zero one orders nothing. Said so a sales
 * rep can fix the order in Zoho: which line, its product, the value, and what to change. Any one
 * holds the whole record back, so an order never reaches Sage with some of its lines.
 */
export function nonPositiveLines(
  def: LineDefinition,
  mappings: CompiledMapping[],
  zohoLines: LineFields[],
  sageLines: LineFields[],
): string[] {
  const problems: string[] = [];
  for (const field of def.sagePositive ?? []) {
    const zohoField = mappings.find((m) => m.sageFields.includes(field))?.zohoFields[0] ?? field;
    sageLines.forEach((line, i) => {
      const value = line[field];
      if (isEmpty(value) || typeof value !== 'number' || value > 0) return;
      const n = i + 1;
      const why =
        value < 0
          ? 'Sage 100 refuses a negative quantity on an order line (a return is a credit memo in Sage)'
          : 'a line of 0 orders nothing';
      problems.push(
        `line ${n}${productOf(mappings, zohoLines[i])}: ${zohoField} is ${value}, and ${why}; ` +
          `change line ${n}'s ${zohoField} to more than 0 or remove the line in Zoho, then sync again`,
      );
    });
  }
  return problems;
}

/** " (product "Blue widget")" from the line's lookup, by the name Zoho returns with it. */
function productOf(mappings: CompiledMapping[], line: LineFields | undefined): string {
  const lookup = mappings.find((m) => m.transform?.kind === 'lookup');
  const value = lookup && line ? line[lookup.zohoFields[0] ?? ''] : undefined;
  if (isEmpty(value)) return '';
  const name = lookupName(value);
  if (name) return ` (product "${name}")`;
  const id = typeof value === 'object' && value !== null && 'id' in value ? value.id : value;
  return ` (product with Zoho id ${String(id)})`;
}
