import { z } from 'zod';

/** Faults a test injects into the simulated CRM API: status bursts, slow calls, dead tokens. */

export type SimFault =
  | {
      kind: 'status';
      status: 429 | 500 | 502 | 503;
      times: number;
      path?: string;
      /** For 429: TOO_MANY_REQUESTS (the default) or RATE_LIMIT_EXCEEDED; both occur. */
      code?: 'TOO_MANY_REQUESTS' | 'RATE_LIMIT_EXCEEDED';
      /** For 429: the `retry_after` seconds Zoho puts in the details. */
      retryAfterSeconds?: number;
    }
  | { kind: 'delay'; ms: number; times: number; path?: string }
  | { kind: 'invalid-token'; times: number; path?: string };

const times = z.number().int().positive();
const path = z.string().optional();

/** A fault as `POST /__sim/faults` takes it: the shapes above and nothing else. */
export const simFaultSchema: z.ZodType<SimFault> = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.union([z.literal(429), z.literal(500), z.literal(502), z.literal(503)]),
    times,
    path,
    code: z.enum(['TOO_MANY_REQUESTS', 'RATE_LIMIT_EXCEEDED']).optional(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
  }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().int().nonnegative(), times, path }),
  z.strictObject({ kind: z.literal('invalid-token'), times, path }),
]);

export class SimFaults {
  private faults: SimFault[] = [];
  /**
   * A steady latency on every CRM call, in ms (benchmarks: Zoho's ~150 ms per call). A setting,
   * not a fault: `clear()` leaves it. The floor of the call's answer time, its slot held until
   * the answer leaves: the call runs as it arrives (ADR 0075), where a delay fault holds it first.
   */
  private latency = 0;

  get latencyMs(): number {
    return this.latency;
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be >= 0 ms, got ${ms}`);
    this.latency = ms;
  }

  add(fault: SimFault): void {
    this.faults.push({ ...fault });
  }

  clear(): void {
    this.faults = [];
  }

  /**
   * Takes one use of every fault matching the path; delays combine with a status fault.
   * `delayMs` is the injected delays' (they hold the call before it runs), `latencyMs` the
   * steady latency (the floor of its answer time, ADR 0075).
   */
  take(path: string): { delayMs: number; latencyMs: number; fault?: SimFault } {
    let delayMs = 0;
    let fault: SimFault | undefined;
    for (const f of this.faults) {
      if (f.times <= 0 || (f.path && !path.includes(f.path))) continue;
      if (f.kind === 'delay') {
        delayMs += f.ms;
        f.times--;
      } else if (!fault) {
        fault = f;
        f.times--;
      }
    }
    this.faults = this.faults.filter((f) => f.times > 0);
    return { delayMs, latencyMs: this.latency, fault };
  }
}

export const zohoError = (
  code: string,
  message: string,
  details: Record<string, unknown> = {},
) => ({
  code,
  details,
  message,
  status: 'error',
});
