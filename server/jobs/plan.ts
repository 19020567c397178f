import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import { InvalidScheduleError, latestSlot, slotPeriodSeconds } from './schedule.js';
import { MAINTENANCE_EVERY_SECONDS, MAINTENANCE_TASKS, type DueWork } from './work.js';

export interface PlanOptions {
  /** Hours between reconciliations of each enabled module; 0 turns them off. */
  reconcileHours: number;
}

const DAY_SECONDS = 86_400;

/**
 * Everything whose latest slot is at or before `now`, read fresh from storage every time, so a
 * changed schedule, a disabled module or a suspended tenant takes effect on the next tick. The
 * caller decides which of these it has already run (in memory, or by job id in pg-boss). A tenant
 * whose Zoho CRM is not connected yet has nothing due: its runs could only fail, and its health
 * says "not connected" instead of listing a failed run per slot. One query reads every tenant's
 * schedules, however many tenants there are.
 */
export async function planDue(
  repos: Repositories,
  now: Date,
  options: PlanOptions,
  logger: Logger,
): Promise<DueWork[]> {
  const due: DueWork[] = [];
  for (const task of MAINTENANCE_TASKS) {
    const seconds = MAINTENANCE_EVERY_SECONDS[task];
    due.push({
      key: `maintenance:${task}`,
      slot: latestSlot({ kind: 'interval', seconds }, now),
      windowSeconds: seconds,
      work: { kind: 'maintenance', task },
    });
  }
  for (const settings of await repos.moduleSettings.listScheduled()) {
    const { tenantId, module } = settings;
    try {
      due.push({
        key: `sync:${tenantId}:${module}`,
        slot: latestSlot(settings.schedule, now),
        windowSeconds: Math.min(slotPeriodSeconds(settings.schedule), DAY_SECONDS),
        work: { kind: 'sync', tenantId, module },
      });
    } catch (err) {
      if (!(err instanceof InvalidScheduleError)) throw err;
      logger.warn(
        { tenantId, module, schedule: settings.schedule, reason: err.message },
        'module schedule is invalid: not scheduled',
      );
    }
    if (options.reconcileHours > 0) {
      const seconds = options.reconcileHours * 3600;
      due.push({
        key: `reconcile:${tenantId}:${module}`,
        slot: latestSlot({ kind: 'interval', seconds }, now),
        windowSeconds: Math.min(seconds, DAY_SECONDS),
        work: { kind: 'reconcile', tenantId, module },
      });
    }
  }
  return due;
}
