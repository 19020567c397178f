import type { ModuleSettings } from '../model/index.js';
import { DirectionNotAllowedError, ModuleDisabledError } from '../errors.js';
import { settingsOrDefault } from '../modules.js';
import type { Direction, FlowDirection, ModuleName, Side } from '../vocabulary.js';
import { refuseOverCredits, refuseUnavailable } from './availability-check.js';
import type { EngineDeps } from './deps.js';

/** The passes a run makes: Sage changes first (parents are mostly Sage-born), then Zoho's. */
export function passesOf(moduleDirection: Direction, requested?: FlowDirection | 'both'): Side[] {
  const want = requested ?? moduleDirection;
  const sides: Side[] = [];
  const allows = (d: FlowDirection) =>
    (moduleDirection === 'both' || moduleDirection === d) && (want === 'both' || want === d);
  if (allows('sage_to_zoho')) sides.push('sage');
  if (allows('zoho_to_sage')) sides.push('zoho');
  return sides;
}

export const narrowed = (sides: Side[]): Direction =>
  sides.length === 2 ? 'both' : sides[0] === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage';

/**
 * What a run of `module` may do, checked before it starts: a disabled module or a direction it
 * does not sync is the caller's mistake (a typed refusal), not a run.
 */
export async function preflightModule(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  requested?: FlowDirection | 'both',
): Promise<{ sides: Side[]; direction: FlowDirection | 'both'; settings: ModuleSettings }> {
  const settings = settingsOrDefault(
    tenantId,
    module,
    await deps.repos.moduleSettings.get(tenantId, module),
  );
  if (settings.direction === 'disabled') throw new ModuleDisabledError(module);
  const sides = passesOf(settings.direction, requested);
  if (sides.length === 0) {
    throw new DirectionNotAllowedError(module, requested ?? 'both', [settings.direction]);
  }
  // A module the org does not have is a refusal with its reason, not a run that fails on it.
  await refuseUnavailable(deps, module);
  // Nor is a run once the day's Zoho credits are spent: it would fail call by call.
  await refuseOverCredits(deps);
  return { sides, direction: narrowed(sides) as FlowDirection | 'both', settings };
}
