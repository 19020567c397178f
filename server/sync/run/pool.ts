/**
 * Lets a running task see that another one stopped the pool (a crash injected by the step hook):
 * it stops at its next step boundary, as the process's death would stop it.
 */
export interface Halt {
  /** Throws what stopped the pool, if anything did. */
  check(): void;
}

/**
 * Seats for records' Sage writes, shared by the pages of a pass (ADR 0071): a page queues its
 * records behind the previous page's, so the seats the previous page's last records give back go
 * straight to the next page's first ones instead of idling through the previous page's tail.
 * Tasks are seated first come, first served, in the order they were queued. Anything a task
 * throws, or `stop`, stops the pool: no task is seated after it, running ones see it at their next
 * `halt.check()`, and every `run` rethrows it once its own running tasks have settled.
 */
export class SeatPool {
  private active = 0;
  /** Waiters; each is told whether it was handed a seat (false: the pool stopped). */
  private readonly queue: Array<(seated: boolean) => void> = [];
  private stopped: { error: unknown } | undefined;
  private readonly limit: number;
  readonly halt: Halt = {
    check: () => {
      if (this.stopped) throw this.stopped.error;
    },
  };

  constructor(limit: number) {
    this.limit = Math.max(1, Math.floor(limit) || 1);
  }

  /** Stops the pool (the first error wins): queued tasks are never started. */
  stop(error: unknown): void {
    this.stopped ??= { error };
    for (const waiter of this.queue.splice(0)) waiter(false);
  }

  /** Runs `task` for every item, queued now in the items' order; settles when all have. */
  async run<T>(items: T[], task: (item: T, halt: Halt) => Promise<void>): Promise<void> {
    await Promise.all(
      items.map(async (item) => {
        if (!(await this.seat())) return;
        try {
          this.halt.check();
          await task(item, this.halt);
        } catch (error) {
          this.stop(error);
        } finally {
          this.release();
        }
      }),
    );
    this.halt.check();
  }

  private async seat(): Promise<boolean> {
    if (this.stopped) return false;
    if (this.active < this.limit && this.queue.length === 0) {
      this.active++;
      return true;
    }
    return new Promise<boolean>((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    // The seat passes straight to the next waiter; otherwise it is free.
    if (next) next(true);
    else this.active--;
  }
}

/**
 * Runs `task` for every item, at most `limit` at once, in the items' order of start. Tasks deal
 * with their own failures; anything a task throws stops the pool: no task starts after it, the
 * running ones are awaited (their `halt.check()` throws), and the first error is rethrown.
 */
export async function forEachConcurrently<T>(
  items: T[],
  limit: number,
  task: (item: T, halt: Halt) => Promise<void>,
): Promise<void> {
  await new SeatPool(limit).run(items, task);
}
