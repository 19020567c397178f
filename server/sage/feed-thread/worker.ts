import { Writable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import pino from 'pino';
import { watchExternalCalls } from '../../metrics/external-calls.js';
import { AgentClient, type AgentClientOptions } from '../agent-client.js';
import { FeedPageChain } from '../feed-chain.js';
import { ClientCache } from './client-cache.js';
import { toWire, type FromThread, type OpenStream, type ToThread } from './protocol.js';

/**
 * The feed thread (ADR 0078): reads change pages off the engine's event loop. Each stream is one
 * chain of GetChanges calls, the next sent the moment the one before is parsed and its rows
 * admitted, so the engine's work on earlier pages never delays it. Pages go to the main thread
 * by structured clone; the watermark each carries is stored there, after the page's records.
 */
const port = parentPort;
if (!port) throw new Error('the feed thread runs as a worker thread');

const post = (message: FromThread) => port.postMessage(message);

// Warnings (an agent fault, a bad stamp) are logged by the main thread's logger.
const logger = pino(
  { level: 'info', base: undefined, timestamp: false },
  new Writable({
    write(chunk: Buffer, _encoding, done) {
      post({ type: 'log', line: chunk.toString() });
      done();
    },
  }),
);

// The agent calls made here count in the process's metrics (the main thread cannot see them).
watchExternalCalls((call) => post({ type: 'call', call }));

// Clients of connections unused for 10 minutes (a tenant's old URL or token) are closed.
const CLIENT_IDLE_MS = 10 * 60_000;
const clients = new ClientCache<AgentClient>(
  (key) => AgentClient.create(JSON.parse(key) as AgentClientOptions, logger),
  CLIENT_IDLE_MS,
);

const keyOf = (options: AgentClientOptions) =>
  JSON.stringify({
    url: options.url,
    token: options.token,
    timeoutMs: options.timeoutMs,
    ...(options.ca !== undefined ? { ca: options.ca } : {}),
  });

interface Stream {
  stopped: boolean;
  /** Pages posted and not yet taken. */
  untaken: number;
  credit?: () => void;
}

const streams = new Map<number, Stream>();

/** Waits until one more read keeps the stream within its depth (or it is stopped). */
async function mayRead(open: OpenStream, stream: Stream): Promise<boolean> {
  while (!stream.stopped && stream.untaken + 1 > open.depth) {
    await new Promise<void>((resolve) => (stream.credit = resolve));
  }
  return !stream.stopped;
}

async function run(open: OpenStream, stream: Stream): Promise<void> {
  try {
    await clients.with(keyOf(open.agent), (agent) => readStream(agent, open, stream));
  } catch (error) {
    if (!stream.stopped) post({ type: 'error', id: open.id, error: toWire(error) });
  } finally {
    streams.delete(open.id);
  }
}

async function readStream(agent: AgentClient, open: OpenStream, stream: Stream): Promise<void> {
  const chain = new FeedPageChain(
    agent,
    open.entity,
    open.cursor,
    {
      overlapSeconds: open.overlapSeconds,
      pageSize: open.pageSize,
      timeZone: open.timeZone,
      since: open.sinceMs !== undefined ? new Date(open.sinceMs) : undefined,
      count: true,
    },
    logger,
  );
  for (;;) {
    if (!chain.readingAhead && !(await mayRead(open, stream))) return;
    // The page after this one may leave early when it stays within the depth: this page
    // (about to be posted) and that read both count.
    const page = await chain.next(() => !stream.stopped && stream.untaken + 2 <= open.depth);
    if (stream.stopped) return;
    stream.untaken += 1;
    post({ type: 'page', id: open.id, page });
    if (!page.hasMore) return;
  }
}

port.on('message', (message: ToThread) => {
  if (message.type === 'connect') {
    const { id } = message;
    clients.peek(keyOf(message.agent)).then(
      () => post({ type: 'connected', id }),
      (error: unknown) => post({ type: 'connected', id, error: toWire(error) }),
    );
    return;
  }
  if (message.type === 'open') {
    const stream: Stream = { stopped: false, untaken: 0 };
    streams.set(message.id, stream);
    void run(message, stream);
    return;
  }
  const stream = streams.get(message.id);
  if (!stream) return;
  if (message.type === 'take') stream.untaken -= 1;
  else stream.stopped = true;
  stream.credit?.();
  stream.credit = undefined;
});
