import type { ConflictField, FieldChange, Link } from '../model/index.js';
import type { GatewayRecord, LineFields } from '../gateways.js';
import type { Projection } from '../mapping/projection.js';
import type { ModuleName, Side } from '../vocabulary.js';

/** One record to decide: what changed (`trigger`), its link, and both sides as they are now. */
export interface Candidate {
  trigger: Side;
  link?: Link;
  sage?: GatewayRecord;
  zoho?: GatewayRecord;
  /**
   * The trigger record equals its link's snapshot of that side (plan/snapshot.ts): the other side
   * was not read, and the plan is an echo or unchanged.
   */
  snapshot?: true;
}

export interface SideWrite {
  kind: 'create' | 'update';
  fields: Record<string, unknown>;
  lines?: LineFields[];
}

/** The classification of one candidate (DESIGN "Sync semantics"). */
export type PlanAction = 'create' | 'update' | 'unchanged' | 'echo' | 'conflict' | 'skip';

export interface RecordPlan {
  candidate: Candidate;
  action: PlanAction;
  sageKey?: string;
  zohoId?: string;
  writes: { zoho?: SideWrite; sage?: SideWrite };
  /** Field-level before/after of every planned write, named `zoho.Field` / `sage.Field`. */
  changes: FieldChange[];
  reason?: string;
  /** A skip the admin need not act on (filters); other skips make the run partial. */
  benign?: boolean;
  warnings: string[];
  conflictFields?: ConflictField[];
  waitingFor?: { module: ModuleName; key: string };
  /**
   * A one-flow run left this side's changes for a run that carries them: the link keeps that
   * side's previous hash and base, so they still count as changes next time.
   */
  deferred?: Side;
  /** A linked pair skipped because this side's record is gone (the run applies its deletion). */
  linkedGone?: Side;
  /** The Zoho record lacks its Sage key field (created on the Zoho side): write it. */
  writeSageKeyToZoho: boolean;
  /** A Zoho edit of a read-only module, written back with Sage's values (catalog `zohoReadOnly`). */
  reverted?: boolean;
  /** Tick the Zoho record's opt-in checkbox with the key write (ADR 0062). */
  tickOptIn?: boolean;
  projections: Partial<Record<Side, Projection>>;
  hashes: Partial<Record<Side, string>>;
}
