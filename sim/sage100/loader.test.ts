import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSageData, loadSageDataFile, SageDataError } from './loader.js';
import { SageStore } from './store.js';

const clock = () => new Date('2026-11-21T18:00:00Z');

describe('loadSageData', () => {
  it('loads companies, users and rows; stamps rows without audit columns and keeps the others', () => {
    const store = loadSageData(new SageStore({ clock }), {
      companies: [
        {
          CompanyCode: 'tst',
          CompanyName: 'Test Co',
          timeZone: 'America/New_York',
          NextCustomerNo: 500,
          tables: {
            SY_ZipCode: [{ ZipCode: '60601', City: 'Chicago', StateCode: 'IL' }],
            AR_Customer: [
              { ARDivisionNo: '01', CustomerNo: 'NEW', CustomerName: 'Stamped Now' },
              {
                ARDivisionNo: '01',
                CustomerNo: 'OLD',
                CustomerName: 'Kept',
                DateUpdated: '20240102',
                TimeUpdated: '9.50000',
                UserUpdatedKey: '0000000003',
              },
            ],
          },
        },
      ],
      users: [{ UserLogon: 'api', Password: 'pw', Companies: ['TST'] }],
    });
    const tst = store.company('TST');
    expect(tst?.timeZone).toBe('America/New_York');
    expect(tst?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'NEW' })).toMatchObject({
      DateUpdated: '20261121',
      TimeUpdated: '13.00000',
    });
    expect(tst?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'OLD' })).toMatchObject({
      DateUpdated: '20240102',
      TimeUpdated: '9.50000',
      UserUpdatedKey: '0000000003',
    });
    expect(tst?.nextNumber('CustomerNo')).toBe('0000500');
    expect(store.user('API')).toMatchObject({ UserKey: '0000000001', Companies: ['TST'] });
  });

  it('rejects bad data with the path of the problem', () => {
    expect(() => loadSageData(new SageStore(), { companies: [] })).toThrow(SageDataError);
    expect(() =>
      loadSageData(new SageStore(), {
        companies: [{ CompanyCode: 'ABC', timeZone: 'Nowhere/City' }],
      }),
    ).toThrow(/companies\.0\.timeZone: expected an IANA time zone/);
    expect(() =>
      loadSageData(new SageStore(), {
        companies: [{ CompanyCode: 'ABC', tables: { CI_Item: [{ ItemCodeDesc: 'no key' }] } }],
      }),
    ).toThrow(/table CI_Item: CI_Item: key column ItemCode is empty/);
  });

  it('loads the sample company shipped for `npm run sim:sage -- --data`', () => {
    const store = loadSageDataFile(new SageStore({ clock }), 'sim/sage100/sample-company.json');
    expect(
      store.company('ABC')?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' }),
    ).toMatchObject({
      DateUpdated: '20261101',
      TimeUpdated: '9.25000',
    });
    expect(store.company('TST')?.settings.WebServicesEnabled).toBe('N');
    expect(store.users().map((u) => u.UserLogon)).toEqual(['webuser', 'readonly']);
  });

  it('reads a file and reports an unreadable one', () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sage-')), 'c.json');
    fs.writeFileSync(file, JSON.stringify({ companies: [{ CompanyCode: 'ABC' }] }));
    expect(
      loadSageDataFile(new SageStore(), file).company('ABC')?.settings.WebServicesEnabled,
    ).toBe('Y');
    fs.writeFileSync(file, '{not json');
    expect(() => loadSageDataFile(new SageStore(), file)).toThrow(/cannot read/);
  });
});
