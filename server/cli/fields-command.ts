import type { TenantCrmClient } from '../zoho/client.js';
import {
  DEALS_MODULE,
  EXTENSION_FIELDS,
  ensureExtensionFields,
  type ModuleFieldsReport,
} from '../zoho/extension-fields.js';
import type { CliIo } from './args.js';

const KEY_FIELD = EXTENSION_FIELDS.find((f) => f.unique)!.apiName;

/**
 * Adds the extension fields (the unique Sage_Key upserts match on, and the status fields) to
 * every module the product writes, and prints what it did. False when a module is left without
 * a usable key field: syncs of that module then refuse to write (KeyFieldMissingError).
 */
export async function ensureFieldsForTenant(
  tenantId: string,
  crm: TenantCrmClient,
  io: CliIo,
): Promise<boolean> {
  const report = await ensureExtensionFields(crm);
  const modules: ModuleFieldsReport[] = [...report.modules];
  if (report.glAccounts.present) modules.push(report.glAccounts.fields);
  let keyed = true;
  io.out(`Zoho extension fields for tenant ${tenantId}:`);
  for (const m of modules) {
    const created = m.created.length > 0 ? `created ${m.created.join(', ')}` : 'nothing to create';
    io.out(`  ${m.module}: ${created}; ${m.existing.length} already there`);
    for (const p of m.problems)
      io.out(`  warning: ${m.module}.${p.field}: ${p.message} (${p.code})`);
    // Deals are read and linked, never written by key (ADR 0066): they carry no Sage_Key.
    if (m.module === DEALS_MODULE) continue;
    const hasKey = m.created.includes(KEY_FIELD) || m.existing.includes(KEY_FIELD);
    if (!hasKey || m.problems.some((p) => p.field === KEY_FIELD)) keyed = false;
  }
  if (!report.glAccounts.present) {
    io.out(`  warning: GL_Accounts: ${report.glAccounts.instructions}`);
  }
  if (!keyed) {
    io.err(
      `some modules have no usable ${KEY_FIELD} field (see the warnings above): their syncs write nothing until it exists`,
    );
  }
  return keyed;
}
