import type { Side } from '../vocabulary.js';

/** One field mapping, as data. `transform` is the engine's transform spec, stored as JSON. */
export interface FieldMapping {
  zohoField: string;
  sageField: string;
  direction: 'both' | 'sage_to_zoho' | 'zoho_to_sage';
  transform?: unknown;
  emptyOverwrites: boolean;
  owner?: Side;
}

export interface ModuleFilter {
  side: Side;
  field: string;
  operator: string;
  value: unknown;
}
