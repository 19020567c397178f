import { describe, expect, it } from 'vitest';
import { CATALOG } from '../catalog/index.js';
import { compileMappings } from './compile.js';
import { baseJson, hashProjection, project } from './projection.js';
import { normalize, stableStringify } from './values.js';

/**
 * Stored link hashes were made from this text: a faster `stableStringify` must give the same text
 * for the same value, or every linked record would look changed on the next run.
 */
describe('stableStringify and projection hashes stay as stored', () => {
  it('gives the text the sorted-key JSON always gave', () => {
    expect(
      stableStringify({
        b: [1, undefined, { z: null, a: 'x "q"', u: undefined }],
        a: true,
        '10': 'n',
        '9': NaN,
        c: Infinity,
        d: -0,
        e: 1e21,
        f: 0.1 + 0.2,
        g: false,
        h: '\u00e9\n',
      }),
    ).toBe(
      '{"10":"n","9":null,"a":true,"b":[1,null,{"a":"x \\"q\\"","z":null}],"c":null,"d":0,' +
        '"e":1e+21,"f":0.30000000000000004,"g":false,"h":"\u00e9\\n"}',
    );
    // Keys already in order with only primitive values (a projection's fields): the same text.
    expect(stableStringify({ a: undefined, b: NaN, c: -0, d: 'x\n', e: null, f: Infinity })).toBe(
      '{"b":null,"c":0,"d":"x\\n","e":null,"f":null}',
    );
    // A value with its own toJSON is still written as its keys (none), as it always was.
    expect(stableStringify({ a: new Date(0) })).toBe('{"a":{}}');
    expect(stableStringify(new Date(0))).toBe('{}');
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify([])).toBe('[]');
    expect(stableStringify({})).toBe('{}');
  });

  it('hashes an Accounts projection as before (built in sorted order or not)', () => {
    const mappings = compileMappings('Accounts', CATALOG.Accounts.defaultMappings);
    const p = project(
      'sage',
      {
        fields: {
          CustomerNo: 'C1',
          CustomerName: ' Harbor "Supply" \u00e9 ',
          CreditLimit: '1500.00',
          ZipCode: '02618',
          CurrentBalance: -0,
          TelephoneNo: '',
          City: 'Irvine\n',
        },
      },
      mappings,
    );
    const keys = Object.keys(p.fields);
    expect(keys).toEqual([...keys].sort());
    expect(hashProjection(p)).toBe(
      '3e0cf44e5fd0edca821ab8952b290ed170b91ee531d0797f4e264d11c399ac18',
    );
    // The same content in another key order hashes the same.
    const reversed = { fields: Object.fromEntries(Object.entries(p.fields).reverse()) };
    expect(hashProjection(reversed)).toBe(hashProjection(p));
  });

  it("writes a link's base as JSON of the same content, reusing hashed projections' text", () => {
    const mappings = compileMappings('Accounts', CATALOG.Accounts.defaultMappings);
    const sage = project('sage', { fields: { CustomerNo: 'C1', CreditLimit: '15.5' } }, mappings);
    const zoho = project('zoho', { fields: { Account_Name: 'Harbor', Phone: '' } }, mappings);
    hashProjection(sage);
    const base = { sage, zoho };
    // The hashed side is its hash's text (sorted keys); the other is serialised as usual.
    const text = baseJson(base);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(base)));
    expect(text.startsWith('{"sage":{"fields":{')).toBe(true);
    expect(text).toBe(`{"sage":${stableStringify(sage)},"zoho":${JSON.stringify(zoho)}}`);
    // The text kept for that is not part of the projection's content (keys, JSON, equality).
    const twin = project('sage', { fields: { CustomerNo: 'C1', CreditLimit: '15.5' } }, mappings);
    expect(Object.keys(sage)).toEqual(['fields']);
    expect(JSON.stringify(sage)).toBe(JSON.stringify(twin));
    expect(sage).toStrictEqual(twin);
    expect({ ...sage }).toStrictEqual(twin);
    expect(JSON.parse(baseJson({ zoho }))).toEqual({ zoho: JSON.parse(JSON.stringify(zoho)) });
    expect(baseJson({})).toBe('{}');
    expect(baseJson(null)).toBe('null');
  });

  it('normalizes strings as before: numbers only from digit or minus-led text', () => {
    expect(
      [
        '',
        ' ',
        '0',
        '00',
        '01',
        '-1',
        '-01',
        ' 15000.00 ',
        '-',
        '1e5',
        ' Harbor ',
        '9a',
        '.5',
        '+1',
      ].map(normalize),
    ).toEqual([null, null, 0, '00', '01', -1, -1, 15000, '-', '1e5', 'Harbor', '9a', '.5', '+1']);
  });
});
