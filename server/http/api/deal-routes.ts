import { Router } from 'express';
import { DEAL_OPPORTUNITY_FIELD, INVOICE_DEAL_FIELD } from '../../zoho/extension-fields.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import { dealStageOptions } from './deal-stage-options.js';
import type { ApiDeps } from './deps.js';
import type { PanelAgent } from './panel-agent.js';

/** How many orders and invoices a Deal's panel lists (newest first). */
const LISTED = 20;

/**
 * The status panel of a Deal (ADR 0066): its opportunity number, the Zoho sales orders that name
 * it with their Sage order numbers, and the invoices that bill them. Any signed-in user of the org.
 */
export function dealRoutes(deps: ApiDeps, panels: PanelAgent): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  router.get('/records/Deals/:zohoId/status', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    const dealId = String(req.params.zohoId);
    if (!/^\d{1,30}$/.test(dealId)) {
      throw new HttpProblem(400, 'Invalid request path', 'zohoId: a Zoho record id (digits)');
    }
    const zoho = deps.zohoRecords?.(tid);
    if (!zoho) {
      throw new HttpProblem(503, 'Zoho not configured', 'This backend has no Zoho client.', {
        code: 'zoho_not_configured',
      });
    }
    const deal = await zoho.getRecord('Deals', dealId, [
      'Deal_Name',
      'Stage',
      'Account_Name',
      DEAL_OPPORTUNITY_FIELD.apiName,
    ]);
    if (!deal) throw new HttpProblem(404, 'Not found', `No Deal ${dealId} in this org.`);
    const account = await accountOf(deps, tid, deal.Account_Name, (id) =>
      zoho.getRecord('Accounts', id, ['Account_Name']).then((a) => a?.Account_Name),
    );
    // Sage is asked only whether it answers (the panel says when what it shows may be behind).
    const [{ records: orderRows }, { records: invoiceRows }, sage] = await Promise.all([
      zoho.coql(
        `select id, Subject, Status, Sage_Key from Sales_Orders where Deal_Name = '${dealId}' order by id desc limit ${LISTED}`,
      ),
      zoho.coql(
        `select id, Subject, Invoice_Date, Grand_Total, Sage_Key from Invoices where ${INVOICE_DEAL_FIELD.apiName} = '${dealId}' order by id desc limit ${LISTED}`,
      ),
      panels
        .call(await repos.sageConnections.get(tid), (agent) => agent.health())
        .then((answer) => (answer.available ? { available: true as const } : answer)),
    ]);
    const orderLinks = await repos.links.findManyByZohoIds(
      tid,
      'Sales_Orders',
      orderRows.map((r) => String(r.id)),
    );
    const invoiceLinks = await repos.links.findManyByZohoIds(
      tid,
      'Invoices',
      invoiceRows.map((r) => String(r.id)),
    );
    const linkOf = (links: typeof orderLinks, id: unknown) =>
      links.find((l) => l.zohoId === String(id) && l.state === 'linked');
    const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
    res.json({
      module: 'Deals',
      zohoId: dealId,
      name: text(deal.Deal_Name),
      stage: text(deal.Stage),
      opportunityId: text(deal[DEAL_OPPORTUNITY_FIELD.apiName]),
      account,
      orders: orderRows.map((r) => {
        const link = linkOf(orderLinks, r.id);
        return {
          zohoId: String(r.id),
          subject: text(r.Subject),
          status: text(r.Status),
          salesOrderNo: link?.sageKey ?? null,
          lastSyncedAt: link?.lastSyncedAt ?? null,
        };
      }),
      invoices: invoiceRows.map((r) => {
        const link = linkOf(invoiceLinks, r.id);
        return {
          zohoId: String(r.id),
          invoiceNo: text(r.Subject),
          invoiceDate: text(r.Invoice_Date),
          sageKey: link?.sageKey ?? null,
          amount: typeof r.Grand_Total === 'number' ? r.Grand_Total : null,
        };
      }),
      sage,
    });
  });

  // The stages the Deal stage rule may name (the settings tab's picklist), from Zoho's Deals.
  router.get('/deals/stages', requireSession({ admin: true }), async (_req, res) => {
    res.json(await dealStageOptions(deps, sessionOf(res).tid));
  });

  return router;
}

/**
 * The Deal's Account as Zoho names it (the lookup read with the Deal through the server's client,
 * never what the widget says), and its Sage customer number when this tenant has it linked.
 */
async function accountOf(
  deps: ApiDeps,
  tid: string,
  lookup: unknown,
  /** The Account's name read from Zoho, for a lookup that came without one. */
  nameOf: (id: string) => Promise<unknown>,
): Promise<{ zohoId: string; name: string | null; customerNo: string | null } | null> {
  if (typeof lookup !== 'object' || lookup === null || !('id' in lookup)) return null;
  const { id, name } = lookup as { id: unknown; name?: unknown };
  if (typeof id !== 'string' || !/^\d{1,30}$/.test(id)) return null;
  const [link, named] = await Promise.all([
    deps.repos.links.findManyByZohoIds(tid, 'Accounts', [id]).then((l) => l[0]),
    typeof name === 'string' && name !== '' ? name : nameOf(id),
  ]);
  return {
    zohoId: id,
    name: typeof named === 'string' && named !== '' ? named : null,
    customerNo: link?.state === 'linked' ? (link.sageKey ?? null) : null,
  };
}
