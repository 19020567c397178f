/**
 * The eBWS sessions one tenant may hold at once: Sage licenses web-service logons by seat, and the
 * customer grants the product some of them (SAGE_EBWS_SESSIONS, default 4). Every call attempt of
 * every run of the tenant takes a seat for as long as it waits on Sage, and gives it back before a
 * retry's backoff, so a locked record never holds a seat while it waits. Waiters are served first
 * come, first served.
 */
export class EbwsSessions {
  private active = 0;
  private peak = 0;
  private readonly waiters: Array<() => void> = [];

  constructor(private seats: number) {
    EbwsSessions.check(seats);
  }

  get limit(): number {
    return this.seats;
  }

  /** The tenant changed its seat count: more seats serve waiters now; fewer apply as calls end. */
  resize(limit: number): void {
    EbwsSessions.check(limit);
    this.seats = limit;
    while (this.active < this.seats && this.waiters.length > 0) {
      this.active++;
      this.waiters.shift()!();
    }
  }

  private static check(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`eBWS sessions must be a whole number of at least 1, got ${limit}`);
    }
  }

  /** The most seats held at once so far (benchmarks and tests read it). */
  get peakInUse(): number {
    return this.peak;
  }

  /** Seats held right now. */
  get inUse(): number {
    return this.active;
  }

  /** Seat-milliseconds held so far, and by how many calls: a benchmark's seat idle time. */
  get held(): { ms: number; calls: number } {
    return { ms: this.heldMs, calls: this.calls };
  }
  private heldMs = 0;
  private calls = 0;

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiters.push(resolve));
    else this.active++;
    this.peak = Math.max(this.peak, this.active);
    const seated = performance.now();
    try {
      return await task();
    } finally {
      this.heldMs += performance.now() - seated;
      this.calls++;
      // The seat passes straight to the next waiter, unless the tenant took seats away.
      const next = this.active <= this.seats ? this.waiters.shift() : undefined;
      if (next) next();
      else this.active--;
    }
  }
}

/**
 * How many records a run writes to Sage at once for `seats` seats: twice as many, so a seat a
 * record gives back while it does its own work between two calls (its intent stored, the answer
 * parsed) goes to another record's request at once (ADR 0071). The seats still bound the calls.
 */
export const recordsAtOnce = (seats: number): number => seats * 2;

/** One EbwsSessions per tenant for the whole process, shared by every engine opened for it. */
export class TenantEbwsSessions {
  private readonly byTenant = new Map<string, EbwsSessions>();

  constructor(private readonly limit: number) {}

  /** The tenant's seats, `limit` of them (its Sage connection's setting), else the default. */
  forTenant(tenantId: string, limit: number = this.limit): EbwsSessions {
    let sessions = this.byTenant.get(tenantId);
    if (!sessions) {
      sessions = new EbwsSessions(limit);
      this.byTenant.set(tenantId, sessions);
    } else if (sessions.limit !== limit) sessions.resize(limit);
    return sessions;
  }
}
