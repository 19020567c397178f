import type { Request } from 'express';

/**
 * OAuth scopes as the CRM API checks them: `ZohoCRM.<area>[.<sub>].<OP>`, where `ALL` at any level
 * covers everything below it and `WRITE` covers CREATE, UPDATE and DELETE.
 */

const OPS_BY_METHOD: Record<string, string> = {
  GET: 'READ',
  POST: 'CREATE',
  PUT: 'UPDATE',
  PATCH: 'UPDATE',
  DELETE: 'DELETE',
};

const STANDARD = new Set([
  'accounts',
  'contacts',
  'products',
  'vendors',
  'salesorders',
  'invoices',
]);

/** The scope a CRM request needs, e.g. `ZohoCRM.modules.accounts.READ`. */
export function requiredScope(req: Request): string {
  const op = OPS_BY_METHOD[req.method] ?? 'READ';
  const parts = req.path.replace(/^\/crm\/v8\//, '').split('/');
  const [first = '', second = ''] = parts;
  if (first === 'org') return 'ZohoCRM.org.READ';
  if (first === 'users') return `ZohoCRM.users.${op}`;
  if (first === 'coql') return 'ZohoCRM.coql.READ';
  if (first === 'settings') return `ZohoCRM.settings.${second}.${op}`;
  if (first === 'actions' && second === 'watch') return `ZohoCRM.notifications.${op}`;
  const module = first.toLowerCase().replace(/_/g, '');
  // Upsert is a POST that may update: Zoho asks for create rights.
  return `ZohoCRM.modules.${STANDARD.has(module) ? module : 'custom'}.${op}`;
}

export function scopeGranted(granted: string[], needed: string): boolean {
  const parts = needed.split('.');
  const op = parts.pop() ?? '';
  for (const g of granted.map((s) => s.trim())) {
    const gParts = g.split('.');
    const gOp = gParts.pop() ?? '';
    const prefix = gParts.join('.');
    if (!`${parts.join('.')}.`.startsWith(`${prefix}.`)) continue;
    if (gOp === 'ALL') return true;
    if (prefix !== parts.join('.')) continue;
    if (gOp === op || (gOp === 'WRITE' && ['CREATE', 'UPDATE', 'DELETE'].includes(op))) return true;
  }
  return false;
}
