/**
 * When a tenant whose share of Zoho's daily credits is spent can run again. Zoho meters credits
 * over a rolling 24 hours, not a calendar day (its API limits page), and so does the credit cap
 * (server/zoho/credit-cap.ts): the ledger keeps hourly buckets, and a bucket leaves the window
 * 24 hours after its hour began. Runs resume once enough of the oldest buckets have left for the
 * total to fall below the share.
 */

const HOUR_MS = 3600_000;

export interface CreditHour {
  /** `YYYY-MM-DDTHH` (UTC), as the ledger stores it. */
  hour: string;
  credits: number;
}

/**
 * The instant the total falls below `budget`, or null while it is below. `used` may exceed the
 * buckets' sum by credits the ledger has not written yet (ADR 0071): those are this hour's, the
 * last to leave.
 */
export function creditsResumeAt(
  hours: readonly CreditHour[],
  used: number,
  budget: number,
  now: Date,
): Date | null {
  if (used < budget) return null;
  let left = used;
  for (const { hour, credits } of [...hours].sort((a, b) => a.hour.localeCompare(b.hour))) {
    left -= credits;
    if (left < budget) return new Date(Date.parse(`${hour}:00:00Z`) + 24 * HOUR_MS);
  }
  const thisHour = Math.floor(now.getTime() / HOUR_MS) * HOUR_MS;
  return new Date(thisHour + 24 * HOUR_MS);
}
