import type { ModuleName, Side } from '../vocabulary.js';

/** A link's states: a Sage create decided and its key reserved, a live pair, a tombstone. */
export const LINK_STATES = ['intent', 'linked', 'deleted'] as const;
export type LinkState = (typeof LINK_STATES)[number];

/**
 * A link ties a Zoho record to a Sage record for one tenant and module, with what was last seen
 * and last written on each side. An 'intent' link records a create before the call is made.
 */
export interface Link {
  id: number;
  tenantId: string;
  module: ModuleName;
  zohoId?: string;
  sageKey?: string;
  state: LinkState;
  intentSide?: Side;
  zohoHash?: string;
  sageHash?: string;
  zohoVersion?: string;
  sageVersion?: string;
  zohoWrittenHash?: string;
  sageWrittenHash?: string;
  lastSyncedAt?: string;
  lastError?: string;
  /** Normalized mapped values of both sides at the last sync: the base of three-way merges. */
  base?: LinkBase;
  createdAt: string;
  updatedAt: string;
}

export interface LinkBase {
  sage?: { fields: Record<string, unknown>; lines?: Array<Record<string, unknown>> };
  zoho?: { fields: Record<string, unknown>; lines?: Array<Record<string, unknown>> };
}

export type LinkPatch = Partial<
  Omit<Link, 'id' | 'tenantId' | 'module' | 'createdAt' | 'updatedAt'>
>;
