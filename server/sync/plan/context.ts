import type { ModuleFilter, ModuleSettings } from '../model/index.js';
import type { ModuleDefinition } from '../catalog/index.js';
import type { LengthTable } from '../catalog/types.js';
import type { LineFields } from '../gateways.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { LookupResolver } from '../mapping/transforms.js';
import type { ConflictPolicy, Direction, Side } from '../vocabulary.js';

/** Everything the planner needs about one tenant's module, loaded once per run. */
export interface ModuleContext {
  def: ModuleDefinition;
  /** The saved settings, read-only: a run's options live beside them, never in them. */
  readonly settings: Readonly<ModuleSettings>;
  mappings: CompiledMapping[];
  lineMappings?: CompiledMapping[];
  filters: ModuleFilter[];
  sageLengths: LengthTable;
  /** Sage's own pre-check of a write (SageGateway.validate), when the gateway offers one. */
  sageValidate?: (fields: Record<string, unknown>, lines?: LineFields[]) => string[];
  lookups: LookupResolver;
  /** The direction this run carries, when it is narrower than the module's saved one. */
  runDirection?: Direction;
  /**
   * This run carries one flow of a two-way module: a field the other side changed is left for a
   * run that carries it, never overwritten with this side's older value.
   */
  narrowedFromBoth?: boolean;
  /** Zoho fields the mappings name that the org does not have (their mappings are left out). */
  missingZohoFields?: string[];
  /**
   * Set when the admin resolves a review-list conflict: this side wins every contested field, or
   * the side chosen per field (keyed by the mapping's label, `lines` for order lines).
   */
  forceWinner?: Side | Readonly<Record<string, Side>>;
  /** The org has the module's opt-in checkbox (ADR 0062): creates tick it. */
  optInFieldPresent?: boolean;
  /**
   * The user asked for these records ("Sync to Sage", and the parents it brings along): that is
   * the opt-in, so they go even unticked, and are ticked.
   */
  optInGiven?: boolean;
}

export const canFlow = (ctx: ModuleContext, from: Side): boolean => {
  const d = ctx.runDirection ?? ctx.settings.direction;
  return d === 'both' || d === (from === 'sage' ? 'sage_to_zoho' : 'zoho_to_sage');
};

export const lengthsOf = (ctx: ModuleContext, side: Side): LengthTable =>
  side === 'zoho' ? ctx.def.zohoLengths : ctx.sageLengths;

export type { ConflictPolicy };
