import { DirectionNotAllowedError, ModuleDisabledError } from '../errors.js';
import { settingsOrDefault } from '../modules.js';
import type { SettingsStore } from '../stores.js';
import type { FlowDirection, ModuleName } from '../vocabulary.js';
import { passesOf } from './run-module.js';

/**
 * What a run would refuse on start, checked before it is queued, so the admin hears "disabled"
 * or "not a direction Sage allows" at once rather than from a failed run later.
 */
export async function checkRunnable(
  moduleSettings: Pick<SettingsStore, 'get'>,
  tenantId: string,
  module: ModuleName,
  direction?: FlowDirection | 'both',
): Promise<void> {
  const settings = settingsOrDefault(tenantId, module, await moduleSettings.get(tenantId, module));
  if (settings.direction === 'disabled') throw new ModuleDisabledError(module);
  if (passesOf(settings.direction, direction).length === 0) {
    throw new DirectionNotAllowedError(module, direction ?? 'both', [settings.direction]);
  }
}
