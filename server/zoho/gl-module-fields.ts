import { GL_ACCOUNT_TYPES } from '../sync/catalog/gl-accounts.js';
import type { FieldMeta } from './schemas.js';

/**
 * The GL accounts module's own fields. The module is a custom module the admin creates, so these
 * are the admin's to add with it (docs/zoho-setup.md lists them): the extension may add only five
 * fields to a module (ADR 0062) and keeps them for its four Sage fields. The field check reports
 * each one missing; until it is added, the mapping to it is left out of runs (flagged).
 */
export interface GlModuleField {
  apiName: string;
  label: string;
  /** Zoho's field type, as Setup names it. */
  type: string;
  /** What to set when creating it. */
  detail?: string;
}

export const GL_MODULE_FIELDS: readonly GlModuleField[] = [
  { apiName: 'Description', label: 'Description', type: 'Single Line', detail: '255 characters' },
  {
    apiName: 'Account_Type',
    label: 'Account Type',
    type: 'Pick List',
    detail: `values: ${[...new Set(Object.values(GL_ACCOUNT_TYPES))].join(', ')}`,
  },
  {
    apiName: 'Main_Account_Code',
    label: 'Main Account Code',
    type: 'Single Line',
    detail: '15 characters',
  },
  {
    apiName: 'Parent_Account',
    label: 'Parent Account',
    type: 'Lookup',
    detail: 'to GL Accounts (the module itself)',
  },
  {
    apiName: 'Status',
    label: 'Status',
    type: 'Pick List',
    detail: 'values: Active, Inactive, Deleted',
  },
];

/** The GL module's own fields the org lacks, as problems the field report shows. */
export function missingGlModuleFields(
  current: FieldMeta[],
): Array<{ field: string; code: string; message: string }> {
  return GL_MODULE_FIELDS.filter(
    (spec) =>
      !current.some(
        (m) =>
          m.api_name === spec.apiName || m.field_label.toLowerCase() === spec.label.toLowerCase(),
      ),
  ).map((spec) => ({
    field: spec.apiName,
    code: 'GL_FIELD_MISSING',
    message:
      `add the field "${spec.label}" (${spec.type}${spec.detail ? `, ${spec.detail}` : ''}) to ` +
      `the GL Accounts module in CRM Setup; until then GL accounts sync without it`,
  }));
}
