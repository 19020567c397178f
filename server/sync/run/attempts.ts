import type { WriteResult } from '../gateways.js';
import type { Attempt } from '../model/index.js';

/** A failed write as the audit and the link's last error say it. */
export const describeFailure = (r: Extract<WriteResult, { ok: false }>): string =>
  `${r.code}: ${r.message}${r.field ? ` (${r.field})` : ''}`;

/**
 * A write's attempts for the record's event: each remote try the gateway reports (a record lock
 * retried is a failed try, then the one that passed), or one attempt when it reports none. When
 * the last try does not tell the write's outcome (a read after the write failed, a failure the
 * gateway found before any call), the outcome is added as its own attempt, so the event never
 * ends on a success for a write that failed.
 */
export function attemptsOf(result: WriteResult, write: string, at: string): Attempt[] {
  const outcome = result.ok ? ('succeeded' as const) : ('failed' as const);
  const error = result.ok ? undefined : describeFailure(result);
  const out: Attempt[] = [];
  // Built key by key, not spread: one of these is made for every write of every record, and
  // the keys keep the order the stored events have always had.
  for (const t of result.tries ?? []) {
    const attempt: Attempt = { at: t.at, outcome: t.outcome };
    if (t.error !== undefined) attempt.error = t.error;
    attempt.write = write;
    attempt.operation = t.operation;
    attempt.try = t.try;
    out.push(attempt);
  }
  const last = out[out.length - 1];
  if (!last || last.outcome !== outcome) {
    const attempt: Attempt = { at, outcome };
    if (error !== undefined) attempt.error = error;
    attempt.write = write;
    if (out.length === 0) attempt.try = 1;
    out.push(attempt);
  }
  return out;
}
