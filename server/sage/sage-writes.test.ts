import { expect, it } from 'vitest';
import type { SageEbwsClient } from './ebws-client.js';
import { SageWrites } from './sage-writes.js';

it("dates an order without OrderDate on the engine's today in Sage's time zone, not the wall clock's", async () => {
  const sent: Array<Record<string, unknown>> = [];
  const ebws = {
    createSalesOrder: async (record: Record<string, unknown>) => {
      sent.push(record);
      return { attempts: [] };
    },
  } as unknown as SageEbwsClient;
  // 03:30 UTC on 2 March is still 1 March in Chicago.
  const writes = new SageWrites(ebws, 'America/Chicago', () => new Date('2031-03-02T03:30:00Z'));
  const result = await writes.create(
    'Sales_Orders',
    '0000042',
    { ARDivisionNo: '01', CustomerNo: 'ABF' },
    [],
  );
  expect(result).toMatchObject({ ok: true, id: '0000042', created: true });
  expect(sent[0]?.OrderDate).toBe('2031-03-01');
  expect(sent[0]?.SalesOrderNo).toBe('0000042');
});
