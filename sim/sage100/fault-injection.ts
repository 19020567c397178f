import type { SageTableName } from './store.js';

/**
 * Faults a test can inject into the eBWS simulator:
 *   lockRecord(table, key, { attempts } | { forMs })  writes of that record fault "in use"
 *                                                     for N attempts or until the time passes
 *   slow(operation, ms, { times? })                   delay the answer
 *   drop(operation, { times? })                       destroy the connection without an answer
 *   exception(operation, { times? })                  answer "An exception occurred."
 *   clear()                                           remove every injected fault
 * `times` defaults to every call. Operation "*" matches every operation.
 */

interface Counted {
  remaining: number; // Infinity = every call
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

  clear(): void {
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
