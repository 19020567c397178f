import type { GatewayRecord } from '../gateways.js';
import type { NewRecordEvent } from '../model/index.js';
import type { RecordPlan } from '../plan/types.js';
import type { PendingRecord } from '../stores.js';
import type { ModuleName, Side } from '../vocabulary.js';
import { nowOf, type EngineDeps } from './deps.js';

/**
 * Records a run must come back to, because the cursor moves past them with the rest of their
 * page: children waiting for a parent's link (`parent`), retried by every run, and records whose
 * write failed (`retry`), retried with exponential backoff until they land or reach the attempt
 * limit. One at the limit is no longer tried by itself but stays outstanding (the module says
 * so, its runs end `partial`) until a replay lands it or its record is gone.
 */

export const DEFAULT_ATTEMPT_LIMIT = 8;
export const DEFAULT_FIRST_DELAY_SECONDS = 60;
/** No wait grows beyond six hours: a record that failed at night is tried again by morning. */
const MAX_DELAY_SECONDS = 6 * 3600;

export const attemptLimitOf = (deps: EngineDeps): number =>
  deps.retry?.attemptLimit ?? DEFAULT_ATTEMPT_LIMIT;

/** The wait after the `attempts`-th failed try: first delay, doubled per try, capped. */
export function retryDelaySeconds(deps: EngineDeps, attempts: number): number {
  const first = deps.retry?.firstDelaySeconds ?? DEFAULT_FIRST_DELAY_SECONDS;
  return Math.min(first * 2 ** Math.max(0, attempts - 1), MAX_DELAY_SECONDS);
}

/** Which held records this run tries: every waiting child, and retries that are due. */
export function dueNow(deps: EngineDeps, held: PendingRecord[]): PendingRecord[] {
  const now = nowOf(deps).toISOString();
  const limit = attemptLimitOf(deps);
  return held.filter(
    (p) =>
      p.kind === 'parent' || (p.attempts < limit && (!p.nextAttemptAt || p.nextAttemptAt <= now)),
  );
}

/**
 * After a batch of records was processed (plans and their events, in the same order): a failed
 * record is held for a retry (one more failed try, the next one later), a child waiting for its
 * parent is held as such, and anything else (landed, unchanged, in review, skipped for a reason a
 * retry cannot fix) is no longer held.
 */
export async function trackOutcomes(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
  side: Side,
  plans: RecordPlan[],
  events: NewRecordEvent[],
  held: Map<string, PendingRecord>,
): Promise<void> {
  const put: PendingRecord[] = [];
  const done: string[] = [];
  const now = nowOf(deps).getTime();
  plans.forEach((plan, i) => {
    const id = side === 'sage' ? plan.candidate.sage?.id : plan.candidate.zoho?.id;
    if (!id) return;
    const event = events[i];
    if (event?.action === 'failed') {
      const attempts = (held.get(id)?.kind === 'retry' ? held.get(id)!.attempts : 0) + 1;
      const entry: PendingRecord = {
        id,
        kind: 'retry',
        reason: event.reason ?? 'write failed',
        attempts,
        nextAttemptAt: new Date(now + retryDelaySeconds(deps, attempts) * 1000).toISOString(),
      };
      put.push(entry);
      held.set(id, entry);
    } else if (plan.waitingFor) {
      const entry: PendingRecord = {
        id,
        kind: 'parent',
        reason: plan.reason ?? 'waiting for a parent',
        attempts: 0,
      };
      put.push(entry);
      held.set(id, entry);
    } else if (held.has(id)) {
      done.push(id);
      held.delete(id);
    }
  });
  await deps.repos.pendingRecords.put(tenantId, module, side, put);
  await deps.repos.pendingRecords.remove(tenantId, module, side, done);
}

/** Failed records of the module still outstanding: what keeps its runs from `succeeded`. */
export async function outstandingRetries(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleName,
): Promise<{ waiting: number; exhausted: number }> {
  return deps.repos.pendingRecords.countRetries(tenantId, module, attemptLimitOf(deps));
}

/**
 * A record's state as read (version and values): a feed entry in this state was already planned
 * and written by the run's retries. Compared by value, as a change in the same second as the
 * retry's read keeps Sage's version but not its values.
 */
export const stateOf = (r: GatewayRecord): string =>
  JSON.stringify([r.version, r.fields, r.lines ?? null]);

/** Why a run that finished its own work still ends partial: the failed records it leaves owed. */
export const outstandingReason = (left: { waiting: number; exhausted: number }): string =>
  `${left.waiting + left.exhausted} failed records not synced yet` +
  (left.waiting > 0 ? `: ${left.waiting} will be retried` : '') +
  (left.exhausted > 0
    ? `${left.waiting > 0 ? ',' : ':'} ${left.exhausted} reached the attempt limit (replay them)`
    : '');
