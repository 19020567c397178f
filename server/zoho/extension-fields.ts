import type { TenantCrmClient } from './client.js';
import { GL_MODULE_FIELDS, missingGlModuleFields } from './gl-module-fields.js';
import type { NewField } from './metadata-api.js';
import { isUniqueField, type FieldMeta } from './schemas.js';
import { CATALOG, isModuleName } from '../sync/catalog/index.js';
import { OPT_IN_FIELD } from '../sync/catalog/types.js';

/**
 * The fields the extension adds to each module it writes: at most five, Zoho's limit for an
 * extension per module (ADR 0062). Every written module gets the unique Sage key that upserts
 * match on, the sync status, the last sync time and the "inactive in Sage" flag the "mark
 * inactive" delete policy sets; the fifth is the module's own: the "Sync to Sage" opt-in checkbox
 * on the modules that flow to Sage. Zoho's API can add fields but this product does not create the
 * GL accounts module; the admin creates it, and the report says exactly how.
 */

export interface ExtensionField extends NewField {
  /** The API name Zoho derives from the label. */
  apiName: string;
}

export const SYNC_STATUSES = ['Synced', 'Pending', 'Error', 'Skipped'] as const;
export const SYNC_STATUS_FIELD = 'Sage_Sync_Status';
export const LAST_SYNCED_FIELD = 'Sage_Last_Synced';

/** The four fields every written module carries. */
export const EXTENSION_FIELDS: readonly ExtensionField[] = [
  {
    field_label: 'Sage Key',
    apiName: 'Sage_Key',
    data_type: 'text',
    length: 64,
    unique: true,
    tooltip: 'Set by Sage 100 Sync: the record key in Sage 100',
  },
  {
    field_label: 'Sage Sync Status',
    apiName: SYNC_STATUS_FIELD,
    data_type: 'picklist',
    pick_list_values: [...SYNC_STATUSES],
  },
  { field_label: 'Sage Last Synced', apiName: LAST_SYNCED_FIELD, data_type: 'datetime' },
  {
    field_label: 'Sage Inactive',
    apiName: 'Sage_Inactive',
    data_type: 'boolean',
    tooltip: 'Set by Sage 100 Sync when the linked Sage record was deleted or made inactive',
  },
];

/** The opt-in checkbox (catalog `optIn`, ADR 0062). Its API name is what Zoho derives from it. */
export const OPT_IN_EXTENSION_FIELD: ExtensionField = {
  field_label: 'Sync to Sage',
  apiName: OPT_IN_FIELD,
  data_type: 'boolean',
  tooltip:
    'Tick to send this record to Sage 100 (required when the admin turned on opt-in for this module)',
};

/** Invoices' fifth: the Deal the invoice's order came from (ADR 0066). */
export const INVOICE_DEAL_FIELD: ExtensionField = {
  field_label: 'Deal',
  apiName: 'Deal',
  data_type: 'lookup',
  lookupModule: 'Deals',
  tooltip: 'Set by Sage 100 Sync: the Deal of the sales order this invoice bills',
};

/**
 * Deals' one field (ADR 0066): a short number Zoho gives every Deal, which fits Sage's 11-character
 * CRMOpportunityID on the order (a Zoho record id has 19 digits). Sage users type it on an order.
 */
export const DEAL_OPPORTUNITY_FIELD: ExtensionField = {
  field_label: 'Sage Opportunity ID',
  apiName: 'Sage_Opportunity_ID',
  data_type: 'autonumber',
  autoNumber: { prefix: 'D', startNumber: 1001 },
  tooltip: 'The number a Sage 100 sales order carries as its CRM Opportunity ID',
};

/** The Zoho module Deals live in: read and linked, never synced as a module pair. */
export const DEALS_MODULE = 'Deals';

/** The fields the extension keeps on one module: the four, and the module's own fifth. */
export function extensionFieldsFor(module: string): readonly ExtensionField[] {
  if (module === DEALS_MODULE) return [DEAL_OPPORTUNITY_FIELD];
  const def = isModuleName(module) ? CATALOG[module] : undefined;
  const own = def?.optIn
    ? [OPT_IN_EXTENSION_FIELD]
    : module === 'Invoices'
      ? [INVOICE_DEAL_FIELD]
      : [];
  return [...EXTENSION_FIELDS, ...own];
}

/** Standard modules the product writes to. */
export const WRITTEN_MODULES = [
  'Accounts',
  'Contacts',
  'Products',
  'Vendors',
  'Sales_Orders',
  'Invoices',
] as const;

export const GL_MODULE = {
  apiName: 'GL_Accounts',
  singularLabel: 'GL Account',
  pluralLabel: 'GL Accounts',
} as const;

export const GL_MODULE_INSTRUCTIONS =
  `Create a custom module in Zoho CRM (Setup > Customization > Modules and Fields > Create New Module) ` +
  `with the singular name "${GL_MODULE.singularLabel}", the plural name "${GL_MODULE.pluralLabel}" and the ` +
  `API name "${GL_MODULE.apiName}". Keep its default name field ("${GL_MODULE.singularLabel} Name") and add ` +
  `its fields: ${GL_MODULE_FIELDS.map((f) => `"${f.label}" (${f.type})`).join(', ')} (docs/zoho-setup.md). Then ` +
  `reconnect, or run the field check again: the Sage fields are added to it automatically.`;

export interface ModuleFieldsReport {
  module: string;
  created: string[];
  existing: string[];
  /** Fields Zoho refused, or that exist in a form the product cannot use. */
  problems: Array<{ field: string; code: string; message: string }>;
}

export interface ExtensionFieldsReport {
  modules: ModuleFieldsReport[];
  glAccounts:
    { present: true; fields: ModuleFieldsReport } | { present: false; instructions: string };
}

const sameField = (meta: FieldMeta, spec: ExtensionField) =>
  meta.api_name === spec.apiName ||
  meta.field_label.toLowerCase() === spec.field_label.toLowerCase();

async function ensureOn(crm: TenantCrmClient, module: string): Promise<ModuleFieldsReport> {
  const report: ModuleFieldsReport = { module, created: [], existing: [], problems: [] };
  const current = await crm.metadata.getFields(module);
  const missing: ExtensionField[] = [];
  for (const spec of extensionFieldsFor(module)) {
    const found = current.find((m) => sameField(m, spec));
    if (!found) {
      missing.push(spec);
      continue;
    }
    report.existing.push(found.api_name);
    if (spec.unique && !isUniqueField(found)) {
      report.problems.push({
        field: found.api_name,
        code: 'NOT_UNIQUE',
        message: `"${found.field_label}" exists but is not unique; mark it "Do not allow duplicate values" so upserts cannot create duplicates`,
      });
    }
  }
  // The GL module's own fields are the admin's to create with it: reported, never created.
  if (module === GL_MODULE.apiName) report.problems.push(...missingGlModuleFields(current));
  const outcomes = await crm.metadata.createFields(module, missing);
  outcomes.forEach((o) => {
    const spec = missing[o.index]!;
    if (o.ok) report.created.push(spec.apiName);
    else report.problems.push({ field: spec.apiName, code: o.code, message: o.message });
  });
  return report;
}

/** Adds whatever extension fields are missing on every written module and checks the GL module. */
export async function ensureExtensionFields(crm: TenantCrmClient): Promise<ExtensionFieldsReport> {
  const modules: ModuleFieldsReport[] = [];
  for (const module of WRITTEN_MODULES) modules.push(await ensureOn(crm, module));
  // Deals are read and linked (ADR 0066), not written as a pair: their one field comes last.
  modules.push(await ensureOn(crm, DEALS_MODULE));
  const present = (await crm.metadata.getModules()).some((m) => m.apiName === GL_MODULE.apiName);
  return {
    modules,
    glAccounts: present
      ? { present: true, fields: await ensureOn(crm, GL_MODULE.apiName) }
      : { present: false, instructions: GL_MODULE_INSTRUCTIONS },
  };
}
