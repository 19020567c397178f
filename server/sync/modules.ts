import type { ModuleSettings } from './model/index.js';
import type { SettingsStore } from './stores.js';
import { CATALOG, moduleDefinition } from './catalog/index.js';
import { DirectionNotAllowedError, ModuleNeededError } from './errors.js';
import { MODULES, type Direction, type ModuleName } from './vocabulary.js';

/** A module nobody configured yet: disabled, with the catalog's cadence and safe policies. */
export function settingsOrDefault(
  tenantId: string,
  module: ModuleName,
  saved: ModuleSettings | undefined,
): ModuleSettings {
  if (saved) return saved;
  return {
    tenantId,
    module,
    direction: 'disabled',
    schedule: CATALOG[module].defaultSchedule,
    conflictPolicy: 'most_recent',
    conflictToleranceSeconds: 60,
    deletePolicy: 'ignore',
    deleteBrakePercent: 5,
    filterMatch: 'all',
    initialMatchDone: false,
    optIn: false,
    ...(CATALOG[module].dealStages ? { dealStages: CATALOG[module].dealStages } : {}),
  };
}

export interface EnableResult {
  /** Modules switched on because the requested one needs them. */
  alsoEnabled: ModuleName[];
}

/**
 * Turns a module on in a direction Sage allows, and with it every module it needs (each in its
 * catalog default direction) that is still disabled.
 */
export async function enableModule(
  repo: SettingsStore,
  tenantId: string,
  module: ModuleName,
  direction: Exclude<Direction, 'disabled'>,
  overrides: Partial<Omit<ModuleSettings, 'tenantId' | 'module' | 'direction'>> = {},
): Promise<EnableResult> {
  const def = moduleDefinition(module);
  if (!def.allowedDirections.includes(direction)) {
    throw new DirectionNotAllowedError(module, direction, def.allowedDirections);
  }
  const alsoEnabled: ModuleName[] = [];
  const enableNeeds = async (m: ModuleName) => {
    for (const need of CATALOG[m].needs) {
      const current = settingsOrDefault(tenantId, need, await repo.get(tenantId, need));
      if (current.direction === 'disabled') {
        await repo.save({ ...current, direction: CATALOG[need].defaultDirection });
        alsoEnabled.push(need);
      }
      await enableNeeds(need);
    }
  };
  await enableNeeds(module);
  const current = settingsOrDefault(tenantId, module, await repo.get(tenantId, module));
  await repo.save({ ...current, ...overrides, direction });
  return { alsoEnabled };
}

/** Turns a module off; refuses, naming them, while enabled modules still need it. */
export async function disableModule(
  repo: SettingsStore,
  tenantId: string,
  module: ModuleName,
): Promise<void> {
  moduleDefinition(module);
  const all = await repo.list(tenantId);
  const neededBy = MODULES.filter(
    (m) =>
      CATALOG[m].needs.includes(module) &&
      all.some((s) => s.module === m && s.direction !== 'disabled'),
  );
  if (neededBy.length > 0) throw new ModuleNeededError(module, neededBy);
  const current = settingsOrDefault(tenantId, module, await repo.get(tenantId, module));
  await repo.save({ ...current, direction: 'disabled' });
}
