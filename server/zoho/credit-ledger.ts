import type { ZohoCreditRepository } from '../db/repositories/zoho-credits.js';
import { creditHour } from '../db/repositories/zoho-credits.js';
import type { Logger } from '../logging.js';

/** How long credits wait in memory before they are written: one upsert a tenant a second. */
export const CREDIT_FLUSH_MS = 1000;

/**
 * The credits Zoho calls spent, added up in memory and written once a second per tenant and hour
 * (ADR 0071) instead of one upsert per call: a run of 1,000 calls in a minute writes ~60 rows'
 * worth of upserts, not 1,000. The totals stay exact: what is pending is counted by
 * `usedInLast24h`, a failed write keeps its credits for the next one, and `flush` (the process's
 * close) writes what is left. What a crash can lose is the last second's, and the ledger is
 * advisory (Zoho's own header says what remains).
 */
export class CreditLedger {
  /** tenant → UTC hour → credits not written yet. */
  private readonly pending = new Map<string, Map<string, number>>();
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Pick<ZohoCreditRepository, 'add' | 'usedInLast24h'>,
    private readonly options: { logger: Logger; flushMs?: number; now?: () => number },
  ) {}

  /** Counts a call's credits; the write follows within `flushMs`. */
  add(tenantId: string, credits: number): void {
    this.count(tenantId, creditHour(new Date(this.options.now?.() ?? Date.now())), credits);
    this.schedule();
  }

  /** Writes everything pending, one upsert per tenant and hour; resolves when written. */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    // Writes follow one another, so a slow one is never overtaken by the next second's.
    this.writing = this.writing.then(async () => {
      const batch = [...this.pending].flatMap(([tenantId, hours]) =>
        [...hours].map(([hour, credits]) => ({ tenantId, hour, credits })),
      );
      for (const { tenantId, hour, credits } of batch) {
        try {
          await this.store.add(tenantId, credits, new Date(`${hour}:00:00Z`));
          // Counted as pending until stored: a total read meanwhile is never short.
          this.count(tenantId, hour, -credits);
        } catch (err) {
          // Left pending for the next write: the total must still add up.
          this.schedule();
          this.options.logger.error({ err, tenantId }, 'could not record Zoho credits');
        }
      }
    });
    return this.writing;
  }

  /** What the tenant spent in the rolling 24 hours: the stored buckets and what is pending. */
  async usedInLast24h(tenantId: string, now: Date = new Date()): Promise<number> {
    const stored = await this.store.usedInLast24h(tenantId, now);
    const from = creditHour(new Date(now.getTime() - 23 * 3600_000));
    let pending = 0;
    for (const [hour, credits] of this.pending.get(tenantId) ?? []) {
      if (hour >= from) pending += credits;
    }
    return stored + pending;
  }

  private count(tenantId: string, hour: string, credits: number): void {
    const hours = this.pending.get(tenantId) ?? new Map<string, number>();
    this.pending.set(tenantId, hours);
    const left = (hours.get(hour) ?? 0) + credits;
    if (left === 0) hours.delete(hour);
    else hours.set(hour, left);
    if (hours.size === 0) this.pending.delete(tenantId);
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => void this.flush(), this.options.flushMs ?? CREDIT_FLUSH_MS);
    // A pending write never keeps the process alive; the process's close flushes.
    this.timer.unref?.();
  }
}
