import { describe, expect, it } from 'vitest';
import {
  countUpdatedAfter,
  dateEscape,
  selectUpdatedAfter,
  selectUpdatedOn,
  selectInKeyOrder,
  selectWhere,
  stringLiteral,
  UnsafeSqlError,
} from './odbc-sql.js';

describe('SQL for the ProvideX ODBC driver', () => {
  it('writes single-table SELECTs with ODBC date escapes', () => {
    expect(selectUpdatedOn('AR_Customer', '20261120')).toBe(
      "SELECT * FROM AR_Customer WHERE DateUpdated = {d '2026-11-20'}",
    );
    expect(selectUpdatedAfter('CI_Item', '20261120')).toBe(
      "SELECT * FROM CI_Item WHERE DateUpdated > {d '2026-11-20'} ORDER BY DateUpdated",
    );
    expect(countUpdatedAfter('AR_Customer', '20261120')).toBe(
      "SELECT COUNT(*) AS N FROM AR_Customer WHERE DateUpdated > {d '2026-11-20'}",
    );
    expect(countUpdatedAfter('AR_Customer', undefined)).toBe(
      'SELECT COUNT(*) AS N FROM AR_Customer WHERE DateUpdated IS NOT NULL',
    );
    expect(selectWhere('AR_CustomerContact', { ARDivisionNo: '01', CustomerNo: "O'BRIEN" })).toBe(
      "SELECT * FROM AR_CustomerContact WHERE ARDivisionNo = '01' AND CustomerNo = 'O''BRIEN'",
    );
  });

  it('pages in primary-key order with a keyset condition', () => {
    expect(selectInKeyOrder('AR_Customer', ['ARDivisionNo', 'CustomerNo'], undefined)).toBe(
      'SELECT * FROM AR_Customer ORDER BY ARDivisionNo, CustomerNo',
    );
    expect(selectInKeyOrder('AR_Customer', ['ARDivisionNo', 'CustomerNo'], ['01', 'ABF'])).toBe(
      "SELECT * FROM AR_Customer WHERE ARDivisionNo > '01' OR (ARDivisionNo = '01' AND CustomerNo > 'ABF')" +
        ' ORDER BY ARDivisionNo, CustomerNo',
    );
  });

  it('refuses what could change the statement', () => {
    expect(() => dateEscape("2026-11-20'")).toThrow(UnsafeSqlError);
    expect(() => selectUpdatedOn('AR_Customer; DROP TABLE x', '20261120')).toThrow(UnsafeSqlError);
    expect(() => selectWhere('CI_Item', { 'ItemCode OR 1=1': 'x' })).toThrow(UnsafeSqlError);
    expect(() => stringLiteral('a\u0000b')).toThrow(UnsafeSqlError);
    expect(() => selectWhere('CI_Item', {})).toThrow(UnsafeSqlError);
  });
});
