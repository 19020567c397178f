import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, odbc } from '../test/requirements.js';
import { readChangePage } from './change-reader.js';
import { OdbcDataSource } from './odbc-data-source.js';
import { openSqliteCompany, type SqliteCompanyFile } from './testing.js';

const stamped = (ItemCode: string, DateUpdated: string | null, TimeUpdated: string | null) => ({
  ItemCode,
  DateUpdated,
  TimeUpdated,
});

describeWith([await odbc()], 'change pages over ODBC (SQLite through unixODBC)', () => {
  let company: SqliteCompanyFile;
  let source: OdbcDataSource;

  beforeAll(async () => {
    company = await openSqliteCompany();
    await company.insert('CI_Item', [
      stamped('NEVER', null, null),
      stamped('LATE', '20261101', '14.2'), // decimal hours: 14.2 is after 9.5, though "14.2" < "9.5" as text
      stamped('EARLY', '20261101', '9.5'),
      stamped('TIE-B', '20261102', '8.00000'),
      stamped('TIE-A', '20261102', '8.00000'),
      stamped('TIE-C', '20261102', '8.00000'),
      stamped('NEXT', '20261103', '0.00028'),
      stamped('LAST', '20261231', '23.99972'),
    ]);
    // One day's vendors at times written as Sage writes them (one or two hour digits), plus odd
    // spellings a superset must keep: blank, a leading zero, trailing zeros.
    await company.insert(
      'AP_Vendor',
      [
        ['V1', '1.5'],
        ['V2', '2.5'],
        ['V9', '9.5'],
        ['V10', '10.25'],
        ['V14', '14.2'],
        ['V1450', '14.50'],
        ['V145', '14.75'],
        ['V20', '20.5'],
        ['V23', '23.99'],
        ['VBLANK', ''],
        ['V0975', '09.75'],
      ].map(([VendorNo = '', TimeUpdated = '']) => ({
        APDivisionNo: '01',
        VendorNo,
        DateUpdated: '20261105',
        TimeUpdated,
      })),
    );
    source = await OdbcDataSource.open({
      connectionString: company.connectionString,
      poolSize: 1,
      fetchSize: 1,
      connectTimeoutSeconds: 5,
    });
  });
  afterAll(async () => {
    await source.close();
    await company.remove();
  });

  const codes = (rows: Array<Record<string, string | null>>) => rows.map((r) => r.ItemCode);

  it('orders by date, then time as a number, then key, unstamped rows first', async () => {
    const page = await readChangePage(source, 'CI_Item', undefined, 100);
    expect(codes(page.rows)).toEqual([
      'NEVER',
      'EARLY',
      'LATE',
      'TIE-A',
      'TIE-B',
      'TIE-C',
      'NEXT',
      'LAST',
    ]);
    expect(page.hasMore).toBe(false);
    expect(page.rows[1]).toMatchObject({ DateUpdated: '20261101', TimeUpdated: '9.5' });
  });

  it('counts the rows left after a position when asked: the rest of the start day, a COUNT beyond', async () => {
    const after = { date: '20261101', time: '14.2', key: ['LATE'] };
    const counted = await readChangePage(source, 'CI_Item', after, 2, { count: true });
    expect(codes(counted.rows)).toEqual(['TIE-A', 'TIE-B']);
    expect(counted.remaining).toBe(5); // TIE-A, TIE-B, TIE-C, NEXT, LAST
    const fromStart = await readChangePage(source, 'CI_Item', undefined, 2, { count: true });
    expect(fromStart.remaining).toBe(8); // the unstamped row too
    expect((await readChangePage(source, 'CI_Item', after, 2)).remaining).toBeUndefined();
  });

  it('resumes inside a run of equal stamps by key', async () => {
    const first = await readChangePage(
      source,
      'CI_Item',
      { date: '20261101', time: '14.2', key: ['LATE'] },
      2,
    );
    expect(codes(first.rows)).toEqual(['TIE-A', 'TIE-B']);
    expect(first.hasMore).toBe(true);
    const second = await readChangePage(
      source,
      'CI_Item',
      { date: '20261102', time: '8.00000', key: ['TIE-B'] },
      2,
    );
    expect(codes(second.rows)).toEqual(['TIE-C', 'NEXT']);
    expect(second.hasMore).toBe(true);
    const third = await readChangePage(
      source,
      'CI_Item',
      { date: '20261103', time: '0.00028', key: ['NEXT'] },
      2,
    );
    expect(codes(third.rows)).toEqual(['LAST']);
    expect(third.hasMore).toBe(false);
  });

  it('treats a position with an empty key as "from this stamp on"', async () => {
    const page = await readChangePage(
      source,
      'CI_Item',
      { date: '20261102', time: '8', key: [] },
      10,
    );
    expect(codes(page.rows)).toEqual(['TIE-A', 'TIE-B', 'TIE-C', 'NEXT', 'LAST']);
  });

  const vendors = (rows: Array<Record<string, string | null>>) =>
    rows.map((r) => r.VendorNo).sort();

  it("reads the start day from the position's hour on, not the whole day", async () => {
    const from = await source.rowsUpdatedFrom('AP_Vendor', '20261105', '14.5');
    // Every stamp from 14.5 on; of the rest only the same hour and the odd spellings.
    expect(vendors(from)).toEqual(['V0975', 'V14', 'V1450', 'V145', 'V20', 'V23', 'VBLANK'].sort());
    const early = await source.rowsUpdatedFrom('AP_Vendor', '20261105', '2.25');
    expect(vendors(early)).toEqual(
      ['V0975', 'V10', 'V14', 'V1450', 'V145', 'V2', 'V20', 'V23', 'V9', 'VBLANK'].sort(),
    );
    const page = await readChangePage(
      source,
      'AP_Vendor',
      { date: '20261105', time: '14.5', key: [] },
      10,
    );
    expect(page.rows.map((r) => r.VendorNo)).toEqual(['V1450', 'V145', 'V20', 'V23']);
    // Resuming inside the day by key reads the same narrowed set.
    const resumed = await readChangePage(
      source,
      'AP_Vendor',
      { date: '20261105', time: '14.75', key: ['01', 'V145'] },
      10,
    );
    expect(resumed.rows.map((r) => r.VendorNo)).toEqual(['V20', 'V23']);
  });
});
