import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { SageFeed } from './feed.js';
import { FeedOrderError, FeedUncommittedBatchError, readChanges } from './feed-reader.js';
import { FeedWatermarkError, parseWatermark } from './feed-watermark.js';
import { pollAll, startFeedRig, type FeedRig } from './feed-testing.js';

const logger = pino({ level: 'silent' });
let rig: FeedRig | undefined;
afterEach(async () => {
  await rig?.close();
  rig = undefined;
});

function feedOf(r: FeedRig, timeZone: string, pageSize = 100, overlapSeconds = 900) {
  return new SageFeed(r.client, { overlapSeconds, pageSize, timeZone }, logger);
}

const keysOf = (result: Awaited<ReturnType<typeof pollAll>>) =>
  result.batches.flatMap((b) => b.changes.map((c) => c.key.join('-')));

describe('Sage change feed', () => {
  it('delivers every row once, in stamp order, with UTC times, and nothing on a quiet re-poll', async () => {
    rig = await startFeedRig('2026-11-20T20:30:00Z', 'America/Chicago'); // 14:30 CST
    rig.company.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'B', CustomerName: 'Bee' });
    rig.advance(60);
    rig.company.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'A', CustomerName: 'Ay' });
    const feed = feedOf(rig, 'America/Chicago');
    const saved: string[] = [];
    const first = await pollAll(
      feed.readChanges('AR_Customer', undefined, {
        saveWatermark: async (w) => void saved.push(w),
      }),
      undefined,
    );
    expect(keysOf(first)).toEqual(['01-B', '01-A']);
    const b = first.batches[0]!.changes[0]!;
    expect(b.record).toMatchObject({
      CustomerName: 'Bee',
      DateUpdated: '20261120',
      TimeUpdated: '14.50000',
    });
    expect(b.updatedAt).toBe('2026-11-20T20:30:00.000Z');
    expect(saved).toEqual([first.watermark]);
    expect(parseWatermark(first.watermark).position).toEqual({
      date: '20261120',
      time: '14.51667',
      key: ['01', 'A'],
    });

    rig.advance(60);
    const calls = rig.agent.calls;
    const second = await pollAll(feed.readChanges('AR_Customer', first.watermark), first.watermark);
    expect(second.batches).toHaveLength(1);
    expect(rig.agent.calls - calls).toBe(1);
    // Both rows are inside the overlap window, but the agent was told they are held: none sent.
    expect(second.batches[0]!.rowsRead).toBe(0);
    expect(keysOf(second)).toEqual([]);
  });

  it('never loses or repeats rows sharing one timestamp across page boundaries', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'America/Chicago');
    for (const code of ['G', 'C', 'A', 'F', 'B', 'E', 'D'])
      rig.company.insert('CI_Item', { ItemCode: code });
    const feed = feedOf(rig, 'America/Chicago', 3);
    const result = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    expect(result.batches.map((b) => b.changes.length)).toEqual([3, 3, 1]);
    expect(keysOf(result)).toEqual(['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    // A crash after the second batch: resuming from its watermark delivers only the rest.
    const resumed = await pollAll(
      feed.readChanges('CI_Item', result.batches[1]!.watermark),
      undefined,
    );
    expect(keysOf(resumed)).toEqual(['G']);
  });

  it('delivers a re-saved row only when its content changed', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    rig.company.insert('CI_Item', { ItemCode: 'W', ItemCodeDesc: 'Widget' });
    const feed = feedOf(rig, 'UTC');
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    rig.advance(30);
    rig.company.update('CI_Item', { ItemCode: 'W' }, { ItemCodeDesc: 'Widget' }); // saved, unchanged
    const touched = await pollAll(feed.readChanges('CI_Item', first.watermark), first.watermark);
    expect(keysOf(touched)).toEqual([]);
    rig.advance(30);
    rig.company.update('CI_Item', { ItemCode: 'W' }, { ItemCodeDesc: 'Widget XL' });
    const changed = await pollAll(
      feed.readChanges('CI_Item', touched.watermark),
      touched.watermark,
    );
    expect(changed.batches.flatMap((b) => b.changes.map((c) => c.record.ItemCodeDesc))).toEqual([
      'Widget XL',
    ]);
  });

  it('catches a row stamped late by a lagging workstation clock inside the overlap window', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    rig.company.insert('CI_Item', { ItemCode: 'FIRST' });
    const feed = feedOf(rig, 'UTC', 100, 600);
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    // Written now, stamped by a workstation 5 minutes behind (15:00 - 5 min = 14.91667).
    rig.company.bulkImport('CI_Item', [
      { ItemCode: 'LAGGING', DateUpdated: '20260601', TimeUpdated: '14.91667' },
    ]);
    // One stamped 20 minutes behind is older than the 10-minute overlap: only reconciliation finds it.
    rig.company.bulkImport('CI_Item', [
      { ItemCode: 'TOO-OLD', DateUpdated: '20260601', TimeUpdated: '14.66667' },
    ]);
    const second = await pollAll(feed.readChanges('CI_Item', first.watermark), first.watermark);
    expect(keysOf(second)).toEqual(['LAGGING']);
  });

  it('re-reads the repeated hour after a DST fall-back', async () => {
    // 2026-11-01 in New York: 01:00-02:00 happens twice (EDT, then EST).
    rig = await startFeedRig('2026-11-01T05:50:00Z', 'America/New_York'); // 01:50 EDT
    rig.company.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'EDT' });
    const feed = feedOf(rig, 'America/New_York', 100, 900);
    const first = await pollAll(feed.readChanges('AR_Customer', undefined), undefined);
    expect(keysOf(first)).toEqual(['01-EDT']);
    rig.setNow('2026-11-01T06:10:00Z'); // 01:10 EST: stamped 40 minutes "before" the watermark
    rig.company.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'EST' });
    const second = await pollAll(feed.readChanges('AR_Customer', first.watermark), first.watermark);
    expect(keysOf(second)).toEqual(['01-EST']);
    const est = second.batches[0]!.changes[0]!;
    expect(est.record.TimeUpdated).toBe('1.16667');
    // Sage keeps no offset: an ambiguous stamp is placed at its first occurrence.
    expect(est.updatedAt).toBe('2026-11-01T05:10:00.000Z');
  });

  it('does not let a row stamped by a clock running ahead push the watermark past Sage now', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    rig.company.bulkImport('CI_Item', [
      { ItemCode: 'FUTURE', DateUpdated: '20260602', TimeUpdated: '9.00000' },
    ]);
    const feed = feedOf(rig, 'UTC', 100, 300);
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    expect(keysOf(first)).toEqual(['FUTURE']);
    expect(parseWatermark(first.watermark).position).toEqual({
      date: '20260601',
      time: '15.00000',
      key: [],
    });
    rig.advance(60);
    rig.company.insert('CI_Item', { ItemCode: 'NORMAL' });
    const second = await pollAll(feed.readChanges('CI_Item', first.watermark), first.watermark);
    expect(keysOf(second)).toEqual(['NORMAL']); // FUTURE is re-read but already delivered
  });

  it('works whatever our own clock says: the Sage server may run years apart from us', async () => {
    rig = await startFeedRig('2031-03-15T08:00:00Z', 'Europe/Berlin');
    rig.company.insert('GL_Account', {
      AccountKey: '000000001',
      Account: '4000-00',
      AccountDesc: 'Sales',
    });
    const feed = feedOf(rig, 'Europe/Berlin');
    const first = await pollAll(feed.readChanges('GL_Account', undefined), undefined);
    expect(keysOf(first)).toEqual(['000000001']);
    rig.advance(120);
    rig.company.update(
      'GL_Account',
      { AccountKey: '000000001' },
      { AccountDesc: 'Sales, domestic' },
    );
    const second = await pollAll(feed.readChanges('GL_Account', first.watermark), first.watermark);
    expect(second.batches[0]!.changes[0]!.updatedAt).toBe('2031-03-15T08:02:00.000Z');
  });

  it('moves the watermark only after the batch is committed', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    for (const code of ['A', 'B', 'C']) rig.company.insert('CI_Item', { ItemCode: code });
    const feed = feedOf(rig, 'UTC', 2);
    const saved: string[] = [];
    const reader = feed.readChanges('CI_Item', undefined, {
      saveWatermark: async (w) => void saved.push(w),
    });
    const first = await reader.next();
    expect(first.done).toBe(false);
    await expect(reader.next()).rejects.toBeInstanceOf(FeedUncommittedBatchError);
    expect(saved).toEqual([]);
    // Resuming from the stored (absent) watermark delivers the uncommitted rows again.
    const again = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    expect(keysOf(again)).toEqual(['A', 'B', 'C']);
  });

  it('does not see a bulk import that leaves DateUpdated alone, but record reads do', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    rig.company.insert('CI_Item', { ItemCode: 'W', ItemCodeDesc: 'Widget' });
    const feed = feedOf(rig, 'UTC', 100, 300);
    const first = await pollAll(feed.readChanges('CI_Item', undefined), undefined);
    rig.advance(3600);
    rig.company.insert('CI_Item', { ItemCode: 'LATER' }); // the watermark moves an hour on
    const middle = await pollAll(feed.readChanges('CI_Item', first.watermark), first.watermark);
    expect(keysOf(middle)).toEqual(['LATER']);
    rig.company.bulkImport('CI_Item', [{ ItemCode: 'W', ItemCodeDesc: 'Imported name' }]);
    const second = await pollAll(feed.readChanges('CI_Item', middle.watermark), middle.watermark);
    expect(keysOf(second)).toEqual([]);
    expect((await feed.getRecords('CI_Item', [['W']]))[0]).toMatchObject({
      ItemCodeDesc: 'Imported name',
    });
  });

  it('rejects a corrupt watermark with a typed error', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    const feed = feedOf(rig, 'UTC');
    await expect(feed.readChanges('CI_Item', '{"v":2}').next()).rejects.toBeInstanceOf(
      FeedWatermarkError,
    );
    await expect(feed.readChanges('CI_Item', 'not json').next()).rejects.toBeInstanceOf(
      FeedWatermarkError,
    );
  });

  it('reads child rows and credit status through the facade', async () => {
    rig = await startFeedRig('2026-06-01T15:00:00Z', 'UTC');
    rig.company.insert('AR_Customer', {
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      CreditLimit: 1000,
      CurrentBalance: 250,
      OpenOrderAmt: 100,
      CreditHold: 'N',
    });
    rig.company.insert('AR_OpenInvoice', {
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      InvoiceNo: '0000001',
      InvoiceType: 'IN',
      Balance: 250,
    });
    rig.company.insert('SO_SalesOrderDetail', {
      SalesOrderNo: '0000500',
      LineKey: '000001',
      ItemCode: 'W',
    });
    rig.company.insert('SO_SalesOrderDetail', {
      SalesOrderNo: '0000500',
      LineKey: '000002',
      ItemCode: 'X',
    });
    rig.company.insert('AR_InvoiceHistoryDetail', {
      InvoiceNo: '0000001',
      HeaderSeqNo: '000000',
      DetailSeqNo: '000001',
      ItemCode: 'W',
    });
    const feed = feedOf(rig, 'UTC');
    expect((await feed.getSalesOrderLines('0000500')).map((r) => r.LineKey)).toEqual([
      '000001',
      '000002',
    ]);
    expect((await feed.getInvoiceLines('0000001', '000000')).map((r) => r.ItemCode)).toEqual(['W']);
    expect((await feed.getOpenInvoices('01', 'ABF')).map((r) => r.InvoiceNo)).toEqual(['0000001']);
    expect(await feed.getCustomerContacts('01', 'ABF')).toEqual([]);
    expect(await feed.getCreditStatus('01', 'ABF')).toMatchObject({
      availableCredit: '650.00',
      openInvoiceBalance: '250.00',
      overCreditLimit: false,
    });
    expect(await feed.health()).toMatchObject({
      healthy: true,
      dataSource: 'simulator',
      sageNow: { date: '20260601', time: '15.00000' },
    });
  });
});

describe('Sage change feed against a misbehaving agent', () => {
  it('stops with FeedOrderError instead of looping when the agent does not move forward', async () => {
    const row = { ItemCode: 'A', DateUpdated: '20260601', TimeUpdated: '9.00000' };
    const stuck = {
      getChanges: async () => ({
        records: [row],
        hasMore: true,
        sageNow: { date: '20260601', time: '10.00000' },
      }),
    };
    const batches = readChanges(
      stuck,
      'CI_Item',
      undefined,
      { overlapSeconds: 0, pageSize: 1, timeZone: 'UTC' },
      logger,
    );
    const first = await batches.next();
    await first.value!.commit();
    await expect(batches.next()).rejects.toBeInstanceOf(FeedOrderError);
  });
});
