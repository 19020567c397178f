import { describe, expect, it } from 'vitest';
import { StoreDataSource } from './agent-endpoint.js';
import { SageStore } from './store.js';

let now = new Date('2026-11-20T20:30:00Z');

function company() {
  const store = new SageStore({ clock: () => now });
  const abc = store.addCompany({
    CompanyCode: 'ABC',
    CompanyName: 'ABC',
    WebServicesEnabled: 'Y',
    timeZone: 'America/Chicago',
    NextCustomerNo: 1,
    NextSalesOrderNo: 1,
  });
  for (const no of ['C2', 'C1', 'C3']) {
    abc.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: no, CustomerName: no });
  }
  return abc;
}

/**
 * The simulator's agent data source reads the stored rows without a sorted copy of the table per
 * call and converts each row once (ADR 0075): what it gives must still follow every write.
 */
describe('StoreDataSource', () => {
  it("gives a day's rows in the agent's format, the same converted row while the row is unchanged", async () => {
    now = new Date('2026-11-20T20:30:00Z');
    const abc = company();
    const source = new StoreDataSource(abc);
    const first = await source.rowsUpdatedOn('AR_Customer', '20261120');
    expect(first.map((r) => r.CustomerNo).sort()).toEqual(['C1', 'C2', 'C3']);
    const c1 = first.find((r) => r.CustomerNo === 'C1')!;
    expect(c1).toMatchObject({ DateUpdated: '20261120', TimeUpdated: '14.50000' });
    expect(Object.isFrozen(c1)).toBe(true);
    const again = await source.rowsUpdatedFrom('AR_Customer', '20261120', '14.5');
    expect(again.find((r) => r.CustomerNo === 'C1')).toBe(c1);
  });

  it('follows an update: the new stamp and values, the old row no longer in its day', async () => {
    now = new Date('2026-11-20T20:30:00Z');
    const abc = company();
    const source = new StoreDataSource(abc);
    await source.rowsUpdatedOn('AR_Customer', '20261120');
    now = new Date('2026-11-21T15:00:00Z');
    abc.update('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C2' }, { CustomerName: 'Two' });
    const day1 = await source.rowsUpdatedOn('AR_Customer', '20261120');
    expect(day1.map((r) => r.CustomerNo).sort()).toEqual(['C1', 'C3']);
    const after: string[] = [];
    for await (const row of source.rowsUpdatedAfter('AR_Customer', '20261120')) {
      after.push(`${row.CustomerNo} ${row.CustomerName} ${row.DateUpdated}`);
    }
    expect(after).toEqual(['C2 Two 20261121']);
    expect(await source.countUpdatedAfter('AR_Customer', '20261120')).toBe(1);
    expect(await source.countUpdatedAfter('AR_Customer', '20261119')).toBe(3);
  });

  it('reads the table again after a write and after an undone transaction, not an old index', async () => {
    now = new Date('2026-11-20T20:30:00Z');
    const abc = company();
    const source = new StoreDataSource(abc);
    expect(await source.countUpdatedAfter('AR_Customer', '20261119')).toBe(3);
    const revision = abc.revision('AR_Customer');
    abc.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C4', CustomerName: 'C4' });
    expect(abc.revision('AR_Customer')).toBeGreaterThan(revision);
    expect(await source.countUpdatedAfter('AR_Customer', '20261119')).toBe(4);
    expect(() =>
      abc.transaction(() => {
        abc.delete('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C1' });
        abc.insert('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C5', CustomerName: 'C5' });
        // Read mid-transaction (the index is built now): the undo must move the revision again.
        void source.rowsUpdatedOn('AR_Customer', '20261120');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    const day = await source.rowsUpdatedOn('AR_Customer', '20261120');
    expect(day.map((r) => r.CustomerNo).sort()).toEqual(['C1', 'C2', 'C3', 'C4']);
  });

  it('looks a row up by its whole key, and by other columns as before', async () => {
    const abc = company();
    const source = new StoreDataSource(abc);
    const byKey = await source.rowsWhere('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'C3' });
    expect(byKey.map((r) => r.CustomerName)).toEqual(['C3']);
    expect(await source.rowsWhere('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'NO' })).toEqual(
      [],
    );
    expect(await source.rowsWhere('AR_Customer', { ARDivisionNo: '01', CustomerNo: '' })).toEqual(
      [],
    );
    const byDivision = await source.rowsWhere('AR_Customer', { ARDivisionNo: '01' });
    expect(byDivision.map((r) => r.CustomerNo)).toEqual(['C1', 'C2', 'C3']);
  });
});
