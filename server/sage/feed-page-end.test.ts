import type http from 'node:http';
import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntityName } from '../../agent/entities.js';
import {
  AgentAuthError,
  AgentFaultError,
  AgentResponseError,
  AgentTransportError,
} from './agent-errors.js';
import { FeedPageChain, type ChainPage } from './feed-chain.js';
import type { ChangePagePort } from './feed-page.js';
import { readChangesPage } from './feed-reader.js';
import { FEED_TEST_TOKEN, startFeedRig, type FeedRig } from './feed-testing.js';
import { AgentClient } from './agent-client.js';

/**
 * ADR 0081: the agent writes GetChanges' PageEnd before the page's rows, and the chain sends the
 * next page's request from it while the rows are still arriving. Over the real agent and client
 * on 127.0.0.1, with the agent's answers rewritten on their way out.
 */
const silent = pino({ level: 'silent' });
let rig: FeedRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const OPTIONS = { overlapSeconds: 900, pageSize: 7, timeZone: 'UTC', count: true };
const ENTITY: EntityName = 'CI_Item';
const code = (i: number) => `I${String(i).padStart(4, '0')}`;

/** 30 items: a large group of one import instant, then single rows (5 pages of 7, the last 2). */
async function companyOf30(): Promise<FeedRig> {
  const started = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
  for (let i = 0; i < 20; i++) started.company.insert('CI_Item', { ItemCode: code(i) });
  for (let i = 20; i < 30; i++) {
    started.advance(1);
    started.company.insert('CI_Item', { ItemCode: code(i) });
  }
  return started;
}

async function pageByPage(port: ChangePagePort) {
  const pages = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await readChangesPage(port, ENTITY, cursor, OPTIONS, silent);
    pages.push(page);
    cursor = page.watermark;
    if (!page.hasMore) return pages;
  }
}

async function chained(port: ChangePagePort, logger = silent) {
  const chain = new FeedPageChain(port, ENTITY, undefined, OPTIONS, logger);
  const pages: ChainPage[] = [];
  for (;;) {
    const page = await chain.next(() => true);
    pages.push(page);
    if (!page.hasMore) return { pages, readingAhead: chain.readingAhead };
  }
}

function counting(port: ChangePagePort): ChangePagePort & { calls: number } {
  const counted = {
    calls: 0,
    getChanges: (...args: Parameters<ChangePagePort['getChanges']>) => {
      counted.calls += 1;
      return port.getChanges(...args);
    },
  };
  return counted;
}

type Rewrite = (body: string) => string;

/**
 * Rewrites each answer's body as the agent writes it (node-soap: one write, then end); the first
 * handler on the server, so it sees the bytes as they leave.
 */
function rewriteAnswers(server: http.Server, rewrite: Rewrite): void {
  server.prependListener('request', (_req, res: http.ServerResponse) => {
    const write = res.write.bind(res) as (chunk: unknown, ...rest: unknown[]) => boolean;
    res.write = ((chunk: unknown, ...rest: unknown[]) =>
      write(rewrite(String(chunk)), ...rest)) as typeof res.write;
  });
}

describe('GetChanges PageEnd: the next request leaves before the rows are in', () => {
  it('sends page k+1’s request while page k’s rows are held back by the agent, with the pages, watermarks and calls of readChangesPage', async () => {
    rig = await companyOf30();
    const a = counting(rig.client);
    const reference = await pageByPage(a);
    expect(reference.map((p) => p.rowsRead)).toEqual([7, 7, 7, 7, 2]);

    // The agent writes each page's PageEnd, then holds its rows until another request arrives
    // (at most 300 ms, after which it lets them go: a client that waits for the rows gets them late).
    const events: string[] = [];
    const waiting: Array<() => void> = [];
    let call = 0;
    rig.agent.server.prependListener('request', (_req, res: http.ServerResponse) => {
      const n = ++call;
      events.push(`request ${n}`);
      for (const release of waiting.splice(0)) release();
      const write = res.write.bind(res) as (chunk: unknown) => boolean;
      const end = res.end.bind(res) as (...args: unknown[]) => http.ServerResponse;
      let held: Array<() => void> | undefined;
      res.write = ((chunk: unknown) => {
        const body = String(chunk);
        const cut = body.indexOf('</PageEnd>') + '</PageEnd>'.length;
        if (cut < '</PageEnd>'.length || body.slice(0, cut).includes('<HasMore>false')) {
          return write(chunk);
        }
        write(body.slice(0, cut));
        held = [];
        const release = () => {
          if (!held) return; // let go already (by the timer, or by a request)
          clearTimeout(timer);
          events.push(`rows ${n}`);
          write(body.slice(cut));
          for (const next of held!) next();
          held = undefined;
        };
        const timer = setTimeout(release, 300);
        waiting.push(release);
        return true;
      }) as typeof res.write;
      res.end = ((...args: unknown[]) => {
        if (held) held.push(() => end(...args));
        else end(...args);
        return res;
      }) as typeof res.end;
    });

    const b = counting(rig.client);
    const { pages } = await chained(b);
    expect(pages).toEqual(reference);
    expect(b.calls).toBe(a.calls);
    // Each page's rows were let go by the next request: it left before they were in.
    expect(events).toEqual([
      'request 1',
      'request 2',
      'rows 1',
      'request 3',
      'rows 2',
      'request 4',
      'rows 3',
      'request 5',
      'rows 4',
    ]);
  });

  it('reads an agent without PageEnd (an older one) as before: the next request after the page is parsed', async () => {
    rig = await companyOf30();
    const a = counting(rig.client);
    const reference = await pageByPage(a);
    const seen: string[] = [];
    rewriteAnswers(rig.agent.server, (body) => {
      seen.push(body.includes('<PageEnd>') ? 'PageEnd' : 'none');
      return body.replace(/<PageEnd>.*?<\/PageEnd>/, '');
    });
    const b = counting(rig.client);
    const { pages } = await chained(b);
    expect(seen).toEqual(['PageEnd', 'PageEnd', 'PageEnd', 'PageEnd', 'PageEnd']);
    expect(pages).toEqual(reference);
    expect(b.calls).toBe(a.calls);
  });

  it('catches a PageEnd that disagrees with its rows: the early read is dropped, the right one sent, the pages unchanged', async () => {
    rig = await companyOf30();
    const a = counting(rig.client);
    const reference = await pageByPage(a);
    // Page 2 claims to end at item 10 (its rows end at 13); page 5, the last, claims more follow.
    rewriteAnswers(rig.agent.server, (body) =>
      body
        .replace(`<Part>${code(13)}</Part></Key></Last>`, `<Part>${code(10)}</Part></Key></Last>`)
        .replace('<PageEnd><HasMore>false</HasMore>', '<PageEnd><HasMore>true</HasMore>'),
    );
    const warnings: Array<{ msg: string; stated: unknown }> = [];
    const logger = pino(
      { level: 'warn' },
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          warnings.push(JSON.parse(chunk.toString()) as { msg: string; stated: unknown });
          done();
        },
      }),
    );
    const b = counting(rig.client);
    const { pages, readingAhead } = await chained(b, logger);
    expect(pages).toEqual(reference);
    // One read dropped for each false PageEnd (a read, so harmless); none left in flight.
    expect(b.calls).toBe(a.calls + 2);
    expect(readingAhead).toBe(false);
    expect(warnings.map((w) => w.msg)).toEqual([
      "the agent's PageEnd disagrees with its rows; the next page is read from the rows",
      "the agent's PageEnd disagrees with its rows; the next page is read from the rows",
    ]);
    expect(warnings[0]!.stated).toMatchObject({ hasMore: true, last: { key: [code(10)] } });
  });

  it('keeps faults and the answer’s checks on the streamed path (a call watching for PageEnd)', async () => {
    rig = await companyOf30();
    const ends: unknown[] = [];
    const onPageEnd = (end: unknown) => ends.push(end);
    const page = await rig.client.getChanges(ENTITY, undefined, 3, { onPageEnd });
    expect(ends).toEqual([
      { hasMore: true, last: { date: '20260601', time: '15.00000', key: [code(2)] } },
    ]);
    expect(page.records.map((r) => r.ItemCode)).toEqual([code(0), code(1), code(2)]);

    const fault = await rig.client
      .getChanges('AR_Nope' as EntityName, undefined, 3, { onPageEnd })
      .catch((e: unknown) => e);
    expect(fault).toBeInstanceOf(AgentFaultError);
    expect(fault).toMatchObject({ code: 'InvalidRequest', detail: 'unknown entity AR_Nope' });
    const wrong = await AgentClient.create(
      { url: rig.agent.url, token: `${FEED_TEST_TOKEN}x`, timeoutMs: 5_000 },
      silent,
    );
    try {
      await expect(wrong.getChanges(ENTITY, undefined, 3, { onPageEnd })).rejects.toBeInstanceOf(
        AgentAuthError,
      );
    } finally {
      wrong.close();
    }
    // A body whose rows break the contract fails the call, whatever its PageEnd said.
    rewriteAnswers(rig.agent.server, (body) =>
      body.replace('<HasMore>true</HasMore><SageNow>', '<HasMore>perhaps</HasMore><SageNow>'),
    );
    await expect(rig.client.getChanges(ENTITY, undefined, 3, { onPageEnd })).rejects.toBeInstanceOf(
      AgentResponseError,
    );
    expect(ends).toHaveLength(2);
  });

  it('fails the page, not the process, when the agent’s connection drops after PageEnd: the early read is dropped unseen', async () => {
    rig = await companyOf30();
    // The second page's answer stops after its PageEnd: the socket is destroyed mid-body.
    let call = 0;
    rig.agent.server.prependListener(
      'request',
      (req: http.IncomingMessage, res: http.ServerResponse) => {
        const n = ++call;
        const write = res.write.bind(res) as (chunk: unknown) => boolean;
        res.write = ((chunk: unknown) => {
          const body = String(chunk);
          if (n !== 2) return write(chunk);
          write(body.slice(0, body.indexOf('</PageEnd>') + '</PageEnd>'.length));
          setTimeout(() => req.socket.destroy(), 20);
          return true;
        }) as typeof res.write;
      },
    );
    const port = counting(rig.client);
    const chain = new FeedPageChain(port, ENTITY, undefined, OPTIONS, silent);
    await chain.next(() => true);
    const error = await chain.next(() => true).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentTransportError);
    // Page 1, page 2 (cut), and page 3 asked for from page 2's PageEnd before the cut.
    expect(port.calls).toBe(3);
    expect(chain.readingAhead).toBe(false);
  });
});
