import { z } from 'zod';
import { MODULES } from '../sync/vocabulary.js';

/** Upkeep other parts of the product left for the jobs; see maintenance.ts. */
export const MAINTENANCE_TASKS = [
  'renew_zoho_channels',
  'purge_oauth_states',
  'prune_zoho_credits',
  'prune_events',
  'retry_notifications',
  'notify_digest',
] as const;
export type MaintenanceTask = (typeof MAINTENANCE_TASKS)[number];

/** Hourly or daily: channels lapse in a day and are renewed within two hours of it. */
export const MAINTENANCE_EVERY_SECONDS: Record<MaintenanceTask, number> = {
  renew_zoho_channels: 3600,
  purge_oauth_states: 3600,
  prune_zoho_credits: 86_400,
  prune_events: 86_400,
  // Retries are also timed in the process that failed; this sweep covers restarts and the fleet.
  retry_notifications: 60,
  notify_digest: 86_400,
};

/** One unit of work: a module's scheduled sync or reconciliation, or a maintenance task. */
export const jobWork = z.discriminatedUnion('kind', [
  z.object({
    kind: z.enum(['sync', 'reconcile']),
    tenantId: z.string().min(1),
    module: z.enum(MODULES),
    /** Records Zoho notified as changed: a sync that then reads nothing from Zoho is flagged. */
    zohoNotified: z.number().int().min(0).optional(),
  }),
  z.object({ kind: z.literal('maintenance'), task: z.enum(MAINTENANCE_TASKS) }),
  /** Runs queued through the API (manual, historical, dry run, replay), carried out in order. */
  z.object({
    kind: z.literal('runs'),
    tenantId: z.string().min(1),
    runIds: z.array(z.string().min(1)).min(1),
  }),
]);
export type JobWork = z.infer<typeof jobWork>;
export type ModuleWork = Extract<JobWork, { kind: 'sync' | 'reconcile' }>;

/** Work that is due for a slot: the same (key, slot) must run once, whoever runs it. */
export interface DueWork {
  /** Stable name of the schedule this belongs to, e.g. "sync:<tenant>:Accounts". */
  key: string;
  slot: Date;
  /** How long after its slot the work may still be started (a missed slot is skipped after it). */
  windowSeconds: number;
  work: JobWork;
}

export type QueuedRunsWork = Extract<JobWork, { kind: 'runs' }>;

export const isModuleWork = (work: JobWork): work is ModuleWork =>
  work.kind === 'sync' || work.kind === 'reconcile';
