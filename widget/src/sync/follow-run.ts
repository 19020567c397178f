import {
  FINAL_RUN_STATUSES,
  recordStatus,
  type RecordStatus,
  type SyncAccepted,
  type SyncResult,
} from '../platform/records.js';
import type { SyncModule } from '../platform/zoho-sdk.js';

/** What following a run needs of the API client (a GET returning parsed JSON). */
export interface RunReader {
  get<T>(path: string): Promise<T>;
}

/**
 * "Sync to Sage" still running at the backend's deadline (202): polls its run, then reads the
 * record's state. Undefined when the run has not ended after `polls` tries: it is still going,
 * and saying "not sent" then would be wrong (it usually is sent, later).
 */
export async function followRun(
  api: RunReader,
  record: { module: SyncModule; recordId: string },
  accepted: SyncAccepted,
  { polls = 120, waitMs = 1000 }: { polls?: number; waitMs?: number } = {},
): Promise<SyncResult | undefined> {
  let run = accepted.run;
  for (let i = 0; i < polls && !FINAL_RUN_STATUSES.has(run.status); i++) {
    await new Promise((r) => setTimeout(r, waitMs));
    run = await api.get<SyncAccepted['run']>(accepted.location);
  }
  if (!FINAL_RUN_STATUSES.has(run.status)) return undefined;
  const status = await api.get<RecordStatus>(recordStatus(record.module, record.recordId));
  const ok = run.status === 'succeeded' && status.linked;
  return {
    module: record.module,
    zohoId: record.recordId,
    sageKey: status.sageKey,
    action: ok ? 'synced' : 'failed',
    reason: ok ? null : (status.lastError ?? run.reason),
  };
}
