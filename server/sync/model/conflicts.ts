import type { ModuleName } from '../vocabulary.js';

export interface ConflictField {
  field: string;
  zohoValue: unknown;
  sageValue: unknown;
}

/** A change no rule could decide, waiting in the review list with both values. */
export interface Conflict {
  id: number;
  tenantId: string;
  module: ModuleName;
  linkId?: number;
  zohoId?: string;
  sageKey?: string;
  fields: ConflictField[];
  status: 'open' | 'resolved';
  resolution?: string;
  createdAt: string;
  resolvedAt?: string;
}

/** A proposed pairing of an unlinked Zoho record with an unlinked Sage record, for the admin. */
export interface MatchProposal {
  id: number;
  tenantId: string;
  module: ModuleName;
  zohoId: string;
  sageKey: string;
  /** 0-100: how alike the two records are. */
  score: number;
  /** What matched: "name", "email", "phone", "zip". */
  reasons: string[];
  /** Both records' display values, so the admin can decide without opening either system. */
  summary: { zoho: Record<string, unknown>; sage: Record<string, unknown> };
  status: 'open' | 'confirmed' | 'rejected';
  createdAt: string;
  decidedAt?: string;
}

export type NewMatchProposal = Pick<
  MatchProposal,
  'tenantId' | 'module' | 'zohoId' | 'sageKey' | 'score' | 'reasons' | 'summary'
>;
