import type { ModuleAvailability, UnavailableCode } from './availability.js';
import type { Direction, ModuleName } from './vocabulary.js';

/** Expected failures of the engine, typed so HTTP and the CLI can answer each one precisely. */
export class SyncError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownModuleError extends SyncError {
  constructor(readonly module: string) {
    super(`unknown module "${module}"`, 'unknown_module');
  }
}

export class DirectionNotAllowedError extends SyncError {
  constructor(
    readonly module: ModuleName,
    readonly direction: Direction,
    readonly allowed: readonly Direction[],
  ) {
    super(
      `${module} cannot sync ${direction}: Sage allows ${allowed.join(', ')}`,
      'direction_not_allowed',
    );
  }
}

/** Disabling a module that enabled modules need: names them so the admin knows what to turn off. */
export class ModuleNeededError extends SyncError {
  constructor(
    readonly module: ModuleName,
    readonly neededBy: ModuleName[],
  ) {
    super(`${module} is needed by ${neededBy.join(', ')}; disable those first`, 'module_needed');
  }
}

export class ModuleDisabledError extends SyncError {
  constructor(readonly module: ModuleName) {
    super(`${module} is disabled for this tenant`, 'module_disabled');
  }
}

/** The Zoho org lacks the module (its edition, or a custom module not created): never attempted. */
export class ModuleUnavailableError extends SyncError {
  readonly action?: string;
  constructor(
    readonly module: ModuleName,
    availability: Extract<ModuleAvailability, { available: false }>,
  ) {
    super(availability.reason, availability.code satisfies UnavailableCode);
    this.action = availability.action;
  }
}

export class InvalidMappingError extends SyncError {
  constructor(
    readonly module: ModuleName,
    readonly problems: string[],
  ) {
    super(`invalid mapping for ${module}: ${problems.join('; ')}`, 'invalid_mapping');
  }
}

/**
 * The org's Zoho module lacks the unique key field upserts match on (ADR 0041). Writing anyway
 * would create records Zoho cannot match again, so the run stops before any write.
 */
export class KeyFieldMissingError extends SyncError {
  constructor(
    readonly module: ModuleName,
    readonly field: string,
  ) {
    super(
      `Zoho's ${module} module has no ${field} field, so nothing was written (records written without it cannot be matched again): add the extension fields with "npm run tenant -- fields --tenant <id>" or by reconnecting Zoho, then run again`,
      'key_field_missing',
    );
  }
}

/**
 * Opt-in is on for the module but the org lacks its checkbox (ADR 0062): every record would be
 * held back as "not ticked", so the run refuses instead.
 */
export class OptInFieldMissingError extends SyncError {
  constructor(
    readonly module: ModuleName,
    readonly field: string,
  ) {
    super(
      `opt-in is on for ${module} but Zoho's ${module} module has no ${field} checkbox, so no record could be sent: add the extension fields with "npm run tenant -- fields --tenant <id>" or by reconnecting Zoho, or turn opt-in off`,
      'opt_in_field_missing',
    );
  }
}

export class NotFoundError extends SyncError {
  constructor(what: string) {
    super(`${what} not found`, 'not_found');
  }
}

/** Thrown by a run that would remove more than the module's brake allows. */
export class DeleteBrakeError extends SyncError {
  constructor(
    readonly wouldRemove: number,
    readonly linked: number,
    readonly brakePercent: number,
  ) {
    super(
      `delete brake: this run would remove ${wouldRemove} of ${linked} linked records ` +
        `(${linked === 0 ? 100 : Math.round((wouldRemove / linked) * 1000) / 10}%), more than the ${brakePercent}% allowed`,
      'delete_brake',
    );
  }
}

/**
 * The tenant's Zoho credits for the last 24 hours have reached this product's share of the
 * edition's daily allowance: nothing is attempted until older calls leave the window.
 */
export class DailyCreditsExhaustedError extends SyncError {
  constructor(
    readonly used: number,
    readonly budget: number,
    readonly dailyCredits: number,
  ) {
    super(
      `daily Zoho API credits used: ${used} of this product's ${budget} in the last 24 hours ` +
        `(its share of the edition's ${dailyCredits}); runs wait until older calls leave the window`,
      'daily_credits_exhausted',
    );
  }
}
