import type { ModuleName } from '../sync/vocabulary.js';
import type { WorkOutcome } from './executor.js';

/**
 * Drives scheduled syncs and maintenance. Two implementations, chosen by the database client:
 * in process on SQLite (one backend process), pg-boss on Postgres (any number of processes).
 */
export interface JobRunner {
  readonly kind: 'in-process' | 'pg-boss';
  /** Begins ticking every `tickSeconds`; the first tick comes one period after start. */
  start(): Promise<void>;
  /** Stops ticking and waits for work already running to finish. */
  stop(): Promise<void>;
  /**
   * Plans what is due at the clock's now and runs it (pg-boss: what this process can take). The
   * timer calls it; tests call it with an injected clock instead of waiting.
   */
  tick(): Promise<WorkOutcome[]>;
  /** An incremental sync of one module now, outside its schedule (still one at a time). */
  triggerNow(tenantId: string, module: ModuleName, options?: TriggerOptions): Promise<void>;
  /**
   * Hands queued runs (already stored with status `queued`) to the workers and returns at once:
   * they run in the given order, under the tenant's lock, after what the tenant is running now.
   */
  submit(tenantId: string, runIds: string[]): Promise<void>;
}

export interface TriggerOptions {
  /** Records Zoho notified as changed (see NotificationTrigger). */
  zohoNotified?: number;
}

export class JobsStoppedError extends Error {
  constructor() {
    super('the job runner is stopped');
    this.name = 'JobsStoppedError';
  }
}

/** Runs `tasks` with at most `limit` at once; results in input order. */
export async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results: T[] = new Array<T>(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
}

/** The timer both runners share: one tick at a time, and `stop` waits for the one in flight. */
export class Ticker {
  private timer?: NodeJS.Timeout;
  private current?: Promise<unknown>;

  constructor(
    private readonly periodMs: number,
    private readonly onTick: () => Promise<unknown>,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => void this.fire(), this.periodMs);
    this.timer.unref();
  }

  private fire(): Promise<unknown> {
    // A tick still running when the next is due: skip, the next one picks up what is due then.
    this.current ??= this.onTick().finally(() => (this.current = undefined));
    return this.current;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.current;
  }
}
