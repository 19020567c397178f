/** HTML pieces of the sandbox CRM. Everything interpolated goes through `esc`. */

export const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export const MODULE_LABELS: Record<string, string> = {
  Accounts: 'Accounts',
  Contacts: 'Contacts',
  Sales_Orders: 'Sales Orders',
  Deals: 'Deals',
};

export interface Chrome {
  /** The CRM user the page acts as: the role switch shows it. */
  user: { name: string; profile: string; role: 'admin' | 'rep' };
  active: string;
  /** The Sage company's customers, newest first, for the panel beside every page. */
  sagePanel: string;
  /** This page's path: the header's forms come back to it. */
  back: string;
}

const STYLE = `
*{box-sizing:border-box}body{margin:0;font:13px/1.45 Lato,'Segoe UI',system-ui,sans-serif;color:#313949;background:#f1f3f7}
a{color:#1b6ac9}header.top{display:flex;align-items:center;gap:20px;background:#1f2a44;color:#fff;padding:0 16px;height:44px}
header.top .brand{font-weight:700;font-size:15px;margin-right:8px}header.top nav a{color:#d6dcea;text-decoration:none;padding:12px 10px;display:inline-block}
header.top nav a[aria-current=page]{color:#fff;border-bottom:3px solid #4c9aff}header.top .who{margin-left:auto;display:flex;gap:8px;align-items:center}
header.top .who button{font:inherit;background:#33415f;color:#fff;border:1px solid #4a5a7d;border-radius:4px;padding:4px 10px;cursor:pointer}
.layout{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;padding:16px;max-width:1400px}
main,aside>section{background:#fff;border:1px solid #dfe3eb;border-radius:6px;padding:14px 18px}
h1{font-size:18px;margin:0 0 12px}h2{font-size:14px;margin:16px 0 8px}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e6e9f0;vertical-align:top}
th{color:#5f6878;font-weight:600;background:#f7f8fb}.bar{display:flex;align-items:center;gap:8px;margin-bottom:12px}.bar h1{margin:0}
.bar .spacer{flex:1}.btn{font:inherit;font-weight:600;padding:6px 14px;border-radius:4px;border:1px solid #c5ccd8;background:#fff;color:#313949;cursor:pointer;text-decoration:none;display:inline-block}
.btn.primary{background:#1b6ac9;border-color:#1b6ac9;color:#fff}dl.fields{display:grid;grid-template-columns:180px 1fr;gap:6px 16px;margin:0}
dl.fields dt{color:#5f6878}dl.fields dd{margin:0}.related{margin-top:18px;border-top:1px solid #e6e9f0;padding-top:6px}
iframe.widget-frame{width:100%;border:0;height:160px;display:block}.muted{color:#5f6878}.note{background:#fff6e0;border-left:4px solid #d99a00;padding:8px 12px;margin:8px 0}
dialog.widget-popup{padding:0;border:0;border-radius:6px;box-shadow:0 12px 40px rgba(0,0,0,.35)}dialog.widget-popup::backdrop{background:rgba(20,28,46,.45)}
dialog.widget-popup iframe{display:block;border:0;width:600px;height:320px}aside h2{margin-top:0}aside td{font-size:12px}aside td:first-child{white-space:nowrap}
form.inline{display:inline}label{display:block;margin:8px 0 2px;color:#5f6878}input{font:inherit;padding:6px 8px;border:1px solid #c5ccd8;border-radius:4px;width:100%;max-width:360px}
.sage-state{font-size:12px}.sage-state.off{color:#b3261e}
:focus-visible{outline:2px solid #1b6ac9;outline-offset:2px}`;

export function page(title: string, chrome: Chrome, body: string): string {
  const tab = (href: string, label: string, id: string) =>
    `<a href="${href}"${chrome.active === id ? ' aria-current="page"' : ''}>${esc(label)}</a>`;
  const other = chrome.user.role === 'admin' ? 'rep' : 'admin';
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title === 'Sandbox CRM' ? title : `${title} — Sandbox CRM`)}</title>` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style>` +
    `<script src="/sandbox/assets/crm-host.js" defer></script></head><body>` +
    `<header class="top"><span class="brand">Sandbox CRM</span><nav aria-label="Modules">` +
    tab('/sandbox/crm/Accounts', 'Accounts', 'Accounts') +
    tab('/sandbox/crm/Contacts', 'Contacts', 'Contacts') +
    tab('/sandbox/crm/Sales_Orders', 'Sales Orders', 'Sales_Orders') +
    tab('/sandbox/crm/Deals', 'Deals', 'Deals') +
    tab('/sandbox/crm/settings', 'Sage 100 Sync settings', 'settings') +
    `</nav><div class="who"><span>Signed in to CRM as <strong>${esc(chrome.user.name)}</strong> (${esc(chrome.user.profile)})</span>` +
    `<form class="inline" method="post" action="/sandbox/role"><input type="hidden" name="role" value="${other}"><input type="hidden" name="back" value="${esc(chrome.back)}">` +
    `<button type="submit">Switch to ${other === 'admin' ? 'the admin' : 'a sales rep'}</button></form></div></header>` +
    `<div class="layout"><main>${body}</main><aside aria-label="Sage 100">${chrome.sagePanel}</aside></div></body></html>`
  );
}

export const table = (rows: string[][], head: string[]): string =>
  `<table><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join('')}</tr></thead><tbody>` +
  rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('') +
  `</tbody></table>`;
