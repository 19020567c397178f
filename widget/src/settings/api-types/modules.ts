import type { RunSummary } from './runs.js';

/** The settings tab's wire shapes for modules: their settings, mapping rules, filters and field lists. */

export type Direction = 'sage_to_zoho' | 'zoho_to_sage' | 'both' | 'disabled';
export type FlowDirection = Exclude<Direction, 'disabled'>;
export type Side = 'zoho' | 'sage';
export type Schedule =
  { kind: 'interval'; seconds: number } | { kind: 'times'; times: string[]; timeZone: string };

export interface ModuleSettings {
  direction: Direction;
  schedule: Schedule;
  conflictPolicy: 'zoho_wins' | 'sage_wins' | 'most_recent';
  conflictToleranceSeconds: number;
  deletePolicy: 'ignore' | 'mark_inactive' | 'delete';
  deleteBrakePercent: number;
  filterMatch: 'all' | 'any';
  initialMatchDone: boolean;
  /** Per-record opt-in (ADR 0062): only ticked records enter Sage. */
  optIn?: boolean;
  /** Sales_Orders only (ADR 0066): the Deal stage each Sage order status moves its Deal to. */
  dealStages?: DealStageRule;
}

export const DEAL_TRIGGERS = ['N', 'O', 'C', 'H', 'invoiced'] as const;
export type DealTrigger = (typeof DEAL_TRIGGERS)[number];
export interface DealStageRule {
  enabled: boolean;
  stages: Partial<Record<DealTrigger, string>>;
}

export interface ModuleView {
  module: string;
  label: string;
  allowedDirections: Direction[];
  needs: string[];
  neededBy: string[];
  /** The Zoho checkbox of per-record opt-in (`Sync_to_Sage`), or null for modules without one. */
  optInField?: string | null;
  settings: ModuleSettings;
  /** Whether the Zoho org has the module (its edition; the GL module installed). */
  availability?:
    | { available: true }
    | {
        available: false;
        code: 'edition_required' | 'module_missing';
        reason: string;
        action: string | null;
      };
  lastRun: RunSummary | null;
  /** Failed records still owed: `waiting` are retried by later runs, `exhausted` need a replay. */
  retries?: { waiting: number; exhausted: number };
  /** The last run succeeded and no failed record is outstanding. */
  caughtUp?: boolean;
  alsoEnabled?: string[];
}

export interface Mapping {
  zohoField: string;
  sageField: string;
  direction: FlowDirection;
  transform?: { kind: string; [param: string]: unknown };
  emptyOverwrites: boolean;
  owner?: Side;
}

export interface Filter {
  side: Side;
  field: string;
  operator: string;
  value: string | number | boolean | null | string[];
}

/** A ready-made filter of the catalog's (Accounts: exclude inactive customers). */
export interface FilterPreset {
  id: string;
  label: string;
  filters: Filter[];
}

export interface FieldLists {
  zoho: {
    from: 'zoho' | 'catalog';
    reason?: string;
    fields: Array<{
      apiName: string;
      label: string;
      type: string;
      custom: boolean;
      readOnly: boolean;
    }>;
  };
  sage: {
    fields: Array<{ name: string; length: number | null; mandatory: boolean; key: boolean }>;
  };
}
