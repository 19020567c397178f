import { SageError, type SageAttempt } from './errors.js';

/**
 * Retries with exponential backoff and full jitter (delay = random(0, min(max, base * 2^n))):
 * locks and transient failures only (SageError.retryable). Every attempt is recorded, failed
 * and succeeded, for the audit log.
 */

export interface RetryPolicy {
  /** Total attempts, including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8000,
};

export interface RetryDeps {
  random?: () => number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
}

export const backoffDelay = (
  policy: RetryPolicy,
  failedAttempt: number,
  random: () => number,
): number =>
  Math.floor(random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (failedAttempt - 1)));

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function withRetry<T>(
  operation: string,
  policy: RetryPolicy,
  attempts: SageAttempt[],
  run: (attempt: number) => Promise<T>,
  toError: (err: unknown) => SageError,
  deps: RetryDeps = {},
): Promise<T> {
  const random = deps.random ?? Math.random;
  const sleep = deps.sleep ?? defaultSleep;
  const now = deps.now ?? (() => new Date());
  for (let attempt = 1; ; attempt++) {
    try {
      const value = await run(attempt);
      attempts.push({ operation, attempt, outcome: 'succeeded', at: now().toISOString() });
      return value;
    } catch (raw) {
      const err = toError(raw);
      const willRetry = err.retryable && attempt < policy.maxAttempts;
      const retryInMs = willRetry ? backoffDelay(policy, attempt, random) : undefined;
      attempts.push({
        operation,
        attempt,
        outcome: 'failed',
        error: { kind: err.kind, code: err.code, message: err.message },
        retryInMs,
        at: now().toISOString(),
      });
      if (!willRetry) {
        err.attempts = attempts;
        throw err;
      }
      await sleep(retryInMs ?? 0);
    }
  }
}
