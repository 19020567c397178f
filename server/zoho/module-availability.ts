import { AVAILABLE, type ModuleAvailability } from '../sync/availability.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { GL_MODULE, GL_MODULE_INSTRUCTIONS } from './extension-fields.js';
import { concurrencyForEdition, dailyCreditsForEdition, editionInForce } from './limits.js';
import type { ModuleInfo } from './metadata-api.js';

/** Zoho editions without the Vendors module (Zoho's edition comparison: Professional and up). */
const NO_VENDORS = new Set(['free', 'standard', 'starter']);

const editionKey = (edition: string | undefined) =>
  (edition ?? '').toLowerCase().replace(/[^a-z]/g, '');

const vendorsNeedProfessional = (edition: string | undefined): ModuleAvailability => ({
  available: false,
  code: 'edition_required',
  reason: `Vendors needs Zoho CRM Professional or above; this organisation has ${edition ?? 'an edition without it'}.`,
  action: 'Upgrade the Zoho CRM edition to sync vendors.',
});

/**
 * What the org's edition allows a module, from the edition alone (unknown editions are given the
 * benefit of the doubt: Zoho's own module list decides them).
 */
export function editionAvailability(
  module: ModuleName,
  edition: string | undefined,
): ModuleAvailability {
  if (module === 'Vendors' && NO_VENDORS.has(editionKey(edition))) {
    return vendorsNeedProfessional(edition);
  }
  return AVAILABLE;
}

/** The same, decided on the org's own module list when Zoho has answered (it is the truth). */
export function availabilityFrom(
  module: ModuleName,
  edition: string | undefined,
  installed: ModuleInfo[] | undefined,
): ModuleAvailability {
  const byEdition = editionAvailability(module, edition);
  if (!byEdition.available || !installed) return byEdition;
  const has = (apiName: string) => installed.some((m) => m.apiName === apiName);
  if (module === 'Vendors' && !has('Vendors')) return vendorsNeedProfessional(edition);
  if (module === 'GL_Accounts' && !has(GL_MODULE.apiName)) {
    return {
      available: false,
      code: 'module_missing',
      reason: `This Zoho organisation has no "${GL_MODULE.pluralLabel}" module (API name ${GL_MODULE.apiName}); install the GL module before syncing GL accounts.`,
      action: GL_MODULE_INSTRUCTIONS,
    };
  }
  return AVAILABLE;
}

/** The limits the product keeps to for an edition: its share of Zoho's concurrency, and the
 * org's daily credit cap (null: unlimited). */
export function editionLimits(edition: string | undefined): {
  concurrency: number;
  dailyCredits: number | null;
} {
  return {
    concurrency: concurrencyForEdition(edition),
    dailyCredits: dailyCreditsForEdition(edition),
  };
}

export interface ModuleAvailabilityDeps {
  connections: {
    get(
      tenantId: string,
    ): Promise<{ edition?: string; trialEndsAt?: string; editionAfterTrial?: string } | undefined>;
  };
  modules: (tenantId: string) => Promise<ModuleInfo[]>;
  now?: () => number;
  /** How long Zoho's module list is trusted (one call per tenant per period). */
  ttlMs?: number;
}

/**
 * The tenant's modules as the connected org has them: the edition in force (a trial's ends with
 * it) and Zoho's module list, cached per tenant for a few minutes so the settings tab and every
 * run start cost at most one call per period. `forget` after the admin changed the org.
 */
export class ZohoModuleAvailability {
  private readonly cache = new Map<string, { atMs: number; modules: Promise<ModuleInfo[]> }>();

  constructor(private readonly deps: ModuleAvailabilityDeps) {}

  private now(): number {
    return this.deps.now?.() ?? Date.now();
  }

  /** The edition whose modules and limits apply now (undefined: not known yet). */
  async edition(tenantId: string): Promise<string | undefined> {
    return editionInForce(await this.deps.connections.get(tenantId), this.now());
  }

  private installed(tenantId: string): Promise<ModuleInfo[]> {
    const ttl = this.deps.ttlMs ?? 300_000;
    const hit = this.cache.get(tenantId);
    if (hit && this.now() - hit.atMs < ttl) return hit.modules;
    const modules = this.deps.modules(tenantId);
    // A failed call is not remembered: the next check asks again.
    modules.catch(() => this.cache.delete(tenantId));
    this.cache.set(tenantId, { atMs: this.now(), modules });
    return modules;
  }

  /**
   * Whether the org has the module. When Zoho cannot be asked, the edition alone decides (a run
   * then meets Zoho's own error, which is a real failure).
   */
  async check(tenantId: string, module: ModuleName): Promise<ModuleAvailability> {
    const edition = await this.edition(tenantId);
    const byEdition = editionAvailability(module, edition);
    if (!byEdition.available || (module !== 'Vendors' && module !== 'GL_Accounts'))
      return byEdition;
    const installed = await this.installed(tenantId).catch(() => undefined);
    return availabilityFrom(module, edition, installed);
  }

  forget(tenantId: string): void {
    this.cache.delete(tenantId);
  }
}
