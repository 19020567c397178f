import type { SageRow } from './sage-row.js';

export interface CreditStatus {
  ARDivisionNo: string;
  CustomerNo: string;
  CreditHold: string;
  CreditLimit: string;
  CurrentBalance: string;
  AgingCategory1: string;
  AgingCategory2: string;
  AgingCategory3: string;
  AgingCategory4: string;
  OpenOrderAmt: string;
  OpenInvoiceCount: number;
  OpenInvoiceBalance: string;
  /** CreditLimit minus CurrentBalance and OpenOrderAmt; "0.00" when no limit is set. */
  AvailableCredit: string;
  OverCreditLimit: boolean;
}

/** Money as whole cents, so sums are exact. Sage money columns have two decimals. */
function cents(value: string | null | undefined): bigint {
  const m = /^\s*(-?)(\d*)(?:\.(\d*))?\s*$/.exec(value ?? '');
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return 0n;
  const fraction = (m[3] ?? '').padEnd(3, '0');
  let whole = BigInt(m[2] || '0') * 100n + BigInt(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) whole += 1n;
  return m[1] === '-' ? -whole : whole;
}

function money(value: bigint): string {
  const sign = value < 0n ? '-' : '';
  const abs = value < 0n ? -value : value;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

/**
 * A customer's credit position from its AR_Customer row and its AR_OpenInvoice rows (two
 * single-table reads; the ProvideX driver does no JOINs). An open invoice is one with a balance.
 */
export function creditStatusOf(customer: SageRow, openInvoices: SageRow[]): CreditStatus {
  const open = openInvoices.filter((invoice) => cents(invoice.Balance) !== 0n);
  const limit = cents(customer.CreditLimit);
  const exposure = cents(customer.CurrentBalance) + cents(customer.OpenOrderAmt);
  return {
    ARDivisionNo: customer.ARDivisionNo ?? '',
    CustomerNo: customer.CustomerNo ?? '',
    CreditHold: customer.CreditHold ?? 'N',
    CreditLimit: money(limit),
    CurrentBalance: money(cents(customer.CurrentBalance)),
    AgingCategory1: money(cents(customer.AgingCategory1)),
    AgingCategory2: money(cents(customer.AgingCategory2)),
    AgingCategory3: money(cents(customer.AgingCategory3)),
    AgingCategory4: money(cents(customer.AgingCategory4)),
    OpenOrderAmt: money(cents(customer.OpenOrderAmt)),
    OpenInvoiceCount: open.length,
    OpenInvoiceBalance: money(open.reduce((sum, invoice) => sum + cents(invoice.Balance), 0n)),
    AvailableCredit: limit > 0n ? money(limit - exposure) : '0.00',
    OverCreditLimit: limit > 0n && exposure > limit,
  };
}
