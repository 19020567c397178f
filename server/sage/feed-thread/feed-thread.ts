import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { relayExternalCall } from '../../metrics/external-calls.js';
import type { AgentClientOptions } from '../agent-client.js';
import {
  fromWire,
  type FromThread,
  type ThreadPage,
  type ThreadStreamRequest,
  type ToThread,
} from './protocol.js';

export type { ThreadStreamRequest } from './protocol.js';

/** A pass's pages in feed order, read ahead by the feed thread (PageReader's contract). */
export interface ThreadStream<T> {
  /** The next page; a failed read fails here (as the same error class), and nothing follows it. */
  take(): Promise<T>;
  /** The pass ends early: the read in flight settles unseen, none is sent after it. */
  stop(): void;
}

interface Open {
  /** Pages (or the failure) in arrival order, converted, not yet taken. */
  arrived: Array<Promise<unknown>>;
  waiting: Array<{ resolve: (p: unknown) => void; reject: (e: unknown) => void }>;
  convert: (page: ThreadPage) => Promise<unknown>;
}

/**
 * From dist the thread runs worker.js. Under tsx (tests, benches) it runs the .ts source through
 * tsx's loader, registered in the thread before the source is imported: a worker's --import
 * does not apply to its entry module in Node 20.
 */
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./worker.js', import.meta.url));
  const tsx = new URL(
    tsxEsmApi(),
    pathToFileURL(createRequire(import.meta.url).resolve('tsx/package.json')),
  ).href;
  const source = new URL('./worker.ts', import.meta.url).href;
  return new Worker(
    `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(source)}); });`,
    { eval: true },
  );
}

/** tsx's ESM register API (require.resolve would give its CommonJS build, which cannot register). */
function tsxEsmApi(): string {
  const manifest = createRequire(import.meta.url)('tsx/package.json') as {
    exports: Record<string, { import: { default: string } }>;
  };
  return manifest.exports['./esm/api']?.import.default ?? './dist/esm/api/index.mjs';
}

const LEVELS: Record<number, 'info' | 'warn' | 'error'> = { 30: 'info', 40: 'warn', 50: 'error' };

/**
 * The process's one feed thread (ADR 0078), started on the first read and shared by every
 * tenant's feed: a worker thread that sends each GetChanges the moment the page before it is
 * parsed, whatever the engine's event loop is doing. Closed with the app.
 */
export class FeedThread {
  private worker: Worker | undefined;
  private readonly open = new Map<number, Open>();
  /** `prepare` calls the thread has not answered yet. */
  private readonly preparing = new Map<
    number,
    { resolve: () => void; reject: (e: Error) => void }
  >();
  private nextId = 1;
  private closed = false;

  constructor(private readonly logger: Logger) {}

  /**
   * Opens a stream of pages; `convert` runs on each as it arrives (before it is taken), so what
   * follows a page's read (the gateway's records, an order's lines) is read ahead too.
   */
  stream<T>(
    request: ThreadStreamRequest,
    convert: (page: ThreadPage) => Promise<T>,
  ): ThreadStream<T> {
    if (this.closed) throw new Error('the feed thread is closed');
    const worker = this.start();
    const id = this.nextId++;
    const entry: Open = { arrived: [], waiting: [], convert };
    this.open.set(id, entry);
    this.holdOpen();
    const { since, ...rest } = request;
    this.send(worker, {
      type: 'open',
      id,
      ...rest,
      ...(since ? { sinceMs: since.getTime() } : {}),
    });
    let finished = false;
    return {
      take: () => {
        const page = entry.arrived.shift();
        if (page) {
          this.send(worker, { type: 'take', id });
          return page as Promise<T>;
        }
        return new Promise<T>((resolve, reject) => {
          entry.waiting.push({
            resolve: (p) => {
              this.send(worker, { type: 'take', id });
              resolve(p as T);
            },
            reject,
          });
        });
      },
      stop: () => {
        if (finished) return;
        finished = true;
        this.open.delete(id);
        this.holdOpen();
        this.send(worker, { type: 'stop', id });
      },
    };
  }

  /**
   * Starts the thread and builds the agent's client there, ahead of the first read: an engine
   * opening for a tenant calls this, so neither waits for a pass's first page. Settles once the
   * thread has loaded and built the client (a compiled thread's start is a few hundred ms of module
   * loading and WSDL parsing): fails as `stream` would when the thread is closed or exits first.
   */
  prepare(agent: AgentClientOptions): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the feed thread is closed'));
    const worker = this.start();
    const id = this.nextId++;
    const done = new Promise<void>((resolve, reject) =>
      this.preparing.set(id, { resolve, reject }),
    );
    this.holdOpen();
    this.send(worker, { type: 'connect', id, agent });
    return done;
  }

  /**
   * Starts the thread now, not with the first engine opened: a process that syncs starts it as it
   * boots, so its first run does not wait for the thread's modules to load. An idle thread does
   * not hold the process open.
   */
  warm(): void {
    if (!this.closed) this.start();
  }

  /** Ends the thread; reads in flight fail with an error saying so. */
  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('the feed thread was closed'));
    await worker?.terminate();
  }

  private start(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (message: FromThread) => this.receive(message));
    worker.on('error', (error) => {
      this.logger.error({ err: error }, 'the feed thread failed');
      this.failAll(error);
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = undefined;
      this.failAll(new Error('the feed thread exited'));
    });
    this.worker = worker;
    this.holdOpen();
    return worker;
  }

  private receive(message: FromThread): void {
    if (message.type === 'log') {
      this.relog(message.line);
      return;
    }
    if (message.type === 'call') {
      relayExternalCall(message.call);
      return;
    }
    if (message.type === 'connected') {
      const waiter = this.preparing.get(message.id);
      this.preparing.delete(message.id);
      this.holdOpen();
      if (message.error) waiter?.reject(fromWire(message.error));
      else waiter?.resolve();
      return;
    }
    const entry = this.open.get(message.id);
    if (!entry) return;
    const outcome =
      message.type === 'page'
        ? entry.convert(message.page)
        : Promise.reject(fromWire(message.error));
    this.deliver(entry, outcome);
    // The stream's last page, or its failure: nothing more comes for it.
    if (message.type === 'error' || !message.page.hasMore) {
      this.open.delete(message.id);
      this.holdOpen();
    }
  }

  /** A read or a prepare in flight holds the process open as a socket would; an idle thread not. */
  private holdOpen(): void {
    if (this.open.size > 0 || this.preparing.size > 0) this.worker?.ref();
    else this.worker?.unref();
  }

  private deliver(entry: Open, outcome: Promise<unknown>): void {
    const waiter = entry.waiting.shift();
    if (waiter) {
      outcome.then(waiter.resolve, waiter.reject);
      return;
    }
    // Not taken yet: a failure surfaces at take(), and must not count as unhandled until then.
    outcome.catch(() => undefined);
    entry.arrived.push(outcome);
  }

  private failAll(error: Error): void {
    for (const entry of this.open.values()) this.deliver(entry, Promise.reject(error));
    this.open.clear();
    for (const waiter of this.preparing.values()) waiter.reject(error);
    this.preparing.clear();
  }

  private send(worker: Worker, message: ToThread): void {
    worker.postMessage(message);
  }

  private relog(line: string): void {
    try {
      const { level, msg, ...fields } = JSON.parse(line) as Record<string, unknown>;
      const method = LEVELS[Number(level)] ?? 'warn';
      this.logger[method](fields, typeof msg === 'string' ? msg : '');
    } catch {
      this.logger.warn({ line }, 'feed thread log');
    }
  }
}
