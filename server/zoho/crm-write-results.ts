import type { WriteResult } from '../sync/gateways.js';
import { ZohoApiError, ZohoError, ZohoUnavailableError } from './errors.js';
import type { WriteOutcome } from './records-api.js';

/**
 * A write call's per-record outcomes as the engine's WriteResults. Failures are values: a call
 * that fails as a whole (429s and 5xx retried out, Zoho unreachable) becomes one failure per
 * record it carried, so the engine records each and retries those it may.
 */
export async function writeResults(
  call: () => Promise<WriteOutcome[]>,
  count: number,
  now: () => Date,
): Promise<WriteResult[]> {
  try {
    const outcomes = await call();
    return outcomes.map((o): WriteResult =>
      o.ok
        ? {
            ok: true,
            id: o.id,
            version: o.modifiedTime ? new Date(o.modifiedTime).toISOString() : now().toISOString(),
            created: o.action === 'insert',
            tries: o.tries,
          }
        : {
            ok: false,
            code: o.code,
            message: o.message,
            field: o.field,
            retryable: o.code === 'RECORD_LOCKED',
            tries: o.tries,
          },
    );
  } catch (error) {
    const f = failure(error);
    return Array.from({ length: count }, () => f);
  }
}

function failure(error: unknown): Extract<WriteResult, { ok: false }> {
  // The call's tries (429s and 5xx retried) go with the failure into each record's event.
  const tries = error instanceof ZohoError ? error.tries : undefined;
  if (error instanceof ZohoApiError) {
    const retryable = error.status === 429 || error.status >= 500;
    return { ok: false, code: error.code, message: error.message, retryable, tries };
  }
  if (error instanceof ZohoUnavailableError) {
    return { ok: false, code: 'UNAVAILABLE', message: error.message, retryable: true, tries };
  }
  if (error instanceof Error)
    return { ok: false, code: error.name, message: error.message, retryable: true };
  return { ok: false, code: 'UNKNOWN', message: String(error), retryable: true };
}
