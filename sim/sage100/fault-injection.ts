import type { SageTableName } from './store.js';

/**
 * Faults a test can inject into the eBWS simulator:
 *   lockRecord(table, key, { attempts } | { forMs })  writes of that record fault "in use"
 *                                                     for N attempts or until the time passes
 *   slow(operation, ms, { times? })                   delay the answer
 *   hold(operation, { times? })                       keep the request until the test releases
 *                                                     it (a gate: no guessed delays in tests)
 *   drop(operation, { times? })                       destroy the connection without an answer
 *   exception(operation, { times? })                  answer "An exception occurred."
 *   clear()                                           remove every injected fault
 * `times` defaults to every call. Operation "*" matches every operation.
 */

/**
 * A steady per-call latency (a setting of the eBWS and agent endpoints, not a fault) must be a
 * finite number of ms, 0 or more; anything else is the caller's mistake.
 */
export function checkedLatency(ms: number): number {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`latency must be >= 0 ms, got ${ms}`);
  return ms;
}

interface Counted {
  remaining: number; // Infinity = every call
}
/**
 * A held operation: the server has read the request (`reached`) and waits for `release()` before
 * it carries it out; `carriedOut` resolves once the operation's handler has run, whether or not
 * the client still waits for the answer.
 */
export interface HeldOperation {
  readonly reached: Promise<void>;
  readonly carriedOut: Promise<void>;
  release(): void;
}

interface Gate extends HeldOperation {
  arrive(): void;
  settle(): void;
  readonly released: Promise<void>;
}

function gate(): Gate {
  let arrive!: () => void;
  let release!: () => void;
  let settle!: () => void;
  const reached = new Promise<void>((r) => (arrive = r));
  const released = new Promise<void>((r) => (release = r));
  const carriedOut = new Promise<void>((r) => (settle = r));
  return { reached, released, carriedOut, arrive, release, settle };
}

interface Lock {
  table: SageTableName;
  key: string;
  remainingAttempts: number;
  until: number;
}

const keyString = (key: Record<string, unknown>) =>
  Object.keys(key)
    .sort()
    .map((k) => `${k}=${String(key[k])}`)
    .join('&');

export class FaultInjector {
  private locks: Lock[] = [];
  private slows = new Map<string, Counted & { ms: number }>();
  private drops = new Map<string, Counted>();
  private exceptions = new Map<string, Counted>();
  private holds = new Map<string, Counted & { gate: Gate }>();
  /** Released gates whose operation has not run yet, per operation, oldest first. */
  private releasedGates = new Map<string, Gate[]>();

  constructor(private readonly now: () => number = Date.now) {}

  lockRecord(
    table: SageTableName,
    key: Record<string, string>,
    hold: { attempts: number } | { forMs: number },
  ): void {
    this.locks.push({
      table,
      key: keyString(key),
      remainingAttempts: 'attempts' in hold ? hold.attempts : Infinity,
      until: 'forMs' in hold ? this.now() + hold.forMs : Infinity,
    });
  }

  slow(operation: string, ms: number, options: { times?: number } = {}): void {
    this.slows.set(operation, { ms, remaining: options.times ?? Infinity });
  }

  drop(operation: string, options: { times?: number } = {}): void {
    this.drops.set(operation, { remaining: options.times ?? Infinity });
  }

  exception(operation: string, options: { times?: number } = {}): void {
    this.exceptions.set(operation, { remaining: options.times ?? Infinity });
  }

  /** Holds the next `times` (default 1) requests of an operation behind one gate. */
  hold(operation: string, options: { times?: number } = {}): HeldOperation {
    const g = gate();
    this.holds.set(operation, { gate: g, remaining: options.times ?? 1 });
    return { reached: g.reached, carriedOut: g.carriedOut, release: () => g.release() };
  }

  /**
   * Waits at a held operation's gate, if it has one, until the test releases it. The server calls
   * it after reading a request and before carrying it out.
   */
  async waitAtGate(operation: string): Promise<void> {
    const entry = this.take(this.holds, operation);
    if (!entry) return;
    entry.gate.arrive();
    await entry.gate.released;
    const queue = this.releasedGates.get(operation) ?? [];
    queue.push(entry.gate);
    this.releasedGates.set(operation, queue);
  }

  /** Called once an operation's handler has run: the oldest released gate for it is settled. */
  carriedOut(operation: string): void {
    this.releasedGates.get(operation)?.shift()?.settle();
  }

  clear(): void {
    for (const { gate: g } of this.holds.values()) g.release();
    this.holds.clear();
    this.locks = [];
    this.slows.clear();
    this.drops.clear();
    this.exceptions.clear();
  }

  /** True (and one attempt used up) when a write of this record must fail as locked. */
  takeLock(table: SageTableName, key: Record<string, unknown>): boolean {
    const k = keyString(key);
    const now = this.now();
    this.locks = this.locks.filter((l) => l.remainingAttempts > 0 && l.until > now);
    const lock = this.locks.find((l) => l.table === table && l.key === k);
    if (!lock) return false;
    lock.remainingAttempts -= 1;
    return true;
  }

  takeSlow(operation: string): number {
    const entry = this.take(this.slows, operation);
    return entry ? entry.ms : 0;
  }

  takeDrop(operation: string): boolean {
    return this.take(this.drops, operation) !== undefined;
  }

  takeException(operation: string): boolean {
    return this.take(this.exceptions, operation) !== undefined;
  }

  private take<T extends Counted>(map: Map<string, T>, operation: string): T | undefined {
    for (const name of [operation, '*']) {
      const entry = map.get(name);
      if (entry && entry.remaining > 0) {
        entry.remaining -= 1;
        if (entry.remaining <= 0) map.delete(name);
        return entry;
      }
    }
    return undefined;
  }
}
