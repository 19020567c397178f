import { AgentClient } from '../../sage/agent-client.js';
import type { AgentClients } from '../../sage/agent-clients.js';
import { AgentError } from '../../sage/agent-errors.js';
import type { SageConnection } from '../../db/repositories/sage-connections.js';
import type { Logger } from '../../logging.js';
import { CATALOG, sageKeyFields } from '../../sync/catalog/index.js';

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
 * neither). Every failure to reach Sage is an answer, not an error: the panel still shows the link.
 */
export async function sageAccountStatus(
  connection: SageConnection | undefined,
  sageKey: string,
  options: {
    timeoutMs: number;
    ca?: string;
    logger: Logger;
    /** The process's agent clients (server/root.ts); without them a client is built per call. */
    agents?: AgentClients;
  },
): Promise<SageAccountStatus> {
  if (!connection?.agentUrl || !connection.agentToken) {
    return { available: false, reason: 'No Sage agent is configured for this organisation.' };
  }
  const key = sageKeyFields(CATALOG.Accounts.sageKey, sageKey);
  const division = key.ARDivisionNo ?? '';
  const customer = key.CustomerNo ?? '';
  let agent: AgentClient | undefined;
  try {
    const endpoint = { url: connection.agentUrl, token: connection.agentToken };
    agent = options.agents
      ? await options.agents.forTenant(connection.tenantId, endpoint)
      : await AgentClient.create(
          { ...endpoint, timeoutMs: options.timeoutMs, ca: options.ca },
          options.logger,
        );
    const [credit, invoices] = await Promise.all([
      agent.getCreditStatus(division, customer),
      agent.getChildren('OpenInvoices', [division, customer]),
    ]);
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
  } catch (err) {
    if (err instanceof AgentError) return { available: false, reason: err.message };
    throw err;
  } finally {
    // A cached client stays open for the next status panel.
    if (!options.agents) agent?.close();
  }
}
