import type { LineFields } from '../gateways.js';
import { LinesByItem } from '../lines-by-item.js';
import { fieldsOf, type CompiledMapping } from '../mapping/compile.js';
import { atScale, sharedScale } from '../mapping/scales.js';
import { lookupId } from '../mapping/transforms.js';
import type { Side } from '../vocabulary.js';

/**
 * Number fields whose two sides hold different decimals (a Sage UnitPrice of 6, a Zoho price of
 * 2) are the same value when they agree at the fewer: the target keeps its own, more precise
 * value instead of being written with the other side's rounding, and no echo follows (ADR 0085).
 */
export function settleAtSharedPrecision(
  mappings: CompiledMapping[],
  to: Side,
  proposed: Record<string, unknown>,
  current: Record<string, unknown> | undefined,
): void {
  if (!current) return;
  for (const m of mappings) {
    const scale = sharedScale(m.transform);
    if (scale === undefined) continue;
    for (const field of fieldsOf(m, to)) {
      if (!(field in proposed) || current[field] === undefined || current[field] === null) continue;
      if (atScale(proposed[field], scale) === atScale(current[field], scale)) {
        proposed[field] = current[field];
      }
    }
  }
}

/**
 * The same for an order's lines. A proposed line is compared with the target's line for the same
 * item (the line mappings' lookup, Products): the nth line of an item with the target's nth line
 * of it. By position, removing a line in Zoho would give the next line the removed line's precise
 * price whenever the two agreed at 2 decimals. Without a lookup among the mappings the lines are
 * compared in order.
 */
export function settleLines(
  mappings: CompiledMapping[],
  to: Side,
  proposed: LineFields[],
  current: LineFields[],
): void {
  if (!mappings.some((m) => sharedScale(m.transform) !== undefined)) return;
  const items = mappings
    .filter((m) => m.transform?.kind === 'lookup')
    .flatMap((m) => fieldsOf(m, to));
  if (items.length === 0) {
    proposed.forEach((line, i) => settleAtSharedPrecision(mappings, to, line, current[i]));
    return;
  }
  const itemOf = (line: LineFields) => items.map((f) => lookupId(line[f]) ?? '').join('\u0000');
  const targetLines = new LinesByItem(current, itemOf);
  for (const line of proposed) {
    settleAtSharedPrecision(mappings, to, line, targetLines.take(itemOf(line)));
  }
}
