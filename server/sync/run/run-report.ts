import type { NewRecordEvent, RecordOutcome } from '../model/index.js';

/** A record decision as a run's report shows it. */
export const outcomeOf = (e: NewRecordEvent): RecordOutcome => ({
  sageKey: e.sageKey,
  zohoId: e.zohoId,
  direction: e.direction,
  action: e.action,
  reason: e.reason,
  changes: e.changes,
});
