import { map, type ModuleDefinition } from './types.js';

/** A Zoho custom module `GL_Accounts` ← Sage GL accounts (GL_Account, via the agent), read-only. */
export const glAccounts: ModuleDefinition = {
  module: 'GL_Accounts',
  label: 'GL accounts ← GL accounts (read-only)',
  sageEntity: 'GL_Account',
  sageKey: [{ field: 'AccountKey' }],
  zohoKeyField: 'Sage_Key',
  needs: [],
  allowedDirections: ['sage_to_zoho', 'disabled'],
  zohoReadOnly: { reason: 'GL accounts are read-only in Zoho; Sage is the source' },
  defaultDirection: 'sage_to_zoho',
  defaultSchedule: { kind: 'interval', seconds: 86_400 },
  defaultMappings: [
    map('Name', 'Account', 'sage_to_zoho'),
    map('Description', 'AccountDesc', 'sage_to_zoho'),
    map('Account_Type', 'AccountType', 'sage_to_zoho'),
    map('Main_Account_Code', 'MainAccountCode', 'sage_to_zoho'),
    map('Status', 'Status', 'sage_to_zoho', {
      kind: 'code',
      table: { A: 'Active', I: 'Inactive', D: 'Deleted' },
      otherwise: 'reject',
    }),
  ],
  zohoMandatory: ['Name'],
  sageMandatory: [],
  zohoLengths: { Name: 120, Description: 255 },
  sageLengths: { '2018': {}, '2023': {} },
  zohoPicklists: { Status: ['Active', 'Inactive', 'Deleted'] },
  inactive: { zoho: { field: 'Status', value: 'Inactive' } },
  match: { name: { zoho: ['Name'], sage: ['Account'] } },
};
