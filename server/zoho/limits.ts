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

/** The part of Zoho's org `license_details` that says which edition is in force. */
interface OrgLicense {
  paid?: boolean | null;
  paid_type?: string | null;
  trial_type?: string | null;
  trial_expiry?: string | null;
}

/**
 * The edition whose limits apply to an org: the evaluated edition while a trial runs
 * (`trial_type: "enterprise"` with `paid_type: "free"`), the paid one otherwise.
 */
export function editionOf(
  license: OrgLicense | null | undefined,
  nowMs: number = Date.now(),
): string | undefined {
  if (!license) return undefined;
  const trialEnds = license.trial_expiry ? Date.parse(license.trial_expiry) : Number.NaN;
  const onTrial =
    !license.paid && !!license.trial_type && (Number.isNaN(trialEnds) || trialEnds > nowMs);
  return (onTrial ? license.trial_type : license.paid_type) ?? undefined;
}

/**
 * While an org is on trial: when it ends and the paid edition it falls back to, so the edition
 * in force can be told later without asking Zoho (`editionInForce`).
 */
export function trialOf(
  license: OrgLicense | null | undefined,
  nowMs: number = Date.now(),
): { trialEndsAt: string; editionAfterTrial: string } | undefined {
  if (!license || license.paid || !license.trial_type || !license.trial_expiry) return undefined;
  const ends = Date.parse(license.trial_expiry);
  if (Number.isNaN(ends) || ends <= nowMs) return undefined;
  return {
    trialEndsAt: new Date(ends).toISOString(),
    editionAfterTrial: license.paid_type ?? 'free',
  };
}

/** The edition whose modules and limits apply now: the stored one, or after its trial the paid one. */
export function editionInForce(
  c: { edition?: string; trialEndsAt?: string; editionAfterTrial?: string } | undefined,
  nowMs: number = Date.now(),
): string | undefined {
  if (!c) return undefined;
  if (c.trialEndsAt && Date.parse(c.trialEndsAt) <= nowMs) return c.editionAfterTrial ?? 'free';
  return c.edition;
}

/** Zoho's daily API credits by edition (the cap; the org's own allowance grows with its users). */
const EDITION_DAILY_CREDITS: Record<string, number | null> = {
  free: 5_000,
  standard: 100_000,
  starter: 100_000,
  professional: 3_000_000,
  enterprise: 5_000_000,
  zohoone: 5_000_000,
  ultimate: null,
  crmplus: null,
};

/** The most credits a day the edition allows (null: unlimited); unknown editions as Free. */
export function dailyCreditsForEdition(edition: string | undefined): number | null {
  const key = (edition ?? '').toLowerCase().replace(/[^a-z]/g, '');
  return key in EDITION_DAILY_CREDITS ? EDITION_DAILY_CREDITS[key]! : EDITION_DAILY_CREDITS.free!;
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
