import { describe, expect, it } from 'vitest';
import { SageError, type SageAttempt } from './errors.js';
import { backoffDelay, withRetry } from './retry.js';

const policy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 3000 };
const toError = (e: unknown) => e as SageError;

describe('withRetry', () => {
  it('full jitter stays within [0, min(max, base*2^(n-1)))', () => {
    expect(backoffDelay(policy, 1, () => 0.999)).toBe(499);
    expect(backoffDelay(policy, 3, () => 0.999)).toBe(1998);
    expect(backoffDelay(policy, 5, () => 0.999)).toBe(2997); // capped at 3000
    expect(backoffDelay(policy, 2, () => 0)).toBe(0);
  });

  it('retries retryable errors, waiting the backoff, and records every attempt', async () => {
    const waits: number[] = [];
    const attempts: SageAttempt[] = [];
    let n = 0;
    const value = await withRetry(
      'UpdateCustomer',
      policy,
      attempts,
      async () => {
        n++;
        if (n < 3) throw new SageError('locked', 'in use', 'UpdateCustomer', 'WS_RecordInUse');
        return 'done';
      },
      toError,
      {
        random: () => 0.5,
        sleep: async (ms) => void waits.push(ms),
        now: () => new Date('2026-01-01T00:00:00Z'),
      },
    );
    expect(value).toBe('done');
    expect(waits).toEqual([250, 500]);
    expect(attempts).toEqual([
      {
        operation: 'UpdateCustomer',
        attempt: 1,
        outcome: 'failed',
        error: { kind: 'locked', code: 'WS_RecordInUse', message: 'in use' },
        retryInMs: 250,
        at: '2026-01-01T00:00:00.000Z',
      },
      {
        operation: 'UpdateCustomer',
        attempt: 2,
        outcome: 'failed',
        error: { kind: 'locked', code: 'WS_RecordInUse', message: 'in use' },
        retryInMs: 500,
        at: '2026-01-01T00:00:00.000Z',
      },
      {
        operation: 'UpdateCustomer',
        attempt: 3,
        outcome: 'succeeded',
        at: '2026-01-01T00:00:00.000Z',
      },
    ]);
  });

  it.each(['validation', 'logon', 'not_found', 'company', 'no_access', 'tls'] as const)(
    'never retries %s',
    async (kind) => {
      let calls = 0;
      const attempts: SageAttempt[] = [];
      await expect(
        withRetry(
          'Op',
          policy,
          attempts,
          async () => {
            calls++;
            throw new SageError(kind, 'no', 'Op');
          },
          toError,
          { sleep: async () => {} },
        ),
      ).rejects.toMatchObject({ kind });
      expect(calls).toBe(1);
      expect(attempts).toHaveLength(1);
    },
  );

  it('stops at maxAttempts and attaches the attempts to the error', async () => {
    const attempts: SageAttempt[] = [];
    const err = await withRetry(
      'Op',
      { ...policy, maxAttempts: 2 },
      attempts,
      async () => {
        throw new SageError('server', 'An exception occurred.', 'Op');
      },
      toError,
      { sleep: async () => {} },
    ).catch((e: unknown) => e as SageError);
    expect(err.attempts).toBe(attempts);
    expect(attempts.map((a) => a.retryInMs === undefined)).toEqual([false, true]);
  });
});
