import type { LineFields } from '../gateways.js';
import { fieldsOf, type CompiledMapping } from '../mapping/compile.js';
import { atScale, sharedScale } from '../mapping/scales.js';
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

/** The same for an order's lines, line by line in order. */
export function settleLines(
  mappings: CompiledMapping[],
  to: Side,
  proposed: LineFields[],
  current: LineFields[],
): void {
  if (!mappings.some((m) => sharedScale(m.transform) !== undefined)) return;
  proposed.forEach((line, i) => settleAtSharedPrecision(mappings, to, line, current[i]));
}
