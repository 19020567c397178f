/**
 * Whether the connected Zoho org has a module at all: its edition may lack it (Vendors below
 * Professional) or, for the GL accounts custom module, nobody has created it yet. A module that
 * is unavailable is refused before any run starts, with the reason (ADR 0067).
 */
export type UnavailableCode = 'edition_required' | 'module_missing';

export type ModuleAvailability =
  | { available: true }
  | {
      available: false;
      code: UnavailableCode;
      reason: string;
      /** What the admin does about it (create the module, upgrade the edition). */
      action?: string;
    };

export const AVAILABLE: ModuleAvailability = { available: true };
