import { describe, expect, it } from 'vitest';
import { creditStatusOf } from './credit-status.js';

describe('credit status', () => {
  it('sums open balances exactly and flags a customer over the limit', () => {
    const status = creditStatusOf(
      {
        ARDivisionNo: '01',
        CustomerNo: 'C',
        CreditHold: 'N',
        CreditLimit: '100.00',
        CurrentBalance: '90.10',
        OpenOrderAmt: '10.005',
      },
      [{ Balance: '0.10' }, { Balance: '0.20' }, { Balance: '0' }, { Balance: null }],
    );
    expect(status).toMatchObject({
      OpenInvoiceCount: 2,
      OpenInvoiceBalance: '0.30',
      OpenOrderAmt: '10.01',
      AvailableCredit: '-0.11',
      OverCreditLimit: true,
    });
  });

  it('reports no available credit when no limit is set', () => {
    const status = creditStatusOf(
      { ARDivisionNo: '01', CustomerNo: 'C', CreditLimit: '0', CurrentBalance: '-25.5' },
      [],
    );
    expect(status).toMatchObject({
      CreditHold: 'N',
      CurrentBalance: '-25.50',
      AvailableCredit: '0.00',
      OverCreditLimit: false,
    });
  });
});
