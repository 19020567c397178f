import type { DealStageRule, FieldMapping } from '../model/index.js';
import type { Direction, ModuleName, Schedule } from '../vocabulary.js';

/** One part of a Sage key. Fixed-width parts (zero-filled divisions) need no separator to parse. */
export interface SageKeyPart {
  field: string;
  /** Zero-filled fixed width (ARDivisionNo is always two digits). */
  width?: number;
}

/** Field lengths of one side: Sage's differ by release ('2018' = 4.x/2018 files, '2023' = widened). */
export type LengthTable = Record<string, number>;

/** How a record is marked inactive instead of deleted on each side. */
export interface InactiveMarker {
  field: string;
  value: unknown;
}

/** Child rows of orders and invoices: their own mappings, keyed by the systems' line fields. */
export interface LineDefinition {
  zohoField: string;
  sageField: string;
  mappings: FieldMapping[];
  zohoMandatory: string[];
  sageMandatory: string[];
  /**
   * Sage line fields that must be above zero for a line to go to Sage (a quantity): Sage refuses
   * a negative one and a zero one orders nothing, so the record is held with the line named.
   */
  sagePositive?: string[];
}

/** Which fields initial matching compares on each side (missing = side has no such field). */
export interface MatchFields {
  name: { zoho: string[]; sage: string[] };
  email?: { zoho: string; sage: string };
  phone?: { zoho: string; sage: string };
  zip?: { zoho: string; sage: string };
}

/** A ready-made set of filters the admin can apply in one step (all must match). */
export interface FilterPreset {
  id: string;
  label: string;
  filters: Array<{ side: 'zoho' | 'sage'; field: string; operator: string; value: unknown }>;
}

export interface ModuleDefinition {
  module: ModuleName;
  label: string;
  sageEntity: string;
  sageKey: SageKeyPart[];
  /** The unique Zoho field that holds the Sage key: Zoho writes are upserts on it. */
  zohoKeyField: string;
  needs: ModuleName[];
  allowedDirections: readonly Direction[];
  defaultDirection: Direction;
  defaultSchedule: Schedule;
  defaultMappings: FieldMapping[];
  lines?: LineDefinition;
  /** Fields the target requires on create (checked before any call). */
  zohoMandatory: string[];
  sageMandatory: string[];
  zohoLengths: LengthTable;
  sageLengths: { '2018': LengthTable; '2023': LengthTable };
  /** Allowed values of Zoho picklists the default mapping writes. */
  zohoPicklists: Record<string, string[]>;
  inactive: { zoho?: InactiveMarker; sage?: InactiveMarker };
  match: MatchFields;
  /** Filters offered ready-made in the settings ("exclude inactive customers"); none applied by default. */
  filterPresets?: FilterPreset[];
  /**
   * The Zoho checkbox of per-record opt-in (ADR 0062): when the tenant turns opt-in on for the
   * module, only ticked records enter Sage; "Sync to Sage" ticks it.
   */
  optIn?: { zohoField: string };
  /**
   * Sage is the only source and Zoho users must not change the records (GL accounts): a run also
   * reads Zoho's changes and writes Sage's values back over any edit, saying why (`reason`).
   * Nothing is ever written to Sage.
   */
  zohoReadOnly?: { reason: string };
  /** Sales orders: the default rule moving a linked Deal's stage with its order (ADR 0066). */
  dealStages?: DealStageRule;
  /**
   * Where the record names its Deal in Zoho, and what moves the Deal's stage (ADR 0066): the
   * order's Sage status field changing, or the invoice arriving.
   */
  deal?: { zohoField: string } & (
    { trigger: 'status'; sageStatusField: string } | { trigger: 'invoiced' }
  );
}

/** The checkbox Accounts, Contacts and Sales_Orders carry for per-record opt-in (ADR 0062). */
export const OPT_IN_FIELD = 'Sync_to_Sage';

/** Shorthand for mapping rows in the catalog files. */
export const map = (
  zohoField: string,
  sageField: string,
  direction: FieldMapping['direction'] = 'both',
  transform?: unknown,
  extra: Partial<Pick<FieldMapping, 'emptyOverwrites' | 'owner'>> = {},
): FieldMapping => ({
  zohoField,
  sageField,
  direction,
  transform,
  emptyOverwrites: extra.emptyOverwrites ?? false,
  owner: extra.owner,
});
