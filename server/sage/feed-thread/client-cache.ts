/**
 * The feed thread's agent clients, one per connection (URL, token, timeout, CA). A tenant that
 * changes its agent's URL or token gets a new client; the old one, unused for `idleMs`, is closed
 * and dropped on a later lookup, so a long-lived thread holds only the connections in use.
 */
export interface Closable {
  close(): void;
}

interface Entry<C> {
  client: Promise<C>;
  users: number;
  lastUsed: number;
}

export class ClientCache<C extends Closable> {
  private readonly entries = new Map<string, Entry<C>>();

  constructor(
    private readonly create: (key: string) => Promise<C>,
    private readonly idleMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The client for `key`, created on first use; a failed creation is forgotten. */
  peek(key: string): Promise<C> {
    this.sweep(key);
    return this.entry(key).client;
  }

  /** Uses the client for `key` while `use` runs: a client in use is never dropped. */
  async with<T>(key: string, use: (client: C) => Promise<T>): Promise<T> {
    this.sweep(key);
    const entry = this.entry(key);
    entry.users += 1;
    try {
      return await use(await entry.client);
    } finally {
      entry.users -= 1;
      entry.lastUsed = this.now();
    }
  }

  private entry(key: string): Entry<C> {
    let entry = this.entries.get(key);
    if (!entry) {
      const client = this.create(key);
      const created: Entry<C> = { client, users: 0, lastUsed: this.now() };
      client.catch(() => {
        if (this.entries.get(key) === created) this.entries.delete(key);
      });
      this.entries.set(key, created);
      entry = created;
    } else {
      entry.lastUsed = this.now();
    }
    return entry;
  }

  /** Closes the clients idle for `idleMs`, but the one about to be used. */
  private sweep(keep: string): void {
    const now = this.now();
    for (const [key, entry] of this.entries) {
      if (key === keep || entry.users > 0 || now - entry.lastUsed < this.idleMs) continue;
      this.entries.delete(key);
      entry.client.then((c) => c.close()).catch(() => undefined);
    }
  }
}
