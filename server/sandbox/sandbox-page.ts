import express, { Router, type Response } from 'express';
import { z } from 'zod';
import type { SimAdmin } from '../../sim/zoho/admin.js';
import { HttpProblem } from '../http/problem.js';
import { CRM_HOST_PATH, crmHostSource } from './crm-host-script.js';
import {
  detailBody,
  listBody,
  newAccountBody,
  sagePanel,
  settingsBody,
  titleOf,
  type Framing,
} from './crm-pages.js';
import { page, type Chrome } from './sandbox-html.js';
import { DEMO_DEAL, type SageSandbox } from './sage-sandbox.js';
import type { WidgetHosts } from './widget-hosts.js';

/**
 * The sandbox CRM (GET /sandbox): a small simulated Zoho CRM of its own. List and detail pages of
 * the demo org's Accounts, Contacts, Sales Orders and Deals (read from the Zoho simulator), the built
 * widget framed in each location from its own origin and driven by the sandbox's fake SDK, a
 * switch between the org's admin and a sales rep, and the Sage company's customers beside it.
 * It exists only in the local sandbox (development, no Zoho client configured, loopback).
 */

export interface SandboxCrm {
  orgId: string;
  orgName: string;
  zoho: SimAdmin;
  users: Record<'admin' | 'rep', { id: string; name: string; profile: string }>;
  sage: Pick<SageSandbox, 'customers' | 'online' | 'setOnline'>;
  sageCompany: string;
  widgets: WidgetHosts;
  /** The backend's own origin: the CRM pages' origin and the widgets' serviceOrigin. */
  crmOrigin: string;
}

const MODULES = ['Accounts', 'Contacts', 'Sales_Orders', 'Deals'] as const;
const moduleParam = z.enum(MODULES);
const recordId = z.string().regex(/^\d{1,30}$/);
const newAccount = z.object({
  Account_Name: z.string().trim().min(1).max(100),
  Phone: z.string().trim().max(30).optional(),
  Billing_Street: z.string().trim().max(100).optional(),
  Billing_City: z.string().trim().max(50).optional(),
  Billing_State: z.string().trim().max(20).optional(),
  Billing_Code: z.string().trim().max(10).optional(),
});

export function sandboxRouter(crm: SandboxCrm): Router {
  const router = Router();
  router.use('/sandbox', express.urlencoded({ extended: false, limit: '4kb' }));
  let role: 'admin' | 'rep' = 'rep';
  crm.zoho.signInAs(crm.users[role].id);

  const framing = (): Framing => ({
    origins: crm.widgets.origins,
    crmOrigin: crm.crmOrigin,
    built: crm.widgets.built,
    context: { org: { id: crm.orgId, name: crm.orgName }, user: crm.users[role] },
  });
  const chrome = (active: string, back: string): Chrome => ({
    user: { ...crm.users[role], role },
    active,
    back,
    sagePanel: sagePanel(
      crm.sageCompany,
      crm.sage.online(),
      crm.sage.customers().slice(0, 15),
      back,
    ),
  });
  /** Where a header form returns to: a sandbox page's path (the referrer is not sent). */
  const backTo = (value: unknown) =>
    typeof value === 'string' && /^\/sandbox(\/[\w/?=&.-]*)?$/.test(value) ? value : '/sandbox';
  const send = (res: Response, title: string, active: string, body: string) => {
    const frames = Object.values(crm.widgets.origins).join(' ');
    // `?coop=same-origin` serves the page as a COOP page would be: the widget's sign-in popup
    // then has no opener, and the one-time code is the way back (a browser test uses it).
    const strict = res.req.query.coop === 'same-origin';
    res
      .setHeader('Cross-Origin-Opener-Policy', strict ? 'same-origin' : 'unsafe-none')
      .setHeader(
        'Content-Security-Policy',
        `default-src 'self'; script-src 'self'; style-src 'unsafe-inline'; frame-src ${frames}; form-action 'self'; frame-ancestors 'none'`,
      )
      .type('html')
      .send(page(title, chrome(active, res.req.originalUrl), body));
  };

  router.get(CRM_HOST_PATH, (_req, res) => {
    res.type('application/javascript').send(crmHostSource());
  });

  router.get(['/', '/sandbox'], (_req, res) => {
    const intro =
      `<h1>Sage 100 Sync — sandbox CRM</h1>` +
      `<p>This is a simulated Zoho CRM (org “${crm.orgName}”) with the extension installed: the “Sync to Sage” button on ` +
      `record pages, the “Sage 100” related list, and the settings tab. Beside it is the simulated Sage 100 company.</p>` +
      `<ol><li>First connect the org once: switch to the admin (top right), open <a href="/sandbox/crm/settings">Sage 100 Sync settings</a>, ` +
      `sign in, choose “Connect as administrator” and accept on the consent page.</li>` +
      `<li>Then as a sales rep, open an <a href="/sandbox/crm/Accounts">account</a> (or create one), sign in in its Sage 100 panel, ` +
      `and click “Sync to Sage”: the customer appears in Sage on the right.</li>` +
      `<li>Open the <a href="/sandbox/crm/Deals">Deal</a> “${DEMO_DEAL.name}”: once Sales Orders and Invoices have synced ` +
      `(settings tab, Sync now), its Sage 100 panel shows the Sage order entered with its number ${DEMO_DEAL.number} and the order’s invoice.</li></ol>`;
    send(res, 'Sandbox CRM', '', intro);
  });

  router.get('/sandbox/crm/settings', (_req, res) => {
    send(res, 'Sage 100 Sync settings', 'settings', settingsBody(framing()));
  });

  router.get('/sandbox/crm/Accounts/new', (_req, res) => {
    send(res, 'New Account', 'Accounts', newAccountBody());
  });

  router.post('/sandbox/crm/Accounts/new', (req, res) => {
    const form = newAccount.safeParse(req.body);
    if (!form.success)
      throw new HttpProblem(400, 'Invalid account', 'Account_Name: required (1-100 characters)');
    const fields = Object.fromEntries(
      Object.entries(form.data).filter(([, v]) => v !== '' && v !== undefined),
    );
    const [id] = crm.zoho.seedRecords(crm.orgId, 'Accounts', [fields]);
    res.redirect(303, `/sandbox/crm/Accounts/${id}`);
  });

  router.get('/sandbox/crm/:module', (req, res) => {
    const module = moduleParam.safeParse(req.params.module);
    if (!module.success)
      throw new HttpProblem(404, 'Not found', 'No such module in the sandbox CRM.');
    send(
      res,
      module.data,
      module.data,
      listBody(module.data, crm.zoho.records(crm.orgId, module.data)),
    );
  });

  router.get('/sandbox/crm/:module/:id', (req, res) => {
    const module = moduleParam.safeParse(req.params.module);
    const id = recordId.safeParse(req.params.id);
    const record =
      module.success && id.success ? crm.zoho.record(crm.orgId, module.data, id.data) : undefined;
    if (!module.success || !record)
      throw new HttpProblem(404, 'Not found', 'No such record in the sandbox CRM.');
    send(
      res,
      titleOf(module.data, record),
      module.data,
      detailBody(module.data, record, framing()),
    );
  });

  router.post('/sandbox/role', (req, res) => {
    const next = z.enum(['admin', 'rep']).safeParse(req.body?.role);
    if (!next.success) throw new HttpProblem(400, 'Invalid role', 'role: admin or rep');
    role = next.data;
    // The simulator's consent page then offers this user first, as Zoho signs in the CRM user.
    crm.zoho.signInAs(crm.users[role].id);
    res.redirect(303, backTo(req.body?.back));
  });

  router.post('/sandbox/sage', async (req, res) => {
    const online = z.enum(['true', 'false']).safeParse(req.body?.online);
    if (!online.success) throw new HttpProblem(400, 'Invalid switch', 'online: true or false');
    await crm.sage.setOnline(online.data === 'true');
    res.redirect(303, backTo(req.body?.back));
  });

  return router;
}
