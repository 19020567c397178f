import { describe, expect, it } from 'vitest';
import { checkRecord, memberMaxLength } from './validate-record.js';

describe('checkRecord', () => {
  it('reports over-length values by the length profile, in Sage wording', () => {
    const record = {
      ARDivisionNo: '01',
      CustomerNo: 'A',
      CustomerName: 'N'.repeat(40),
      City: 'C'.repeat(25),
    };
    expect(checkRecord('Customer', record, '2018')).toEqual([
      { field: 'City', reason: 'The City is greater than 20 character(s).', line: undefined },
      {
        field: 'CustomerName',
        reason: 'The Customer Name is greater than 30 character(s).',
        line: undefined,
      },
    ]);
    expect(checkRecord('Customer', record, '2023')).toEqual([]);
  });

  it('reports invalid flags and checks order lines with their index', () => {
    expect(
      checkRecord('Customer', { ARDivisionNo: '01', CustomerNo: 'A', CreditHold: 'Yes' }, '2023'),
    ).toEqual([
      {
        field: 'CreditHold',
        reason: 'The Credit Hold is greater than 1 character(s).',
        line: undefined,
      },
    ]);
    const order = {
      SalesOrderNo: '1',
      OrderType: 'X',
      Lines: [{ ItemCode: 'A' }, { ItemCode: 'I'.repeat(31) }],
    };
    expect(checkRecord('SalesOrder', order, '2023')).toEqual([
      {
        field: 'OrderType',
        reason: 'The Order Type failed validation on S,B,M,R,Q,P',
        line: undefined,
      },
      { field: 'ItemCode', reason: 'The Item Code is greater than 30 character(s).', line: 1 },
    ]);
  });

  it('gives maximum lengths for trimming transforms', () => {
    expect(memberMaxLength('Customer', 'CustomerName', '2018')).toBe(30);
    expect(memberMaxLength('Customer', 'CustomerName', '2023')).toBe(50);
    expect(memberMaxLength('SalesOrderLine', 'ItemCode', '2023')).toBe(30);
    expect(memberMaxLength('Customer', 'Nope', '2023')).toBeUndefined();
  });
});

describe('characters Sage 100 cannot store (Windows-1252)', () => {
  const customer = (CustomerName: string, AddressLine1 = '1 Main St') => ({
    ARDivisionNo: '01',
    CustomerNo: 'A',
    CustomerName,
    AddressLine1,
  });

  it('passes accented Latin, &, <, quotes and Windows-1252 punctuation', () => {
    expect(
      checkRecord(
        'Customer',
        customer('Café Müller & Söhne <"Ø">', '€5 — “smart” ‘q’ Œuvre™'),
        '2023',
      ),
    ).toEqual([]);
  });

  it('names each member holding emoji, CJK or other scripts, with the characters, once each', () => {
    expect(checkRecord('Customer', customer('Rocket 🚀🚀 Labs', '東京 Ωmega'), '2023')).toEqual([
      {
        field: 'AddressLine1',
        reason:
          'The Address Line 1 contains "東", "京", "Ω", which Sage 100 cannot store (its text is ' +
          'Windows-1252; it would be saved as "?").',
        line: undefined,
      },
      {
        field: 'CustomerName',
        reason:
          'The Customer Name contains "🚀", which Sage 100 cannot store (its text is ' +
          'Windows-1252; it would be saved as "?").',
        line: undefined,
      },
    ]);
  });

  it('checks order lines, and checks nothing for an installation that holds any character', () => {
    const order = {
      SalesOrderNo: '1',
      Lines: [
        { ItemCode: 'A', CommentText: 'ok' },
        { ItemCode: 'B', CommentText: 'Łódź' },
      ],
    };
    expect(checkRecord('SalesOrder', order, '2023').map((p) => [p.line, p.field])).toEqual([
      [1, 'CommentText'],
    ]);
    expect(checkRecord('SalesOrder', order, '2023', 'unicode')).toEqual([]);
    expect(checkRecord('Customer', customer('Rocket 🚀 Labs'), '2023', 'unicode')).toEqual([]);
  });
});
