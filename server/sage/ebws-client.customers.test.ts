import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from '../../test/sage/harness.js';
import { SageError } from './errors.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ clock: () => new Date('2026-11-21T20:30:30Z') });
});
afterAll(() => h.close());

const caught = async (p: Promise<unknown>): Promise<SageError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof SageError) return err;
    throw err;
  }
  throw new Error('expected a SageError');
};

describe('SageEbwsClient customers against the simulator', () => {
  it('reads a customer with Sage member names, numbers, calendar dates, UTC audit instants and UDFs', async () => {
    const { value, attempts } = await h
      .client()
      .getCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' });
    expect(value).toMatchObject({
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      CustomerName: 'American Business Futures',
      CreditLimit: 5000,
      CurrentBalance: 1234.5,
      CreditHold: 'N',
      DateEstablished: '2019-03-15',
      DateLastPayment: null,
      OtherFields: [{ MasFieldName: 'UDF_REGION', Value: 'MIDWEST' }],
    });
    // Loaded rows were stamped 14:30:30 Chicago time = 20:30:30Z.
    expect((value.DateTimeUpdated as Date).toISOString()).toBe('2026-11-21T20:30:30.000Z');
    expect(attempts).toEqual([
      expect.objectContaining({ operation: 'GetCustomer', attempt: 1, outcome: 'succeeded' }),
    ]);
  });

  it('reports a missing customer as not_found (CI_NoKey) without retrying', async () => {
    const err = await caught(h.client().getCustomer({ ARDivisionNo: '01', CustomerNo: 'NOPE' }));
    expect(err.kind).toBe('not_found');
    expect(err.code).toBe('CI_NoKey');
    expect(err.message).toBe('Customer does not exist');
    expect(err.attempts).toHaveLength(1);
  });

  it('creates a customer with one GetNextCustomerNo and returns the key', async () => {
    const before = h.sim.calls.filter((c) => c === 'GetNextCustomerNo').length;
    const reserved: unknown[] = [];
    const { value, attempts } = await h.client().createCustomer(
      {
        ARDivisionNo: '01',
        CustomerName: 'Zephyr Supply',
        ZipCode: '92618',
        DateEstablished: '2026-11-20',
      },
      { onKeyReserved: (key) => void reserved.push(key) },
    );
    expect(value).toEqual({ ARDivisionNo: '01', CustomerNo: '0001000' });
    expect(reserved).toEqual([value]);
    expect(h.sim.calls.filter((c) => c === 'GetNextCustomerNo').length - before).toBe(1);
    expect(attempts.map((a) => a.operation)).toEqual(['GetNextCustomerNo', 'CreateCustomer']);
    const row = h.store.company('ABC')?.get('AR_Customer', value);
    expect(row).toMatchObject({
      CustomerName: 'Zephyr Supply',
      DateEstablished: '20261120',
      CustomerStatus: 'A',
      UserCreatedKey: '0000000007',
      DateUpdated: '20261121',
      TimeUpdated: '14.50833',
    });
  });

  it('GetNextCustomerNo hands out a new number on every call', async () => {
    const c = h.client();
    const a = (await c.getNextCustomerNo()).value;
    const b = (await c.getNextCustomerNo()).value;
    expect(Number(b)).toBe(Number(a) + 1);
    const so = (await c.getNextSalesOrderNo()).value;
    expect(so).toMatch(/^\d{7}$/);
  });

  it('faults a duplicate create as already_exists (WS_AlreadyExists)', async () => {
    const err = await caught(
      h.client().createCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF', CustomerName: 'Dup' }),
    );
    expect(err.kind).toBe('already_exists');
    expect(err.code).toBe('WS_AlreadyExists');
    expect(err.reservedKey).toEqual({ ARDivisionNo: '01', CustomerNo: 'ABF' });
  });

  it('updates by get-merge-update, keeping members it did not change', async () => {
    const { value } = await h
      .client()
      .updateCustomer(
        { ARDivisionNo: '01', CustomerNo: 'ABF' },
        { CreditLimit: 7500, TelephoneNo: '(312) 555-0100' },
      );
    expect(value.CreditLimit).toBe(7500);
    const row = h.store
      .company('ABC')
      ?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' });
    expect(row).toMatchObject({
      CreditLimit: 7500,
      TelephoneNo: '(312) 555-0100',
      CustomerName: 'American Business Futures',
      ZipCode: '60601',
      DateEstablished: '20190315',
      UDF_REGION: 'MIDWEST',
      UserUpdatedKey: '0000000007',
    });
  });

  it('catches an over-length name with its reason (CI_CharLength, 2018 profile)', async () => {
    const err = await caught(
      h
        .client()
        .updateCustomer(
          { ARDivisionNo: '01', CustomerNo: 'ABF' },
          { CustomerName: 'X'.repeat(31) },
        ),
    );
    expect(err.kind).toBe('validation');
    expect(err.code).toBe('CI_CharLength');
    expect(err.message).toBe('The Customer Name is greater than 30 character(s).');
    expect(err.attempts.map((a) => `${a.operation}:${a.outcome}`)).toEqual([
      'GetCustomer:succeeded',
      'UpdateCustomer:failed',
    ]);
  });

  it('is refused a credit limit beyond decimal(13,2) and leaves the record unchanged', async () => {
    const err = await caught(
      h.client().updateCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' }, { CreditLimit: 1e15 }),
    );
    expect(err.kind).toBe('validation');
    expect(err.code).toBe('CI_Invalid');
    expect(err.message).toBe(
      'Could not set AR_Customer_bus column CreditLimit: The Credit Limit 1000000000000000 is out of range: Sage holds at most 99999999999.99 (decimal(13,2)).',
    );
    const row = h.store
      .company('ABC')
      ?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' });
    expect(row?.CreditLimit).toBe(7500);
    // The largest value the column holds is taken.
    await h
      .client()
      .updateCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' }, { CreditLimit: -99999999999.99 });
    expect(
      h.store.company('ABC')?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })
        ?.CreditLimit,
    ).toBe(-99999999999.99);
  });

  it('catches an unknown zip code (CI_NOF) and leaves the record unchanged', async () => {
    const err = await caught(
      h
        .client()
        .updateCustomer(
          { ARDivisionNo: '01', CustomerNo: 'ABF' },
          { ZipCode: '99999', City: 'Nowhere' },
        ),
    );
    expect(err.kind).toBe('validation');
    expect(err.code).toBe('CI_NOF');
    expect(err.message).toBe(
      'Could not set AR_Customer_bus column ZipCode$: The Zip Code 99999 is not on file.',
    );
    expect(
      h.store.company('ABC')?.get('AR_Customer', { ARDivisionNo: '01', CustomerNo: 'ABF' })?.City,
    ).toBe('Chicago');
  });

  it('rejects an invalid flag value and an unknown member name', async () => {
    const err = await caught(
      h.client().updateCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' }, { CreditHold: 'X' }),
    );
    expect(err.message).toBe('The Credit Hold failed validation on Y,N');
    const bad = await caught(
      h.client().updateCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' }, { Nickname: 'x' }),
    );
    expect(bad.kind).toBe('bad_request');
    expect(bad.message).toBe('Nickname is not a member of this eBWS record');
  });

  it('blanks a date with null (NullDateTime) and deletes a customer', async () => {
    const c = h.client();
    const { value: key } = await c.createCustomer({
      ARDivisionNo: '01',
      CustomerNo: 'TMP',
      CustomerName: 'Temp',
      DateEstablished: '2020-01-01',
    });
    await c.updateCustomer(key, { DateEstablished: null });
    expect((await c.getCustomer(key)).value.DateEstablished).toBeNull();
    await c.deleteCustomer(key);
    expect((await caught(c.getCustomer(key))).kind).toBe('not_found');
  });
});
