/**
 * Per-tenant limits: how many calls may be in flight, and what a call costs in credits.
 * Zoho allows 5/10/15/20/25 concurrent calls per org by edition (Free/Standard/Professional/
 * Enterprise/Ultimate), shared with every other app and integration of the org; this product takes
 * about half, so users' own tools keep working while a backfill runs.
 */
const EDITION_CONCURRENCY: Record<string, number> = {
  free: 3,
  standard: 5,
  starter: 5,
  professional: 8,
  enterprise: 10,
  zohoone: 10,
  ultimate: 12,
  crmplus: 12,
};

/**
 * The edition whose limits apply to an org: the evaluated edition while a trial runs
 * (`trial_type: "enterprise"` with `paid_type: "free"`), the paid one otherwise.
 */
export function editionOf(
  license:
    | {
        paid?: boolean | null;
        paid_type?: string | null;
        trial_type?: string | null;
        trial_expiry?: string | null;
      }
    | null
    | undefined,
  nowMs: number = Date.now(),
): string | undefined {
  if (!license) return undefined;
  const trialEnds = license.trial_expiry ? Date.parse(license.trial_expiry) : Number.NaN;
  const onTrial =
    !license.paid && !!license.trial_type && (Number.isNaN(trialEnds) || trialEnds > nowMs);
  return (onTrial ? license.trial_type : license.paid_type) ?? undefined;
}

export function concurrencyForEdition(edition: string | undefined): number {
  const key = (edition ?? '').toLowerCase().replace(/[^a-z]/g, '');
  return EDITION_CONCURRENCY[key] ?? EDITION_CONCURRENCY.free!;
}

/** COQL costs by its LIMIT (1-200: 1, 201-1000: 2, 1001-2000: 3); other calls cost 1. */
export function coqlCredits(limit: number): number {
  return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
}

/** A counting semaphore; waiters are served first come, first served. */
export class Semaphore {
  private active = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private limit: number) {}

  setLimit(limit: number): void {
    this.limit = limit;
    this.drain();
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      this.active--;
      this.drain();
    }
  }

  private drain(): void {
    while (this.active < this.limit && this.waiters.length > 0) {
      this.active++;
      this.waiters.shift()?.();
    }
  }
}
