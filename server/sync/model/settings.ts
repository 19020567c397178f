import type {
  ConflictPolicy,
  DeletePolicy,
  Direction,
  ModuleName,
  Schedule,
} from '../vocabulary.js';

/** A tenant's saved choices for one module. A run never changes them (its options are its own). */

export interface ModuleSettings {
  tenantId: string;
  module: ModuleName;
  direction: Direction;
  schedule: Schedule;
  conflictPolicy: ConflictPolicy;
  conflictToleranceSeconds: number;
  deletePolicy: DeletePolicy;
  deleteBrakePercent: number;
  filterMatch: 'all' | 'any';
  initialMatchDone: boolean;
  /**
   * Per-record opt-in (ADR 0062): only Zoho records whose opt-in checkbox is ticked enter Sage.
   * Only modules whose catalog entry names an opt-in field take it.
   */
  optIn: boolean;
  /** Sales orders: the linked Deal's stage follows its Sage order (ADR 0066); off by default. */
  dealStages?: DealStageRule;
}

/**
 * Which Zoho Deal stage a Sage order's status moves its Deal to. Keys are Sage OrderStatus codes
 * (N, O, C, H) and `invoiced` (an invoice of the order reached Zoho); values are Deal stages.
 */
export interface DealStageRule {
  enabled: boolean;
  stages: Partial<Record<DealStageTrigger, string>>;
}

export const DEAL_STAGE_TRIGGERS = ['N', 'O', 'C', 'H', 'invoiced'] as const;
export type DealStageTrigger = (typeof DEAL_STAGE_TRIGGERS)[number];
