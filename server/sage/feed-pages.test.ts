import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SageFeed } from './feed.js';
import { FeedWatermarkError, parseWatermark } from './feed-watermark.js';
import { startFeedRig, type FeedRig } from './feed-testing.js';

const logger = pino({ level: 'silent' });
let rig: FeedRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

describe('SageFeed page by page, with the cursor kept by the caller', () => {
  it('continues an unfinished poll right after its last row, then re-reads only the overlap', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (const code of ['A', 'B', 'C', 'D', 'E']) rig.company.insert('CI_Item', { ItemCode: code });
    const feed = new SageFeed(
      rig.client,
      { overlapSeconds: 600, pageSize: 2, timeZone: 'UTC' },
      logger,
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let reads = 0;
    for (;;) {
      const page = await feed.readPage('CI_Item', cursor);
      reads += page.rowsRead;
      seen.push(...page.changes.map((c) => c.key[0]!));
      cursor = page.watermark;
      if (!page.hasMore) break;
    }
    expect(seen).toEqual(['A', 'B', 'C', 'D', 'E']);
    expect(reads).toBe(5); // no page re-read the window while the poll was unfinished
    expect(parseWatermark(cursor).continueAfter).toBeUndefined();
    // The overlap window holds all five, and the cursor says so: the agent sends none of them.
    const quiet = await feed.readPage('CI_Item', cursor, { pageSize: 10 });
    expect(quiet).toMatchObject({ rowsRead: 0, hasMore: false, changes: [] });
  });

  it('starts a backfill at `since` when there is no cursor yet', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'America/Chicago');
    rig.company.insert('CI_Item', { ItemCode: 'OLD' });
    rig.advance(3 * 86_400);
    rig.company.insert('CI_Item', { ItemCode: 'RECENT' });
    const feed = new SageFeed(
      rig.client,
      { overlapSeconds: 600, pageSize: 10, timeZone: 'America/Chicago' },
      logger,
    );
    const page = await feed.readPage('CI_Item', undefined, {
      since: new Date('2026-06-03T00:00:00Z'),
    });
    expect(page.changes.map((c) => c.key[0])).toEqual(['RECENT']);
  });

  it('lists every row in key order page by page for reconciliation', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (const code of ['C', 'A', 'B']) rig.company.insert('CI_Item', { ItemCode: code });
    rig.company.bulkImport('CI_Item', [{ ItemCode: 'IMPORTED' }]); // never stamped
    const feed = new SageFeed(
      rig.client,
      { overlapSeconds: 600, pageSize: 3, timeZone: 'UTC' },
      logger,
    );
    const first = await feed.listAll('CI_Item');
    expect(first.records.map((r) => r.ItemCode)).toEqual(['A', 'B', 'C']);
    expect(first.nextPageToken).toBe('["C"]');
    const second = await feed.listAll('CI_Item', first.nextPageToken);
    expect(second).toEqual({ records: [expect.objectContaining({ ItemCode: 'IMPORTED' })] });
    await expect(feed.listAll('CI_Item', 'garbage')).rejects.toBeInstanceOf(FeedWatermarkError);
    await expect(feed.listAll('CI_Item', '["A","B"]')).rejects.toBeInstanceOf(FeedWatermarkError);
  });
});
