import { DailyCreditsExhaustedError, ModuleUnavailableError } from '../errors.js';
import type { ModuleName } from '../vocabulary.js';
import type { EngineDeps } from './deps.js';

/** Throws the typed refusal when the Zoho org lacks the module; every run start calls it first. */
export async function refuseUnavailable(
  deps: Pick<EngineDeps, 'gateways'>,
  module: ModuleName,
): Promise<void> {
  const availability = await deps.gateways.crm.availability?.(module);
  if (availability && !availability.available) {
    throw new ModuleUnavailableError(module, availability);
  }
}

/** Throws the typed refusal when the tenant's daily Zoho credits are spent (ZOHO_CREDIT_SHARE). */
export async function refuseOverCredits(deps: Pick<EngineDeps, 'gateways'>): Promise<void> {
  const c = await deps.gateways.crm.credits?.();
  if (c && c.budget !== null && c.used >= c.budget) {
    throw new DailyCreditsExhaustedError(c.used, c.budget, c.dailyCredits ?? c.budget);
  }
}
