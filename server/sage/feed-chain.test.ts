import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import type { EntityName } from '../../agent/entities.js';
import { FeedPageChain, type ChainPage } from './feed-chain.js';
import type { ChangePagePort } from './feed-page.js';
import { readChangesPage } from './feed-reader.js';
import { startFeedRig, type FeedRig } from './feed-testing.js';

const logger = pino({ level: 'silent' });
let rig: FeedRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const OPTIONS = { overlapSeconds: 900, pageSize: 7, timeZone: 'UTC', count: true };
const ENTITY: EntityName = 'CI_Item';
const code = (i: number) => `I${String(i).padStart(4, '0')}`;

/** The reference: one readChangesPage after another, each from the last one's watermark. */
async function pageByPage(port: ChangePagePort, cursor: string | undefined) {
  const pages = [];
  for (;;) {
    const page = await readChangesPage(port, ENTITY, cursor, OPTIONS, logger);
    pages.push(page);
    cursor = page.watermark;
    if (!page.hasMore) return pages;
  }
}

/** The chain with every early read allowed; records whether each page's next read left early. */
async function chained(port: ChangePagePort, cursor: string | undefined) {
  const chain = new FeedPageChain(port, ENTITY, cursor, OPTIONS, logger);
  const pages: ChainPage[] = [];
  const early: boolean[] = [];
  for (;;) {
    const page = await chain.next(() => true);
    pages.push(page);
    early.push(chain.readingAhead);
    if (!page.hasMore) return { pages, early };
  }
}

/** Counts the agent calls a reader makes. */
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

describe('FeedPageChain: the next read sent before a page is admitted', () => {
  it('reads the same pages and watermarks as readChangesPage, with no extra agent call, through split and held stamp groups', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    // A large group (one import instant, past the small-group limit), then small groups that
    // page boundaries (7 rows) split, then single rows.
    for (let i = 0; i < 70; i++) rig.company.insert('CI_Item', { ItemCode: code(i) });
    for (let g = 0; g < 4; g++) {
      rig.advance(1);
      for (let i = 0; i < 5; i++)
        rig.company.insert('CI_Item', { ItemCode: code(100 + g * 5 + i) });
    }
    for (let i = 0; i < 9; i++) {
      rig.advance(1);
      rig.company.insert('CI_Item', { ItemCode: code(200 + i) });
    }
    const a = counting(rig.client);
    const b = counting(rig.client);
    const reference = await pageByPage(a, undefined);
    const { pages, early } = await chained(b, undefined);
    expect(pages).toEqual(reference);
    expect(pages.flatMap((p) => p.changes).length).toBe(70 + 20 + 9);
    expect(b.calls).toBe(a.calls);
    // Every page of a first poll reads ahead (its groups are all first read in it); the last none.
    expect(early).toEqual([...reference.slice(0, -1).map(() => true), false]);

    // A second poll inside the overlap: rows changed in held groups, new rows after them. Pages
    // ending in a group held from before the poll wait to be admitted; the pages are the same.
    rig.advance(5);
    for (const i of [3, 40, 100, 105, 203]) {
      rig.company.update('CI_Item', { ItemCode: code(i) }, { ItemCodeDesc: `changed ${i}` });
    }
    for (let i = 0; i < 12; i++) rig.company.insert('CI_Item', { ItemCode: code(300 + i) });
    const cursor = reference.at(-1)!.watermark;
    const again = await pageByPage(a, cursor);
    const second = await chained(b, cursor);
    expect(second.pages).toEqual(again);
    // The first page re-reads two held groups whole (each lost a row) and ends inside the second.
    expect(second.pages.map((p) => [p.rowsRead, p.changes.length])).toEqual([
      [7, 0],
      [7, 6],
      [7, 7],
      [4, 4],
    ]);
    expect(second.early).toEqual([false, true, true, false]);
    expect(b.calls).toBe(a.calls);
    expect(
      second.pages
        .flatMap((p) => p.changes.map((c) => c.key[0]))
        .sort()
        .slice(0, 5),
    ).toEqual([code(3), code(40), code(100), code(105), code(203)]);
  });

  it('sends the next read only when allowed, and never past the poll’s last page', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (let i = 0; i < 15; i++) {
      rig.advance(1);
      rig.company.insert('CI_Item', { ItemCode: code(i) });
    }
    const port = counting(rig.client);
    const chain = new FeedPageChain(port, ENTITY, undefined, OPTIONS, logger);
    await chain.next(() => false);
    expect([port.calls, chain.readingAhead]).toEqual([1, false]);
    await chain.next(() => true);
    expect([port.calls, chain.readingAhead]).toEqual([3, true]);
    const last = await chain.next(() => true);
    expect([last.hasMore, port.calls, chain.readingAhead]).toEqual([false, 3, false]);
  });
});
