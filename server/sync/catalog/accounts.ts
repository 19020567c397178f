import { map, OPT_IN_FIELD, type ModuleDefinition } from './types.js';
import { ZOHO_ADDRESS_LENGTHS } from './zoho-address.js';

const ACCOUNT_TYPES = [
  'Analyst',
  'Competitor',
  'Customer',
  'Distributor',
  'Integrator',
  'Investor',
  'Other',
  'Partner',
  'Press',
  'Prospect',
  'Reseller',
  'Supplier',
  'Vendor',
];

/**
 * Zoho Accounts ↔ Sage AR customers (AR_Customer via eBWS `Customer`). Balances, credit limit and
 * hold are Sage's to own (finance sets them), so they flow Sage → Zoho only. Ship-to addresses have
 * no eBWS operation: the agent feed carries the primary ship-to (SO_ShipToAddress columns) on the
 * customer record, so shipping flows Sage → Zoho.
 */
export const accounts: ModuleDefinition = {
  module: 'Accounts',
  label: 'Accounts ↔ AR customers',
  sageEntity: 'AR_Customer',
  sageKey: [{ field: 'ARDivisionNo', width: 2 }, { field: 'CustomerNo' }],
  zohoKeyField: 'Sage_Key',
  needs: [],
  allowedDirections: ['sage_to_zoho', 'zoho_to_sage', 'both', 'disabled'],
  defaultDirection: 'both',
  defaultSchedule: { kind: 'interval', seconds: 900 },
  defaultMappings: [
    map('Account_Name', 'CustomerName'),
    map('Account_Number', 'CustomerNo', 'sage_to_zoho'),
    map('Phone', 'TelephoneNo', 'both', { kind: 'phone' }),
    map('Fax', 'FaxNo', 'both', { kind: 'phone' }),
    map('Website', 'URLAddress'),
    map('Email', 'EmailAddress'),
    map('Billing_Street', 'AddressLine1,AddressLine2,AddressLine3', 'both', { kind: 'lines' }),
    map('Billing_City', 'City'),
    map('Billing_State', 'State'),
    map('Billing_Code', 'ZipCode'),
    map('Billing_Country', 'CountryCode'),
    map('Shipping_Street', 'ShipToAddress1,ShipToAddress2,ShipToAddress3', 'sage_to_zoho', {
      kind: 'lines',
    }),
    map('Shipping_City', 'ShipToCity', 'sage_to_zoho'),
    map('Shipping_State', 'ShipToState', 'sage_to_zoho'),
    map('Shipping_Code', 'ShipToZipCode', 'sage_to_zoho'),
    map('Shipping_Country', 'ShipToCountryCode', 'sage_to_zoho'),
    map('Credit_Limit', 'CreditLimit', 'sage_to_zoho', { kind: 'number', scale: 2 }),
    map('Credit_Hold', 'CreditHold', 'sage_to_zoho', { kind: 'yesno' }),
    map('Balance', 'CurrentBalance', 'sage_to_zoho', { kind: 'number', scale: 2 }),
    map('Account_Type', 'CustomerType', 'both', {
      kind: 'code',
      table: { RET: 'Customer', DIST: 'Distributor', RESL: 'Reseller', PART: 'Partner' },
      // A code the table lacks never holds the record back: the field is left as it is and
      // the event names the code, so the admin can add it to the table.
      otherwise: 'leave',
    }),
    // Inactive customers (CustomerStatus I) tick the extension's Sage_Inactive checkbox, and
    // ticking it makes the customer inactive in Sage; T (temporary) and A are active.
    map('Sage_Inactive', 'CustomerStatus', 'both', { kind: 'flag', on: 'I', off: 'A' }),
    map('Sales_Person_Code', 'SalespersonNo'),
    map('Payment_Terms', 'TermsCode', 'both', {
      kind: 'code',
      table: { '00': 'Due on receipt', '01': 'Net 30', '02': 'Net 60', '03': 'Net 15' },
      otherwise: 'pass',
    }),
  ],
  zohoMandatory: ['Account_Name'],
  sageMandatory: ['CustomerName'],
  zohoLengths: {
    Account_Name: 200,
    Account_Number: 40,
    Phone: 30,
    Fax: 30,
    Website: 255,
    Email: 100,
    ...ZOHO_ADDRESS_LENGTHS,
    Sales_Person_Code: 10,
    Payment_Terms: 30,
  },
  sageLengths: {
    '2018': {
      CustomerName: 30,
      TelephoneNo: 17,
      FaxNo: 17,
      URLAddress: 50,
      EmailAddress: 250,
      AddressLine1: 30,
      AddressLine2: 30,
      AddressLine3: 30,
      City: 20,
      State: 2,
      ZipCode: 10,
      CountryCode: 3,
      CustomerType: 4,
      SalespersonNo: 4,
      TermsCode: 2,
    },
    '2023': {
      CustomerName: 50,
      TelephoneNo: 20,
      FaxNo: 20,
      URLAddress: 50,
      EmailAddress: 250,
      AddressLine1: 40,
      AddressLine2: 40,
      AddressLine3: 40,
      City: 30,
      State: 2,
      ZipCode: 10,
      CountryCode: 3,
      CustomerType: 4,
      SalespersonNo: 4,
      TermsCode: 2,
    },
  },
  zohoPicklists: { Account_Type: ACCOUNT_TYPES },
  inactive: {
    zoho: { field: 'Sage_Inactive', value: true },
    sage: { field: 'CustomerStatus', value: 'I' },
  },
  optIn: { zohoField: OPT_IN_FIELD },
  match: {
    name: { zoho: ['Account_Name'], sage: ['CustomerName'] },
    email: { zoho: 'Email', sage: 'EmailAddress' },
    phone: { zoho: 'Phone', sage: 'TelephoneNo' },
    zip: { zoho: 'Billing_Code', sage: 'ZipCode' },
  },
  filterPresets: [
    {
      // Both sides: a Sage customer made inactive, and a Zoho account ticked inactive, stay put.
      id: 'exclude_inactive',
      label: 'Exclude inactive customers',
      filters: [
        { side: 'sage', field: 'CustomerStatus', operator: 'not_equals', value: 'I' },
        { side: 'zoho', field: 'Sage_Inactive', operator: 'not_equals', value: true },
      ],
    },
  ],
};
