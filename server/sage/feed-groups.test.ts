import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SageFeed } from './feed.js';
import { readChanges, type ChangePagePort } from './feed-reader.js';
import { FeedWatermarkError, parseWatermark } from './feed-watermark.js';
import { SMALL_GROUP_ROWS } from './feed-groups.js';
import { pollAll, startFeedRig, type FeedRig } from './feed-testing.js';

const logger = pino({ level: 'silent' });
let rig: FeedRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

const ROWS = 2_000;
const code = (i: number) => `I${String(i).padStart(5, '0')}`;
const keysOf = (result: Awaited<ReturnType<typeof pollAll>>) =>
  result.batches.flatMap((b) => b.changes.map((c) => c.key.join('-')));

/** 2,000 items saved in one instant (an import): one stamp, four pages of 500. */
async function oneStampRig(): Promise<{ rig: FeedRig; feed: SageFeed }> {
  const r = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
  for (let i = 0; i < ROWS; i++) r.company.insert('CI_Item', { ItemCode: code(i), ItemType: '1' });
  const feed = new SageFeed(
    r.client,
    { overlapSeconds: 900, pageSize: 500, timeZone: 'UTC' },
    logger,
  );
  return { rig: r, feed };
}

describe('Sage change feed: rows sharing one stamp', () => {
  it('reads 2,000 rows of one stamp across pages once each, keeps the watermark small, then polls quietly', async () => {
    const setup = await oneStampRig();
    rig = setup.rig;
    const { feed } = setup;
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    expect(first.batches.map((b) => b.changes.length)).toEqual([500, 500, 500, 500]);
    const keys = keysOf(first);
    expect(new Set(keys).size).toBe(ROWS);
    expect(keys[0]).toBe(code(0));
    expect(keys.at(-1)).toBe(code(ROWS - 1));
    // Kept one by one the rows would take ~45 characters each (90 KB); as fingerprints ~5.3.
    const state = parseWatermark(first.watermark);
    expect(state.seen.size).toBe(0);
    expect([...state.groups.values()].map((g) => g.fingerprints?.size)).toEqual([ROWS]);
    expect(first.watermark!.length).toBeLessThan(11_000);
    // Every page's watermark stays as small: none carries the rows one by one.
    for (const batch of first.batches) expect(batch.watermark.length).toBeLessThan(11_000);

    rig.advance(60);
    let calls = rig.agent.calls;
    const quiet = await pollAll(feed.readChanges('CI_Item', first.watermark), first.watermark);
    expect(rig.agent.calls - calls).toBe(1);
    expect(quiet.batches.map((b) => b.rowsRead)).toEqual([0]);

    // One row of the group saved again (its stamp moves), one written late at the group's stamp
    // by a workstation whose clock lags: the next poll gets exactly those two from the agent.
    rig.advance(30);
    rig.company.update('CI_Item', { ItemCode: code(7) }, { ItemCodeDesc: 'Renamed' });
    rig.company.bulkImport('CI_Item', [
      { ItemCode: 'LATE', DateUpdated: '20260601', TimeUpdated: '15.00000' },
    ]);
    calls = rig.agent.calls;
    const changed = await pollAll(feed.readChanges('CI_Item', quiet.watermark), quiet.watermark);
    expect(rig.agent.calls - calls).toBe(1);
    expect(keysOf(changed)).toEqual(['LATE', code(7)]);
    expect(changed.batches.map((b) => b.rowsRead)).toEqual([2]);

    calls = rig.agent.calls;
    const after = await pollAll(feed.readChanges('CI_Item', changed.watermark), changed.watermark);
    expect(rig.agent.calls - calls).toBe(1);
    expect(after.batches.map((b) => b.rowsRead)).toEqual([0]);
  });

  it('resumes a poll that stopped inside the group with the rest of it, none twice', async () => {
    const setup = await oneStampRig();
    rig = setup.rig;
    const first = await pollAll(setup.feed.readChanges('CI_Item', undefined), undefined);
    // A crash after the second batch was stored: its watermark is where the feed resumes.
    const stored = first.batches[1]!.watermark;
    expect(parseWatermark(stored).continueAfter?.key).toEqual([code(999)]);
    const resumed = await pollAll(setup.feed.readChanges('CI_Item', stored), stored);
    expect(keysOf(resumed)).toEqual(keysOf(first).slice(1_000));
    expect(resumed.watermark!.length).toBeLessThan(11_000);
  });

  it('drops the re-sent group itself when the agent ignores Known (an older agent)', async () => {
    const setup = await oneStampRig();
    rig = setup.rig;
    const first = await pollAll(setup.feed.readChanges('CI_Item', undefined), undefined);
    const client = rig.client;
    const older: ChangePagePort = {
      getChanges: (entity, after, pageSize, options) =>
        client.getChanges(entity, after, pageSize, { count: options?.count }),
    };
    rig.advance(60);
    rig.company.insert('CI_Item', { ItemCode: 'NEW' });
    const options = { overlapSeconds: 900, pageSize: 500, timeZone: 'UTC' };
    const again = await pollAll(
      readChanges(older, 'CI_Item', first.watermark, options, logger),
      first.watermark,
    );
    expect(again.batches.reduce((n, b) => n + b.rowsRead, 0)).toBe(ROWS + 1);
    expect(keysOf(again)).toEqual(['NEW']);
  });

  it(`keeps a group of up to ${SMALL_GROUP_ROWS} rows row by row, so an unchanged save is still dropped`, async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (let i = 0; i < 3; i++) rig.company.insert('CI_Item', { ItemCode: code(i) });
    const feed = new SageFeed(
      rig.client,
      { overlapSeconds: 900, pageSize: 500, timeZone: 'UTC' },
      logger,
    );
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    const state = parseWatermark(first.watermark);
    expect(state.seen.size).toBe(3);
    expect([...state.groups.values()]).toMatchObject([{ count: 3, time: '15.00000' }]);
    rig.advance(30);
    rig.company.update('CI_Item', { ItemCode: code(1) }, {}); // saved, nothing changed
    const touched = await pollAll(feed.readChanges('CI_Item', first.watermark), first.watermark);
    // The agent sends the moved row and the group it left (now two rows, so changed), and the
    // content hashes drop all three.
    expect(touched.batches.map((b) => b.rowsRead)).toEqual([3]);
    expect(keysOf(touched)).toEqual([]);
  });

  it('reads a watermark written before stamp groups (version 1): one full re-read, then quiet', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (let i = 0; i < 3; i++) rig.company.insert('CI_Item', { ItemCode: code(i) });
    const feed = new SageFeed(
      rig.client,
      { overlapSeconds: 900, pageSize: 500, timeZone: 'UTC' },
      logger,
    );
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    const { p, s } = JSON.parse(first.watermark!) as { p: unknown; s: unknown };
    const v1 = JSON.stringify({ v: 1, p, s });
    const reread = await pollAll(feed.readChanges('CI_Item', v1), v1);
    expect(reread.batches.map((b) => b.rowsRead)).toEqual([3]);
    expect(keysOf(reread)).toEqual([]);
    const quiet = await pollAll(feed.readChanges('CI_Item', reread.watermark), reread.watermark);
    expect(quiet.batches.map((b) => b.rowsRead)).toEqual([0]);
  });

  it('rejects a watermark whose group fingerprints are not 4-byte values with a typed error', () => {
    const group = ['20260601', '15.00000', 65, '0000000000000000'];
    expect(() => parseWatermark(JSON.stringify({ v: 2, s: {}, g: [[...group, 'AAA']] }))).toThrow(
      FeedWatermarkError,
    );
    expect(() =>
      parseWatermark(JSON.stringify({ v: 2, s: {}, g: [[...group, 'AAAAAAA=']] })),
    ).toThrow(FeedWatermarkError);
    const fine = parseWatermark(JSON.stringify({ v: 2, s: {}, g: [[...group, 'AAAAAQ==']] }));
    expect([...fine.groups.values()][0]?.fingerprints).toEqual(new Set([1]));
  });
});
