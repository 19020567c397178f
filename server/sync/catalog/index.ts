import { UnknownModuleError } from '../errors.js';
import { MODULES, type ModuleName } from '../vocabulary.js';
import { accounts } from './accounts.js';
import { contacts } from './contacts.js';
import { glAccounts } from './gl-accounts.js';
import { invoices } from './invoices.js';
import { products } from './products.js';
import { salesOrders } from './sales-orders.js';
import type { ModuleDefinition } from './types.js';
import { vendors } from './vendors.js';

export type { ModuleDefinition } from './types.js';
export { sageKeyFields, sageKeyOf } from './keys.js';

/** The seven module pairs, with everything the engine needs to know about each. */
export const CATALOG: Readonly<Record<ModuleName, ModuleDefinition>> = {
  Accounts: accounts,
  Contacts: contacts,
  Products: products,
  Vendors: vendors,
  Sales_Orders: salesOrders,
  Invoices: invoices,
  GL_Accounts: glAccounts,
};

export const isModuleName = (value: string): value is ModuleName =>
  (MODULES as readonly string[]).includes(value);

export function moduleDefinition(module: string): ModuleDefinition {
  if (!isModuleName(module)) throw new UnknownModuleError(module);
  return CATALOG[module];
}

/** Modules in dependency order: every module after all it needs (parents before children). */
export function dependencyOrder(modules: readonly ModuleName[] = MODULES): ModuleName[] {
  const ordered: ModuleName[] = [];
  const visit = (m: ModuleName) => {
    if (ordered.includes(m)) return;
    for (const need of CATALOG[m].needs) visit(need);
    ordered.push(m);
  };
  for (const m of modules) visit(m);
  return ordered.filter((m) => modules.includes(m));
}
