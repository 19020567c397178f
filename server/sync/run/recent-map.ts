/**
 * A map that keeps what was set in its last few generations only: `turn()` starts a new one and
 * forgets the oldest. A run's link lookups live in one (LinkLookups): each page remembers the
 * links its records name, and a first sync of 100,000 records would otherwise keep every one
 * of them to the run's end (ADR 0079). What a page needs is set in its own generation (its
 * prefetch) or the ones just before it (a page still in flight), never older.
 */
export class RecentMap<K, V> {
  private generations: Array<Map<K, V>> = [new Map()];

  constructor(
    /** Generations kept, the current one included. */
    private readonly keep: number,
  ) {
    if (!Number.isInteger(keep) || keep < 1) throw new RangeError(`keep must be >= 1: ${keep}`);
  }

  get(key: K): V | undefined {
    for (let i = this.generations.length - 1; i >= 0; i--) {
      const value = this.generations[i]!.get(key);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  set(key: K, value: V): void {
    this.generations[this.generations.length - 1]!.set(key, value);
  }

  /** Starts a new generation; the oldest beyond `keep` is forgotten. */
  turn(): void {
    this.generations.push(new Map());
    if (this.generations.length > this.keep) this.generations.shift();
  }

  /** Entries held, over every generation kept (a key set in two counts twice). */
  get size(): number {
    return this.generations.reduce((n, g) => n + g.size, 0);
  }
}
