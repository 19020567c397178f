import type { Side } from './modules.js';

/** The settings tab's wire shapes for runs, their reports and events, conflicts and match proposals. */

export interface RunSummary {
  id: string;
  module: string;
  direction: string;
  kind: string;
  status: string;
  dryRun: boolean;
  startedAt: string;
  finishedAt: string | null;
  counts: Record<string, number>;
  reason: string | null;
  flags: string[];
  /** Background runs (issue 12): present once the job runner reports progress. */
  progress?: RunProgress;
}

/** A run's progress (GET /api/v1/runs/:id, issue 12): updated after every page. */
export interface RunProgress {
  phase: string;
  read: Record<Side, number>;
  written: Record<Side, number>;
  skipped: number;
  failed: number;
  /** What the sides said they have for this run, when they can tell. */
  estimatedTotal: number | null;
  /** Each pass on its own: read so far of its side's count (null until counted), and ended. */
  passes?: PassProgress[];
  pages: number;
  ratePerSecond: number | null;
  secondsLeft: number | null;
  updatedAt: string;
}

export interface PassProgress {
  pass: 'sage_to_zoho' | 'zoho_to_sage';
  done: number;
  estimatedTotal: number | null;
  finished: boolean;
}

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface RecordOutcome {
  sageKey?: string;
  zohoId?: string;
  direction: string;
  action: string;
  reason?: string;
  changes: FieldChange[];
}

export interface RunReport {
  runId: string;
  module: string;
  kind: string;
  direction: string;
  dryRun: boolean;
  status: string;
  counts: Record<string, number>;
  reason: string | null;
  flags: string[];
  records: RecordOutcome[];
}

export interface RecordEvent extends RecordOutcome {
  id: number;
  runId: string;
  module: string;
  attempt: number;
  createdAt: string;
}

export interface Conflict {
  id: number;
  module: string;
  zohoId?: string;
  sageKey?: string;
  fields: Array<{ field: string; zohoValue: unknown; sageValue: unknown }>;
  createdAt: string;
}

export interface MatchProposal {
  id: number;
  module: string;
  zohoId: string;
  sageKey: string;
  score: number;
  reasons: string[];
  summary: { zoho: Record<string, unknown>; sage: Record<string, unknown> };
  status: string;
}

/**
 * POST /runs answers either the finished reports (before runs became jobs) or 202 with the
 * queued runs (issue 12). The screens follow queued runs by id either way.
 */
export interface RunStart {
  reports?: RunReport[];
  runs?: RunSummary[];
  runIds?: string[];
}

export const runIdsOf = (start: RunStart): string[] =>
  start.runIds ?? start.runs?.map((r) => r.id) ?? start.reports?.map((r) => r.runId) ?? [];
