import type { LocationId } from './widget-hosts.js';
import { esc, MODULE_LABELS, table } from './sandbox-html.js';

/**
 * The sandbox CRM's pages: list and detail views of the demo org's records (read from the Zoho
 * simulator), the built widget framed in its three locations, and the Sage company's customers.
 */

type Row = Record<string, unknown>;

/** Columns each module's list and detail page show. */
const FIELDS: Record<string, Array<[field: string, label: string]>> = {
  Accounts: [
    ['Account_Name', 'Account Name'],
    ['Phone', 'Phone'],
    ['Billing_Street', 'Billing Street'],
    ['Billing_City', 'Billing City'],
    ['Billing_State', 'Billing State'],
    ['Billing_Code', 'Billing Code'],
    ['Website', 'Website'],
  ],
  Contacts: [
    ['First_Name', 'First Name'],
    ['Last_Name', 'Last Name'],
    ['Account_Name', 'Account Name'],
    ['Email', 'Email'],
    ['Phone', 'Phone'],
  ],
  Sales_Orders: [
    ['Subject', 'Subject'],
    ['Account_Name', 'Account Name'],
    ['Deal_Name', 'Deal Name'],
    ['Status', 'Status'],
    ['Grand_Total', 'Grand Total'],
  ],
  Deals: [
    ['Deal_Name', 'Deal Name'],
    ['Account_Name', 'Account Name'],
    ['Stage', 'Stage'],
    ['Amount', 'Amount'],
    ['Closing_Date', 'Closing Date'],
    ['Sage_Opportunity_ID', 'Sage Opportunity ID'],
  ],
};

/** Deals are not sent to Sage: their page has the status panel but no "Sync to Sage" button. */
const SYNCED = new Set(['Accounts', 'Contacts', 'Sales_Orders']);

const show = (value: unknown): string => {
  if (value && typeof value === 'object' && 'name' in value)
    return esc((value as { name: unknown }).name);
  return esc(value);
};

export const titleOf = (module: string, r: Row): string =>
  module === 'Contacts'
    ? `${String(r.First_Name ?? '')} ${String(r.Last_Name ?? '')}`.trim()
    : String(r[FIELDS[module]![0]![0]] ?? r.id);

export function listBody(module: string, records: Row[]): string {
  const fields = FIELDS[module]!;
  const rows = records.map((r) =>
    fields.map(([f], i) =>
      i === 0
        ? `<a href="/sandbox/crm/${module}/${esc(r.id)}">${esc(titleOf(module, r))}</a>`
        : show(r[f]),
    ),
  );
  const create =
    module === 'Accounts'
      ? `<a class="btn primary" href="/sandbox/crm/Accounts/new">New Account</a>`
      : '';
  return (
    `<div class="bar"><h1>${esc(MODULE_LABELS[module])}</h1><span class="spacer"></span>${create}</div>` +
    (rows.length
      ? table(
          rows,
          fields.map(([, l]) => l),
        )
      : `<p class="muted">No records yet.</p>`)
  );
}

export interface Framing {
  origins: Record<LocationId, string>;
  crmOrigin: string;
  context: unknown;
  built: boolean;
}

const src = (f: Framing, id: LocationId) =>
  `${f.origins[id]}/${id}.html?serviceOrigin=${encodeURIComponent(f.crmOrigin)}`;
const attr = (v: unknown) => esc(JSON.stringify(v));
const notBuilt = `<p class="note">The widget is not built yet: run <code>npm run widget:build</code> and reload.</p>`;

export function detailBody(module: string, record: Row, f: Framing): string {
  const id = String(record.id);
  const fields = FIELDS[module]!.map(
    ([k, l]) => `<dt>${esc(l)}</dt><dd>${show(record[k]) || '—'}</dd>`,
  );
  const button =
    f.built && SYNCED.has(module)
      ? `<button type="button" class="btn primary" data-popup-src="${esc(src(f, 'sync'))}" data-origin="${esc(f.origins.sync)}" ` +
        `data-payload="${attr({ Entity: module, EntityId: [id], ButtonPosition: 'DetailView' })}" data-context="${attr(f.context)}" ` +
        `data-popup-title="Sync to Sage">Sync to Sage</button>`
      : '';
  const panel = f.built
    ? `<iframe class="widget-frame" data-widget="status" title="Sage 100 status" src="${esc(src(f, 'status'))}" data-origin="${esc(f.origins.status)}" ` +
      `data-payload="${attr({ Entity: module, EntityId: id })}" data-context="${attr(f.context)}"></iframe>`
    : notBuilt;
  return (
    `<p><a href="/sandbox/crm/${module}">← ${esc(MODULE_LABELS[module])}</a></p>` +
    `<div class="bar"><h1>${esc(titleOf(module, record))}</h1><span class="spacer"></span>${button}</div>` +
    `<dl class="fields">${fields.join('')}</dl>` +
    `<section class="related" aria-labelledby="related-sage"><h2 id="related-sage">Sage 100</h2>${panel}</section>`
  );
}

export function settingsBody(f: Framing): string {
  const frame = f.built
    ? `<iframe class="widget-frame" style="height:640px" data-widget="settings" title="Sage 100 Sync settings" src="${esc(src(f, 'settings'))}" ` +
      `data-origin="${esc(f.origins.settings)}" data-payload="${attr({})}" data-context="${attr(f.context)}"></iframe>`
    : notBuilt;
  // No heading of the page's own: as in Zoho, the web tab's name is the current tab in the bar
  // above, and the widget's own h1 is the page's title (two "Sage 100 Sync" headings otherwise).
  return frame;
}

export const newAccountBody = (): string =>
  `<h1>New Account</h1><form method="post" action="/sandbox/crm/Accounts/new">` +
  `<label for="f-name">Account Name</label><input id="f-name" name="Account_Name" required maxlength="100">` +
  `<label for="f-phone">Phone</label><input id="f-phone" name="Phone" maxlength="30">` +
  `<label for="f-street">Billing Street</label><input id="f-street" name="Billing_Street" maxlength="100">` +
  `<label for="f-city">Billing City</label><input id="f-city" name="Billing_City" maxlength="50">` +
  `<label for="f-state">Billing State</label><input id="f-state" name="Billing_State" maxlength="20">` +
  `<label for="f-code">Billing Code</label><input id="f-code" name="Billing_Code" maxlength="10">` +
  `<p><button class="btn primary" type="submit">Save</button> <a class="btn" href="/sandbox/crm/Accounts">Cancel</a></p></form>`;

export function sagePanel(
  company: string,
  online: boolean,
  customers: Row[],
  back: string,
): string {
  const rows = customers.map((c) => [
    `<span class="key">${esc(c.ARDivisionNo)}-${esc(c.CustomerNo)}</span>`,
    esc(c.CustomerName),
    esc(c.City),
  ]);
  return (
    `<section aria-labelledby="sage-h"><h2 id="sage-h">Sage 100 company ${esc(company)}: customers</h2>` +
    `<p class="sage-state${online ? '' : ' off'}">${online ? 'Sage 100 is online.' : 'Sage 100 is offline (simulated outage).'} ` +
    `<form class="inline" method="post" action="/sandbox/sage"><input type="hidden" name="online" value="${online ? 'false' : 'true'}"><input type="hidden" name="back" value="${esc(back)}">` +
    `<button class="btn" type="submit">${online ? 'Take Sage offline' : 'Bring Sage back online'}</button></form></p>` +
    `<p class="muted">Newest first. A customer “Sync to Sage” creates appears at the top.</p>` +
    table(rows, ['Customer', 'Name', 'City']) +
    `</section>`
  );
}
