import type { SageConnection } from '../../db/repositories/sage-connections.js';
import { CATALOG, sageKeyFields } from '../../sync/catalog/index.js';
import type { PanelAgent } from './panel-agent.js';

/** The status panel's Sage figures for an account; `available: false` says why there are none. */
export type SageAccountStatus =
  | {
      available: true;
      credit: {
        creditHold: boolean;
        creditLimit: number;
        currentBalance: number;
        availableCredit: number;
        overCreditLimit: boolean;
        openOrderAmount: number;
        openInvoiceCount: number;
        openInvoiceBalance: number;
      };
      openInvoices: Array<{
        invoiceNo: string;
        invoiceDate: string | null;
        dueDate: string | null;
        balance: number;
      }>;
    }
  | { available: false; reason: string };

const num = (v: unknown): number => {
  const n = Number(String(v ?? '').replace(/[,\s$]/g, ''));
  return Number.isFinite(n) ? n : 0;
};
const ymd = (v: unknown): string | null => {
  const s = String(v ?? '').replace(/-/g, '');
  return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}` : null;
};

/**
 * Reads the customer's credit position and open invoices through the on-premises agent (eBWS has
 * neither), within the panels' wait (PanelAgent). Every failure to reach Sage is an answer, not an
 * error: the panel still shows the link.
 */
export async function sageAccountStatus(
  connection: SageConnection | undefined,
  sageKey: string,
  panels: PanelAgent,
): Promise<SageAccountStatus> {
  const key = sageKeyFields(CATALOG.Accounts.sageKey, sageKey);
  const division = key.ARDivisionNo ?? '';
  const customer = key.CustomerNo ?? '';
  const answer = await panels.call(connection, (agent) =>
    Promise.all([
      agent.getCreditStatus(division, customer),
      agent.getChildren('OpenInvoices', [division, customer]),
    ]),
  );
  if (!answer.available) return answer;
  const [credit, invoices] = answer.value;
  return {
    available: true,
    credit: {
      creditHold: credit.creditHold,
      creditLimit: num(credit.creditLimit),
      currentBalance: num(credit.currentBalance),
      availableCredit: num(credit.availableCredit),
      overCreditLimit: credit.overCreditLimit,
      openOrderAmount: num(credit.openOrderAmt),
      openInvoiceCount: credit.openInvoiceCount,
      openInvoiceBalance: num(credit.openInvoiceBalance),
    },
    openInvoices: invoices.map((i) => ({
      invoiceNo: String(i.InvoiceNo ?? ''),
      invoiceDate: ymd(i.InvoiceDate),
      dueDate: ymd(i.InvoiceDueDate),
      balance: num(i.Balance),
    })),
  };
}
