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
  const out: Attempt[] = (result.tries ?? []).map((t) => ({
    at: t.at,
    outcome: t.outcome,
    ...(t.error !== undefined ? { error: t.error } : {}),
    write,
    operation: t.operation,
    try: t.try,
  }));
  const last = out[out.length - 1];
  if (!last || last.outcome !== outcome) {
    const first = out.length === 0 ? { try: 1 } : {};
    out.push({ at, outcome, ...(error !== undefined ? { error } : {}), write, ...first });
  }
  return out;
}
