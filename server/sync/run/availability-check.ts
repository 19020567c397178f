import { ModuleUnavailableError } from '../errors.js';
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
