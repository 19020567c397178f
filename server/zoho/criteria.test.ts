import { describe, expect, it } from 'vitest';
import { buildCriteria, escapeCriteriaValue } from './criteria.js';
import { resolveAccountsServer } from './data-centres.js';
import { ZohoRequestError } from './errors.js';
import { concurrencyForEdition, coqlCredits } from './limits.js';

describe('search criteria', () => {
  it('escapes parentheses, commas and backslashes in values', () => {
    expect(escapeCriteriaValue('Smith, J (UK) \\ Co')).toBe('Smith\\, J \\(UK\\) \\\\ Co');
    expect(buildCriteria({ field: 'Account_Name', op: 'equals', value: 'A (B)' })).toBe(
      '(Account_Name:equals:A \\(B\\))',
    );
  });

  it('nests and/or groups and joins "in" values', () => {
    expect(
      buildCriteria({
        and: [
          { field: 'Billing_City', op: 'equals', value: 'Leeds' },
          {
            or: [
              { field: 'Sage_Key', op: 'in', value: ['01-A', '01,B'] },
              { field: 'Phone', op: 'starts_with', value: 555 },
            ],
          },
        ],
      }),
    ).toBe('((Billing_City:equals:Leeds)and((Sage_Key:in:01-A,01\\,B)or(Phone:starts_with:555)))');
  });

  it('refuses field names that are not API names and more than 10 conditions', () => {
    expect(() => buildCriteria({ field: 'Name)or(Id', op: 'equals', value: 'x' })).toThrow(
      ZohoRequestError,
    );
    const many = Array.from({ length: 11 }, (_, i) => ({
      field: 'F',
      op: 'equals' as const,
      value: i,
    }));
    expect(() => buildCriteria({ and: many })).toThrow(/at most 10/);
    expect(() => buildCriteria({ and: [] })).toThrow(ZohoRequestError);
  });
});

describe('accounts servers', () => {
  it('knows the Zoho data centres and nothing else unless configured', () => {
    expect(resolveAccountsServer('https://accounts.zoho.eu/', 'eu', [])).toEqual({
      accountsServer: 'https://accounts.zoho.eu',
      dataCentre: 'eu',
    });
    expect(resolveAccountsServer('https://accounts.zoho.com.au', undefined, [])?.dataCentre).toBe(
      'au',
    );
    expect(resolveAccountsServer('https://accounts.zoho.eu.evil.example', 'eu', [])).toBe(
      undefined,
    );
    expect(resolveAccountsServer('http://127.0.0.1:8200', 'in', ['http://127.0.0.1:8200'])).toEqual(
      { accountsServer: 'http://127.0.0.1:8200', dataCentre: 'in' },
    );
  });
});

describe('limits', () => {
  it('takes about half of the edition concurrency, and the least for unknown editions', () => {
    expect(concurrencyForEdition('Enterprise')).toBe(10);
    expect(concurrencyForEdition('professional')).toBe(8);
    expect(concurrencyForEdition(undefined)).toBe(3);
    expect([coqlCredits(200), coqlCredits(201), coqlCredits(2000)]).toEqual([1, 2, 3]);
  });
});
