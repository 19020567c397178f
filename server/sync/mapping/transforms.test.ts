import { describe, expect, it } from 'vitest';
import { sageKeyFields, sageKeyOf } from '../catalog/keys.js';
import { passesFilters } from './filters.js';
import { hashProjection, project } from './projection.js';
import { splitLines, toSage, toZoho, transformSpec, type LookupResolver } from './transforms.js';
import { compileMappings } from './compile.js';
import { atScale, sharedScale } from './scales.js';
import { trimToLengths } from '../plan/validate.js';
import { scorePair, nameTokens, phoneKey } from '../match/score.js';

const lookups: LookupResolver = {
  zohoIdFor: (_m, key) => (key === '01-ABC' ? '9001' : undefined),
  sageKeyFor: (_m, id) => (id === '9001' ? '01-ABC' : undefined),
  sageKeyFromValues: (_m, values) => (values.every(Boolean) ? values.join('-') : undefined),
  sageKeyValues: (_m, key) => [key.slice(0, 2), key.slice(3)],
};
const spec = (s: unknown) => transformSpec.parse(s);

describe('transforms', () => {
  it('splits and joins names', () => {
    expect(toZoho(spec({ kind: 'name' }), ['Jane Q Smith'], 2, lookups)).toEqual({
      ok: true,
      values: ['Jane Q', 'Smith'],
    });
    expect(toZoho(spec({ kind: 'name' }), ['Cher'], 2, lookups)).toEqual({
      ok: true,
      values: ['', 'Cher'],
    });
    expect(toSage(spec({ kind: 'name' }), ['Jane', 'Smith'], 1, lookups)).toEqual({
      ok: true,
      values: ['Jane Smith'],
    });
  });

  it('joins address lines and wraps a street into Sage widths between words', () => {
    expect(toZoho(spec({ kind: 'lines' }), ['12 Main St', '', 'Floor 3'], 1, lookups)).toEqual({
      ok: true,
      values: ['12 Main St\nFloor 3'],
    });
    expect(
      splitLines('1200 North Harbor Boulevard Building Seven Suite 410', 3, [30, 30, 30]),
    ).toEqual(['1200 North Harbor Boulevard', 'Building Seven Suite 410', null]);
    // Widths count characters, as trimAtWord does: an emoji is one and is never cut in half (a
    // lone surrogate reached Sage as "�", and the emoji was lost).
    expect(splitLines(`${'a'.repeat(39)}🚀🚀${'b'.repeat(20)}`, 3, [40, 40, 40])).toEqual([
      `${'a'.repeat(39)}🚀`,
      `🚀${'b'.repeat(20)}`,
      null,
    ]);
    expect(splitLines('😀'.repeat(45), 3, [40, 40, 40])).toEqual([
      '😀'.repeat(40),
      '😀'.repeat(5),
      null,
    ]);
    expect(splitLines('東京都 千代田区', 2, [5, 5])).toEqual(['東京都', '千代田区']);
  });

  it('translates codes both ways and rejects an unknown one unless told to pass it', () => {
    const terms = spec({ kind: 'code', table: { '01': 'Net 30' } });
    expect(toZoho(terms, ['01'], 1, lookups)).toEqual({ ok: true, values: ['Net 30'] });
    expect(toSage(terms, ['Net 30'], 1, lookups)).toEqual({ ok: true, values: ['01'] });
    expect(toZoho(terms, ['09'], 1, lookups)).toEqual({
      ok: false,
      reason: 'no translation for "09"',
    });
    expect(
      toZoho(spec({ kind: 'code', table: {}, otherwise: 'pass' }), ['09'], 1, lookups),
    ).toEqual({ ok: true, values: ['09'] });
    const leave = spec({ kind: 'code', table: { '01': 'Net 30' }, otherwise: 'leave' });
    expect(toZoho(leave, ['09'], 1, lookups)).toEqual({
      ok: true,
      left: true,
      note: 'no translation for "09", left as it is',
    });
    expect(toSage(leave, ['Net 90'], 1, lookups)).toEqual({
      ok: true,
      left: true,
      note: 'no Sage code for "Net 90", left as it is',
    });
    expect(toZoho(leave, ['01'], 1, lookups)).toEqual({ ok: true, values: ['Net 30'] });
  });

  it('formats phones, dates, numbers and Y/N flags', () => {
    expect(toSage(spec({ kind: 'phone' }), ['+1 949.555.0100'], 1, lookups)).toEqual({
      ok: true,
      values: ['(949) 555-0100'],
    });
    expect(toSage(spec({ kind: 'phone' }), ['+44 20 7946 0018'], 1, lookups)).toEqual({
      ok: true,
      values: ['+44 20 7946 0018'],
    });
    // Ten digits behind another country's code are not a US number: Dublin's +353 1 234 567
    // was written to Sage as (353) 123-4567 (and Berlin's +49 30 123456 as (493) 012-3456).
    for (const foreign of ['+353 1 234 567', '+49 30 123456']) {
      expect(toSage(spec({ kind: 'phone' }), [foreign], 1, lookups)).toEqual({
        ok: true,
        values: [foreign],
      });
    }
    expect(toZoho(spec({ kind: 'date' }), ['20261120'], 1, lookups)).toEqual({
      ok: true,
      values: ['2026-11-20'],
    });
    expect(toSage(spec({ kind: 'date' }), ['2026-11-20'], 1, lookups)).toEqual({
      ok: true,
      values: ['20261120'],
    });
    expect(toSage(spec({ kind: 'date' }), ['next week'], 1, lookups)).toEqual({
      ok: false,
      reason: '"next week" is not a date',
    });
    // Days the calendar lacks are not dates: the other side would refuse the write on every retry.
    for (const bad of ['2026-02-30', '2025-02-29', '2026-13-01', '2026-00-10'])
      expect(toSage(spec({ kind: 'date' }), [bad], 1, lookups)).toEqual({
        ok: false,
        reason: `"${bad}" is not a date`,
      });
    for (const bad of ['20260230', '00000000', '20261301'])
      expect(toZoho(spec({ kind: 'date' }), [bad], 1, lookups)).toEqual({
        ok: false,
        reason: `"${bad}" is not a date`,
      });
    expect(toSage(spec({ kind: 'date' }), ['2024-02-29'], 1, lookups)).toEqual({
      ok: true,
      values: ['20240229'],
    });
    expect(toZoho(spec({ kind: 'date' }), ['20240229'], 1, lookups)).toEqual({
      ok: true,
      values: ['2024-02-29'],
    });
    expect(toZoho(spec({ kind: 'number', scale: 2 }), ['1,234.567'], 1, lookups)).toEqual({
      ok: true,
      values: [1234.57],
    });
    expect(toZoho(spec({ kind: 'number' }), ['n/a'], 1, lookups)).toEqual({
      ok: false,
      reason: '"n/a" is not a number',
    });
    expect(toZoho(spec({ kind: 'yesno' }), ['Y'], 1, lookups)).toEqual({
      ok: true,
      values: [true],
    });
    expect(toSage(spec({ kind: 'yesno', invert: true }), [true], 1, lookups)).toEqual({
      ok: true,
      values: ['N'],
    });
    expect(toZoho(spec({ kind: 'constant', value: 'Sage 100' }), ['x'], 1, lookups)).toEqual({
      ok: true,
      values: ['Sage 100'],
    });
  });

  it("refuses a number's scale that is not 0 to 6 with a sentence the admin can act on", () => {
    for (const scale of [null, 7, -1, 1.5, 'x']) {
      const result = transformSpec.safeParse({ kind: 'number', scale });
      expect(result.success).toBe(false);
      expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
        ['scale', 'the number of decimals is a whole number from 0 to 6'],
      ]);
    }
    expect(spec({ kind: 'number' })).toEqual({ kind: 'number', scale: 2 });
  });

  it('rounds a number to the decimals of the side it goes to, and compares at the fewer', () => {
    const price = spec({ kind: 'number', scale: 2, sageScale: 6 });
    expect(toZoho(price, [9.12345], 1, lookups)).toEqual({ ok: true, values: [9.12] });
    expect(toSage(price, [12.3456789], 1, lookups)).toEqual({ ok: true, values: [12.345679] });
    expect(sharedScale(price)).toBe(2);
    expect(atScale(9.12345, 2)).toBe(atScale('9.12', 2));
    expect(sharedScale(spec({ kind: 'number', scale: 2 }))).toBeUndefined();
    expect(transformSpec.safeParse({ kind: 'number', sageScale: 7 }).success).toBe(false);
  });

  it('resolves parent lookups through links, and says what it waits for', () => {
    const lookup = spec({ kind: 'lookup', module: 'Accounts' });
    expect(toZoho(lookup, ['01', 'ABC'], 1, lookups)).toEqual({
      ok: true,
      values: [{ id: '9001' }],
    });
    expect(toSage(lookup, [{ id: '9001', name: 'Abc' }], 2, lookups)).toEqual({
      ok: true,
      values: ['01', 'ABC'],
    });
    expect(toZoho(lookup, ['01', 'XYZ'], 1, lookups)).toEqual({
      ok: false,
      reason: 'Accounts 01-XYZ is not linked yet',
      waitingFor: { module: 'Accounts', key: '01-XYZ' },
    });
    expect(
      toZoho(
        spec({ kind: 'lookup', module: 'Accounts', optional: true }),
        ['01', 'XYZ'],
        1,
        lookups,
      ),
    ).toEqual({ ok: true, values: [null] });
  });

  it('trims at a word boundary with a warning', () => {
    const fields: Record<string, unknown> = { CustomerName: 'Pacific Northwest Industrial Supply' };
    const warnings: string[] = [];
    trimToLengths(fields, { CustomerName: 30 }, warnings);
    expect(fields.CustomerName).toBe('Pacific Northwest Industrial');
    expect(warnings).toEqual([
      'CustomerName trimmed to 30 characters ("Pacific Northwest Industrial")',
    ]);
  });
});

describe('keys, filters, hashes, scores', () => {
  it('builds and parses Sage keys, zero-filling divisions', () => {
    const parts = [
      { field: 'ARDivisionNo', width: 2 },
      { field: 'CustomerNo' },
      { field: 'ContactCode' },
    ];
    expect(sageKeyOf(parts, { ARDivisionNo: '1', CustomerNo: 'A-B', ContactCode: 'JS' })).toBe(
      '01-A-B-JS',
    );
    expect(sageKeyFields(parts, '01-A-B-JS')).toEqual({
      ARDivisionNo: '01',
      CustomerNo: 'A-B',
      ContactCode: 'JS',
    });
    expect(sageKeyOf(parts, { ARDivisionNo: '01', CustomerNo: '' })).toBeUndefined();
  });

  it('filters with all or any', () => {
    const filters = [
      { side: 'sage' as const, field: 'CustomerType', operator: 'in', value: ['RET'] },
      { side: 'sage' as const, field: 'State', operator: 'equals', value: 'CA' },
    ];
    const rec = { CustomerType: 'RET', State: 'NV' };
    expect(passesFilters(filters, 'all', { sage: rec })).toEqual({
      pass: false,
      reason: 'filtered out: sage State equals "CA"',
    });
    expect(passesFilters(filters, 'any', { sage: rec })).toEqual({ pass: true });
    expect(passesFilters(filters, 'all', { zoho: {} })).toEqual({ pass: true });
  });

  it('greater_than and less_than compare dates as dates on either side', () => {
    const after = [
      {
        side: 'zoho' as const,
        field: 'Created_Time',
        operator: 'greater_than',
        value: '2026-01-01',
      },
    ];
    const zoho = (at: string) => passesFilters(after, 'all', { zoho: { Created_Time: at } }).pass;
    expect(zoho('2026-03-01T10:00:00-06:00')).toBe(true);
    expect(zoho('2025-12-31T17:59:00-06:00')).toBe(false);
    const before = [
      { side: 'sage' as const, field: 'DateCreated', operator: 'less_than', value: '2026-01-01' },
    ];
    const sage = (d: string) => passesFilters(before, 'all', { sage: { DateCreated: d } }).pass;
    expect([sage('20251231'), sage('20260102'), sage('')]).toEqual([true, false, false]);
    // Numbers compare as before.
    const limit = [
      { side: 'sage' as const, field: 'CreditLimit', operator: 'greater_than', value: 5000 },
    ];
    expect(passesFilters(limit, 'all', { sage: { CreditLimit: '7500.00' } }).pass).toBe(true);
    expect(passesFilters(limit, 'all', { sage: { CreditLimit: 4999.99 } }).pass).toBe(false);
  });

  it('hashes equal content equally whatever the spelling', () => {
    const mappings = compileMappings('Accounts', [
      {
        zohoField: 'Credit_Limit',
        sageField: 'CreditLimit',
        direction: 'both',
        emptyOverwrites: false,
      },
      { zohoField: 'Fax', sageField: 'FaxNo', direction: 'both', emptyOverwrites: false },
    ]);
    const a = hashProjection(
      project('sage', { fields: { CreditLimit: '15000.00', FaxNo: '' } }, mappings),
    );
    const b = hashProjection(
      project('sage', { fields: { CreditLimit: 15000, Other: 'x' } }, mappings),
    );
    const c = hashProjection(project('sage', { fields: { CreditLimit: 15001 } }, mappings));
    expect(a).toBe(b);
    expect(a).not.toBe(c);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
  });

  it('scores pairs by name, email, phone and zip', () => {
    expect(nameTokens('The Harbor Supply Co., Inc.')).toEqual(['harbor', 'supply']);
    expect(phoneKey('+1 (949) 555-0100')).toBe('9495550100');
    expect(
      scorePair(
        { name: ['harbor', 'supply'], email: 'a@b.c', phone: '9495550100', zip: '92618' },
        { name: ['harbor', 'supply'], email: 'a@b.c', phone: '9495550100', zip: '92618' },
      ),
    ).toEqual({ score: 100, reasons: ['name', 'email', 'phone', 'zip'] });
    expect(scorePair({ name: ['harbor', 'supply'] }, { name: ['harbor', 'tools'] })).toEqual({
      score: 15,
      reasons: ['name 33%'],
    });
  });
});

describe('flag transform (a Sage status code ↔ a Zoho checkbox)', () => {
  const spec = transformSpec.parse({ kind: 'flag', on: 'I', off: 'A' });
  const none = {} as never;
  it('ticks the box for the "on" code only, and writes "on"/"off" back', () => {
    expect(toZoho(spec, ['I'], 1, none)).toEqual({ ok: true, values: [true] });
    expect(toZoho(spec, ['i'], 1, none)).toEqual({ ok: true, values: [true] });
    expect(toZoho(spec, ['A'], 1, none)).toEqual({ ok: true, values: [false] });
    expect(toZoho(spec, ['T'], 1, none)).toEqual({ ok: true, values: [false] });
    expect(toZoho(spec, [''], 1, none)).toEqual({ ok: true, values: [false] });
    expect(toSage(spec, [true], 1, none)).toEqual({ ok: true, values: ['I'] });
    expect(toSage(spec, [false], 1, none)).toEqual({ ok: true, values: ['A'] });
    expect(toSage(spec, [null], 1, none)).toEqual({ ok: true, values: ['A'] });
  });
  it('refuses a flag without both codes', () => {
    expect(transformSpec.safeParse({ kind: 'flag', on: 'I' }).success).toBe(false);
    expect(transformSpec.safeParse({ kind: 'flag', on: '', off: 'A' }).success).toBe(false);
  });
});
