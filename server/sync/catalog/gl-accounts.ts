import { map, type ModuleDefinition } from './types.js';

/**
 * Sage 100's default account types (GL_AccountType, two digits, zero-filled) in Sage's own words,
 * as an accountant reads them on a chart of accounts. A company can add its own types: such a code
 * has no word here, so its account syncs without a type and its event names the code (`leave`): a
 * chart missing an account is worse than one type left blank, and the admin can add the code to
 * the mapping's table and to Zoho's Account_Type picklist.
 */
export const GL_ACCOUNT_TYPES: Record<string, string> = {
  '01': 'Cash',
  '02': 'Net Accounts Receivable',
  '03': 'Other Receivables',
  '04': 'Inventory',
  '05': 'Prepaid Expenses',
  '06': 'Other Assets',
  '07': 'Current Liabilities',
  '08': 'Long-Term Liabilities',
  '09': 'Equity',
  '10': 'Retained Earnings',
  '11': 'Net Revenue',
  '12': 'Cost of Sales',
  '13': 'Operating Expenses',
  '14': 'Interest Expense',
  '15': 'Non-Financial',
  '16': 'Other Income and Expense',
  '17': 'Income Taxes',
  // Sage's layout names 18 as interest expense too.
  '18': 'Interest Expense',
};

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
    map('Account_Type', 'AccountType', 'sage_to_zoho', {
      kind: 'code',
      table: GL_ACCOUNT_TYPES,
      otherwise: 'leave',
    }),
    map('Main_Account_Code', 'MainAccountCode', 'sage_to_zoho'),
    // The hierarchy: a sub-account (4000-01-00) points at its main account's record (4000-00-00).
    map('Parent_Account', 'Account,MainAccountCode', 'sage_to_zoho', { kind: 'main_account' }),
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
  zohoPicklists: {
    Status: ['Active', 'Inactive', 'Deleted'],
    Account_Type: [...new Set(Object.values(GL_ACCOUNT_TYPES))],
  },
  inactive: { zoho: { field: 'Status', value: 'Inactive' } },
  match: { name: { zoho: ['Name'], sage: ['Account'] } },
};
