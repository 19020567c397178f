import type { TransformSpec } from './transforms.js';

/**
 * The decimals both sides of a number mapping hold, at which its values are compared (ADR 0085);
 * undefined when both sides hold the same, so values compare as they are.
 */
export function sharedScale(spec: TransformSpec | undefined): number | undefined {
  if (spec?.kind !== 'number' || spec.sageScale === undefined) return undefined;
  return spec.sageScale === spec.scale ? undefined : Math.min(spec.scale, spec.sageScale);
}

/** A number (or numeric text) rounded to `scale` decimals; anything else as it is. */
export function atScale(value: unknown, scale: number): unknown {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) return value;
  const factor = 10 ** scale;
  return Math.round(n * factor) / factor;
}
