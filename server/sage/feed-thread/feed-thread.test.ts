import net from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentAuthError, AgentTransportError } from '../agent-errors.js';
import { readChangesPage } from '../feed-reader.js';
import { FEED_TEST_TOKEN, startFeedRig, type FeedRig } from '../feed-testing.js';
import { FeedThread } from './feed-thread.js';
import type { ThreadPage } from './protocol.js';

const logger = pino({ level: 'silent' });
let rig: FeedRig | undefined;
let thread: FeedThread | undefined;
afterEach(async () => {
  await thread?.close();
  await rig?.close();
  rig = undefined;
  thread = undefined;
});

const FEED = { overlapSeconds: 900, pageSize: 4, timeZone: 'UTC' };

async function takeAll(take: () => Promise<ThreadPage>): Promise<ThreadPage[]> {
  const pages: ThreadPage[] = [];
  for (;;) {
    const page = await take();
    pages.push(page);
    if (!page.hasMore) return pages;
  }
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('FeedThread: change pages read in a worker thread', () => {
  it('gives the pages and watermarks the engine’s thread reads, from a cursor and from `since`', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (let i = 0; i < 10; i++) {
      rig.advance(i < 5 ? 0 : 60);
      rig.company.insert('CI_Item', { ItemCode: `I${i}` });
    }
    const agent = { url: rig.agent.url, token: FEED_TEST_TOKEN, timeoutMs: 10_000 };
    const reference: Array<Awaited<ReturnType<typeof readChangesPage>>> = [];
    let cursor: string | undefined;
    do {
      const page = await readChangesPage(
        rig.client,
        'CI_Item',
        cursor,
        { ...FEED, count: true },
        logger,
      );
      reference.push(page);
      cursor = page.watermark;
    } while (reference.at(-1)!.hasMore);
    thread = new FeedThread(logger);
    const stream = thread.stream(
      { agent, entity: 'CI_Item', cursor: undefined, ...FEED, depth: 2 },
      async (page) => page,
    );
    const pages = await takeAll(() => stream.take());
    expect(pages).toEqual(reference);
    expect(pages.map((p) => p.changes.length)).toEqual([4, 4, 2]);
    expect(pages[0]!.remaining).toBe(10);

    // From the second page's watermark, and with `since` and no cursor: as in the engine's thread.
    const fromCursor = thread.stream(
      { agent, entity: 'CI_Item', cursor: reference[0]!.watermark, ...FEED, depth: 1 },
      async (page) => page.changes.map((c) => c.key[0]),
    );
    expect(await fromCursor.take()).toEqual(['I4', 'I5', 'I6', 'I7']);
    fromCursor.stop();
    const since = new Date(rig.now().getTime() - 150_000);
    const recent = thread.stream(
      { agent, entity: 'CI_Item', cursor: undefined, ...FEED, since, depth: 2 },
      async (page) => page.changes.map((c) => c.key[0]),
    );
    expect(await recent.take()).toEqual(['I7', 'I8', 'I9']);
  });

  it('fails a read with the error class the engine’s thread would throw', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    thread = new FeedThread(logger);
    const port = await closedPort();
    const down = thread.stream(
      {
        agent: { url: `http://127.0.0.1:${port}/agent`, token: FEED_TEST_TOKEN, timeoutMs: 5000 },
        entity: 'CI_Item',
        cursor: undefined,
        ...FEED,
        depth: 2,
      },
      async (page) => page,
    );
    const transport = await down.take().catch((e: unknown) => e);
    expect(transport).toBeInstanceOf(AgentTransportError);
    expect(transport).toMatchObject({
      kind: 'transport',
      host: `127.0.0.1:${port}`,
      reason: 'ECONNREFUSED',
      message: `the Sage agent at 127.0.0.1:${port} cannot be reached (ECONNREFUSED): nothing answers on that port. Check that the Sage100Agent service is running on that machine and that the agent URL in the Sage settings names its port (default 8790)`,
    });
    const refused = thread.stream(
      {
        agent: { url: rig.agent.url, token: 'not-the-token-0123456789abcdef', timeoutMs: 5000 },
        entity: 'CI_Item',
        cursor: undefined,
        ...FEED,
        depth: 2,
      },
      async (page) => page,
    );
    await expect(refused.take()).rejects.toBeInstanceOf(AgentAuthError);
  });

  it('prepare settles once the thread has built the agent’s client; closing fails one still waiting', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    const agent = { url: rig.agent.url, token: FEED_TEST_TOKEN, timeoutMs: 10_000 };
    thread = new FeedThread(logger);
    // The thread's modules take far longer to load than close() takes to run: still waiting.
    const early = thread.prepare(agent).catch((error: unknown) => error);
    await thread.close();
    expect(await early).toMatchObject({ message: 'the feed thread was closed' });
    await expect(thread.prepare(agent)).rejects.toThrow('the feed thread is closed');

    thread = new FeedThread(logger);
    await expect(thread.prepare(agent)).resolves.toBeUndefined();
    // Built once: a second prepare of the same connection, and a read, use that client.
    await expect(thread.prepare(agent)).resolves.toBeUndefined();
    rig.company.insert('CI_Item', { ItemCode: 'A' });
    const stream = thread.stream(
      { agent, entity: 'CI_Item', cursor: undefined, ...FEED, depth: 2 },
      async (page) => page,
    );
    expect((await stream.take()).changes.map((c) => c.key[0])).toEqual(['A']);
  });

  it('is closed with the app: a read waiting fails, and no stream opens after', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    rig.company.insert('CI_Item', { ItemCode: 'A' });
    rig.agent.setLatency(2000);
    thread = new FeedThread(logger);
    const agent = { url: rig.agent.url, token: FEED_TEST_TOKEN, timeoutMs: 10_000 };
    const stream = thread.stream(
      { agent, entity: 'CI_Item', cursor: undefined, ...FEED, depth: 2 },
      async (page) => page,
    );
    const waiting = stream.take().catch((error: unknown) => error);
    await thread.close();
    expect(await waiting).toMatchObject({ message: 'the feed thread was closed' });
    expect(() =>
      thread!.stream(
        { agent, entity: 'CI_Item', cursor: undefined, ...FEED, depth: 2 },
        async (p) => p,
      ),
    ).toThrow('the feed thread is closed');
  });
});
