import { describe, expect, it } from 'vitest';
import { map } from '../catalog/types.js';
import { compileMappings } from '../mapping/compile.js';
import type { LookupResolver } from '../mapping/transforms.js';
import { mapValues, subsetOf } from './map-values.js';

const noLookups: LookupResolver = {
  zohoIdFor: () => undefined,
  sageKeyFor: () => undefined,
  sageKeyFromValues: () => undefined,
  sageKeyValues: () => [],
};

const mappings = compileMappings('Accounts', [
  map('Account_Name', 'CustomerName'),
  map('Payment_Terms', 'TermsCode', 'both', {
    kind: 'code',
    table: { '01': 'Net 30' },
    otherwise: 'leave',
  }),
  map('Account_Type', 'CustomerType', 'both', { kind: 'code', table: { RET: 'Customer' } }),
  map('Billing_City', 'City'),
]);

describe('mapping values (fields filled into a template of the targets)', () => {
  it('writes every mapped field in mapping order, empty sources as null', () => {
    const out = mapValues(
      mappings,
      'sage',
      { CustomerName: 'Harbor', TermsCode: '01', CustomerType: 'RET' },
      noLookups,
      {},
    );
    expect(out.problems).toEqual([]);
    expect(Object.entries(out.fields)).toEqual([
      ['Account_Name', 'Harbor'],
      ['Payment_Terms', 'Net 30'],
      ['Account_Type', 'Customer'],
      ['Billing_City', null],
    ]);
  });

  it('leaves out the fields of mappings that wrote nothing, the same template reused after', () => {
    const out = mapValues(
      mappings,
      'sage',
      { CustomerName: 'Harbor', TermsCode: '99', CustomerType: 'XYZ', City: 'Irvine' },
      noLookups,
      {},
    );
    // `leave` notes the value and writes nothing; `reject` is a problem and writes nothing.
    expect(out.notes).toEqual([
      'Payment_Terms ↔ TermsCode: no translation for "99", left as it is',
    ]);
    expect(out.problems.map((p) => p.reason)).toEqual([
      'Account_Type ↔ CustomerType: no translation for "XYZ"',
    ]);
    expect(out.fields).toEqual({ Account_Name: 'Harbor', Billing_City: 'Irvine' });
    expect('Payment_Terms' in out.fields).toBe(false);
    // The template itself was not changed by that record: the next one has every field again.
    const next = mapValues(mappings, 'sage', { TermsCode: '01' }, noLookups, {});
    expect(Object.keys(next.fields)).toEqual([
      'Account_Name',
      'Payment_Terms',
      'Account_Type',
      'Billing_City',
    ]);
    expect(next.fields.Payment_Terms).toBe('Net 30');
  });

  it('keeps a field another mapping of the list wrote', () => {
    const shared = compileMappings('Accounts', [
      map('Account_Name', 'CustomerName'),
      map('Account_Name', 'TermsCode', 'both', { kind: 'code', table: {}, otherwise: 'leave' }),
    ]);
    const out = mapValues(
      shared,
      'sage',
      { CustomerName: 'Harbor', TermsCode: '7' },
      noLookups,
      {},
    );
    expect(out.fields).toEqual({ Account_Name: 'Harbor' });
  });
});

describe('a write of some of the mapped fields (subsetOf)', () => {
  it("takes the fields whose bit is set, in the template's order, each call its own object", () => {
    const out = mapValues(
      mappings,
      'sage',
      { CustomerName: 'Harbor', City: 'Irvine' },
      noLookups,
      {},
    );
    expect(out.shape).toBeDefined();
    // Bits 0 and 3: Account_Name and Billing_City.
    const first = subsetOf(out.fields, out.shape!, 0b1001);
    expect(Object.entries(first)).toEqual([
      ['Account_Name', 'Harbor'],
      ['Billing_City', 'Irvine'],
    ]);
    const again = mapValues(
      mappings,
      'sage',
      { CustomerName: 'Pier', City: 'Irvine' },
      noLookups,
      {},
    );
    const second = subsetOf(again.fields, again.shape!, 0b1001);
    expect(second).toEqual({ Account_Name: 'Pier', Billing_City: 'Irvine' });
    expect(first.Account_Name).toBe('Harbor');
    expect(subsetOf(out.fields, out.shape!, 0)).toEqual({});
  });

  it('gives no shape when a mapping wrote nothing (its fields are not all there)', () => {
    const out = mapValues(mappings, 'sage', { TermsCode: '99' }, noLookups, {});
    expect(out.shape).toBeUndefined();
  });
});
