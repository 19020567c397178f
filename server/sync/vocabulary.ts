/**
 * The engine's words, shared by repositories, jobs and HTTP. No Zoho or Sage field names here.
 * See CONTEXT.md beside this file for what each means.
 */

export const MODULES = [
  'Accounts',
  'Contacts',
  'Products',
  'Vendors',
  'Sales_Orders',
  'Invoices',
  'GL_Accounts',
] as const;
export type ModuleName = (typeof MODULES)[number];

/** What the admin picks per module. */
export const DIRECTIONS = ['sage_to_zoho', 'zoho_to_sage', 'both', 'disabled'] as const;
export type Direction = (typeof DIRECTIONS)[number];

/** The direction one run or one event moved data in. */
export type FlowDirection = 'sage_to_zoho' | 'zoho_to_sage';

export type Side = 'zoho' | 'sage';

export const CONFLICT_POLICIES = ['zoho_wins', 'sage_wins', 'most_recent'] as const;
export type ConflictPolicy = (typeof CONFLICT_POLICIES)[number];

export const DELETE_POLICIES = ['ignore', 'mark_inactive', 'delete'] as const;
export type DeletePolicy = (typeof DELETE_POLICIES)[number];

export const RECORD_ACTIONS = [
  'created',
  'updated',
  'unchanged',
  'echo',
  'skipped',
  'failed',
  'conflict',
  'deleted',
] as const;
export type RecordAction = (typeof RECORD_ACTIONS)[number];

export const RUN_KINDS = [
  'incremental',
  'manual',
  'backfill',
  'record',
  'reconcile',
  'replay',
] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** `queued`: accepted, waiting for the job runner; `cancelled`: stopped between pages on request. */
export const RUN_STATUSES = [
  'queued',
  'running',
  'succeeded',
  'partial',
  'failed',
  'cancelled',
] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
/** Statuses a run ends in. */
export type FinalRunStatus = Exclude<RunStatus, 'queued' | 'running'>;
export const isFinalStatus = (s: RunStatus): s is FinalRunStatus =>
  s !== 'queued' && s !== 'running';

/** What a run is doing now, shown as its progress. */
export const RUN_PHASES = [
  'queued',
  'matching',
  'pending',
  'reading_sage',
  'reading_zoho',
  'records',
  'finished',
] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

/** Every minute-or-more cadence, or fixed local times of day ("HH:MM"). */
export type Schedule =
  { kind: 'interval'; seconds: number } | { kind: 'times'; times: string[]; timeZone: string };
