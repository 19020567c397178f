/**
 * The Zoho CRM modules the simulator knows, with field metadata shaped like
 * `GET /crm/v8/settings/fields`: API names, types, lengths, unique and mandatory flags.
 */

export type SimDataType =
  | 'text'
  | 'textarea'
  | 'email'
  | 'phone'
  | 'website'
  | 'picklist'
  | 'integer'
  | 'double'
  | 'currency'
  | 'boolean'
  | 'date'
  | 'datetime'
  | 'lookup'
  | 'ownerlookup'
  | 'subform'
  | 'autonumber';

export interface SimField {
  id: string;
  api_name: string;
  field_label: string;
  data_type: SimDataType;
  length?: number;
  unique?: boolean;
  mandatory?: boolean;
  read_only?: boolean;
  custom_field: boolean;
  pick_list_values?: string[];
  /** lookup: the module it points at. */
  lookup_module?: string;
  /** subform: the fields of one line. */
  subform_fields?: SimField[];
  /** autonumber: Zoho numbers every record, existing ones included, `prefix` + a counter. */
  auto_number?: { prefix: string; suffix: string; start_number: number; next: number };
}

export interface SimModuleDef {
  /** A numeric id, as Zoho gives every module. */
  id: string;
  api_name: string;
  singular_label: string;
  plural_label: string;
  generated_type: 'default' | 'custom';
  /** The field shown as the record's name (display_name of deleted records). */
  name_field: string;
  /** The least edition that has the module (Zoho's edition comparison); absent: every edition. */
  min_edition?: 'professional';
  fields: SimField[];
}

let fieldSeq = 0;
let moduleSeq = 0;
const moduleId = () => String(5_725_767_000_002_000 + ++moduleSeq);
const f = (api_name: string, data_type: SimDataType, extra: Partial<SimField> = {}): SimField => ({
  id: String(5_725_767_000_010_000 + ++fieldSeq),
  api_name,
  field_label: api_name.replace(/_/g, ' '),
  data_type,
  length:
    data_type === 'textarea'
      ? 32000
      : ['text', 'email', 'phone', 'website'].includes(data_type)
        ? 255
        : undefined,
  custom_field: false,
  ...extra,
});

const system = (): SimField[] => [
  f('Owner', 'ownerlookup'),
  f('Created_Time', 'datetime', { read_only: true }),
  f('Modified_Time', 'datetime', { read_only: true }),
];

const address = (prefix: string, zip = 'Code'): SimField[] => [
  f(`${prefix}_Street`, 'text', { length: 250 }),
  f(`${prefix}_City`, 'text', { length: 30 }),
  f(`${prefix}_State`, 'text', { length: 30 }),
  f(`${prefix}_${zip}`, 'text', { length: 30 }),
  f(`${prefix}_Country`, 'text', { length: 30 }),
];

const lineItems = (): SimField[] => [
  f('Product_Name', 'lookup', { lookup_module: 'Products', mandatory: true }),
  f('Quantity', 'double', { mandatory: true }),
  f('List_Price', 'currency'),
  f('Discount', 'currency'),
  f('Description', 'textarea', { length: 2000 }),
];

const STATUSES = ['Created', 'Approved', 'Delivered', 'Cancelled'];

export function standardModules(): SimModuleDef[] {
  return [
    {
      id: moduleId(),
      api_name: 'Accounts',
      singular_label: 'Account',
      plural_label: 'Accounts',
      generated_type: 'default',
      name_field: 'Account_Name',
      fields: [
        f('Account_Name', 'text', { length: 200, mandatory: true }),
        f('Account_Number', 'text', { length: 40 }),
        f('Phone', 'phone', { length: 30 }),
        f('Fax', 'phone', { length: 30 }),
        f('Website', 'website'),
        f('Email', 'email', { length: 100 }),
        ...address('Billing'),
        ...address('Shipping'),
        f('Description', 'textarea'),
        ...system(),
      ],
    },
    {
      id: moduleId(),
      api_name: 'Contacts',
      singular_label: 'Contact',
      plural_label: 'Contacts',
      generated_type: 'default',
      name_field: 'Last_Name',
      fields: [
        f('First_Name', 'text', { length: 40 }),
        f('Last_Name', 'text', { length: 80, mandatory: true }),
        f('Email', 'email', { length: 100 }),
        f('Phone', 'phone', { length: 30 }),
        f('Mobile', 'phone', { length: 30 }),
        f('Title', 'text', { length: 100 }),
        f('Account_Name', 'lookup', { lookup_module: 'Accounts' }),
        ...address('Mailing', 'Zip'),
        ...system(),
      ],
    },
    {
      id: moduleId(),
      api_name: 'Products',
      singular_label: 'Product',
      plural_label: 'Products',
      generated_type: 'default',
      name_field: 'Product_Name',
      fields: [
        f('Product_Name', 'text', { length: 120, mandatory: true }),
        f('Product_Code', 'text', { length: 40 }),
        f('Unit_Price', 'currency'),
        f('Qty_in_Stock', 'double'),
        f('Product_Active', 'boolean'),
        f('Vendor_Name', 'lookup', { lookup_module: 'Vendors' }),
        f('Description', 'textarea'),
        ...system(),
      ],
    },
    {
      id: moduleId(),
      api_name: 'Vendors',
      singular_label: 'Vendor',
      plural_label: 'Vendors',
      generated_type: 'default',
      min_edition: 'professional',
      name_field: 'Vendor_Name',
      fields: [
        f('Vendor_Name', 'text', { length: 120, mandatory: true }),
        f('Email', 'email', { length: 100 }),
        f('Phone', 'phone', { length: 30 }),
        f('Website', 'website'),
        f('Street', 'text', { length: 250 }),
        f('City', 'text', { length: 30 }),
        f('State', 'text', { length: 30 }),
        f('Zip_Code', 'text', { length: 30 }),
        f('Country', 'text', { length: 30 }),
        ...system(),
      ],
    },
    {
      id: moduleId(),
      api_name: 'Sales_Orders',
      singular_label: 'Sales Order',
      plural_label: 'Sales Orders',
      generated_type: 'default',
      name_field: 'Subject',
      fields: [
        f('Subject', 'text', { length: 300, mandatory: true }),
        f('Account_Name', 'lookup', { lookup_module: 'Accounts', mandatory: true }),
        f('Contact_Name', 'lookup', { lookup_module: 'Contacts' }),
        f('Deal_Name', 'lookup', { lookup_module: 'Deals' }),
        f('Status', 'picklist', { pick_list_values: STATUSES }),
        f('Due_Date', 'date'),
        f('Customer_No', 'text', { length: 100 }),
        f('Grand_Total', 'currency', { read_only: true }),
        f('Ordered_Items', 'subform', { mandatory: true, subform_fields: lineItems() }),
        ...address('Billing'),
        ...system(),
      ],
    },
    {
      id: moduleId(),
      api_name: 'Invoices',
      singular_label: 'Invoice',
      plural_label: 'Invoices',
      generated_type: 'default',
      name_field: 'Subject',
      fields: [
        f('Subject', 'text', { length: 300, mandatory: true }),
        f('Account_Name', 'lookup', { lookup_module: 'Accounts', mandatory: true }),
        f('Sales_Order', 'lookup', { lookup_module: 'Sales_Orders' }),
        f('Invoice_Date', 'date'),
        f('Due_Date', 'date'),
        f('Status', 'picklist', { pick_list_values: ['Created', 'Approved', 'Paid', 'Cancelled'] }),
        f('Grand_Total', 'currency', { read_only: true }),
        f('Invoiced_Items', 'subform', { mandatory: true, subform_fields: lineItems() }),
        ...system(),
      ],
    },
    {
      // Deals as Zoho's v8 field list has them (the standard fields a sales pipeline uses).
      id: moduleId(),
      api_name: 'Deals',
      singular_label: 'Deal',
      plural_label: 'Deals',
      generated_type: 'default',
      name_field: 'Deal_Name',
      fields: [
        f('Deal_Name', 'text', { length: 120, mandatory: true }),
        f('Account_Name', 'lookup', { lookup_module: 'Accounts' }),
        f('Contact_Name', 'lookup', { lookup_module: 'Contacts' }),
        f('Amount', 'currency'),
        f('Closing_Date', 'date'),
        f('Stage', 'picklist', { mandatory: true, pick_list_values: DEAL_STAGES }),
        f('Probability', 'integer'),
        f('Type', 'picklist', {
          pick_list_values: ['-None-', 'Existing Business', 'New Business'],
        }),
        f('Lead_Source', 'picklist', {
          pick_list_values: ['-None-', 'Advertisement', 'Cold Call', 'Partner', 'Web Download'],
        }),
        f('Next_Step', 'text', { length: 100 }),
        f('Description', 'textarea'),
        ...system(),
      ],
    },
  ];
}

/** The stages of Zoho's standard sales pipeline. */
export const DEAL_STAGES = [
  'Qualification',
  'Needs Analysis',
  'Value Proposition',
  'Id. Decision Makers',
  'Perception Analysis',
  'Proposal/Price Quote',
  'Negotiation/Review',
  'Closed Won',
  'Closed Lost',
  'Closed-Lost to Competition',
];

/** A custom module as an admin creates it in CRM's setup: only the name field to start with. */
export function customModule(
  apiName: string,
  singular: string,
  plural: string,
  options: { bare?: boolean } = {},
): SimModuleDef {
  const own = apiName === 'GL_Accounts' && !options.bare ? glAccountFields(apiName) : [];
  return {
    id: moduleId(),
    api_name: apiName,
    singular_label: singular,
    plural_label: plural,
    generated_type: 'custom',
    name_field: 'Name',
    fields: [f('Name', 'text', { length: 120, mandatory: true }), ...own, ...system()],
  };
}

/**
 * The GL accounts module's own fields, as docs/zoho-setup.md tells the admin to create them with
 * the module (custom fields of a custom module; the extension then adds its four Sage fields).
 */
function glAccountFields(apiName: string): SimField[] {
  const custom = { custom_field: true };
  return [
    f('Description', 'text', { ...custom, length: 255 }),
    f('Account_Type', 'picklist', {
      ...custom,
      field_label: 'Account Type',
      pick_list_values: [
        'Cash',
        'Net Accounts Receivable',
        'Other Receivables',
        'Inventory',
        'Prepaid Expenses',
        'Other Assets',
        'Current Liabilities',
        'Long-Term Liabilities',
        'Equity',
        'Retained Earnings',
        'Net Revenue',
        'Cost of Sales',
        'Operating Expenses',
        'Interest Expense',
        'Non-Financial',
        'Other Income and Expense',
        'Income Taxes',
      ],
    }),
    f('Main_Account_Code', 'text', { ...custom, field_label: 'Main Account Code', length: 15 }),
    f('Parent_Account', 'lookup', {
      ...custom,
      field_label: 'Parent Account',
      lookup_module: apiName,
    }),
    f('Status', 'picklist', {
      ...custom,
      pick_list_values: ['Active', 'Inactive', 'Deleted'],
    }),
  ];
}

/** A custom field as Zoho creates it from `POST /settings/fields`: API name from the label. */
export function customField(input: {
  field_label: string;
  data_type: SimDataType;
  length?: number;
  unique?: boolean;
  pick_list_values?: string[];
  lookup_module?: string;
  auto_number?: { prefix?: string; suffix?: string; start_number?: number };
}): SimField {
  return f(
    input.field_label
      .trim()
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_|_$/g, ''),
    input.data_type,
    {
      field_label: input.field_label,
      custom_field: true,
      ...(input.length !== undefined ? { length: input.length } : {}),
      ...(input.unique ? { unique: true } : {}),
      ...(input.pick_list_values ? { pick_list_values: input.pick_list_values } : {}),
      ...(input.lookup_module ? { lookup_module: input.lookup_module } : {}),
      ...(input.data_type === 'autonumber'
        ? {
            read_only: true,
            length: undefined,
            auto_number: {
              prefix: input.auto_number?.prefix ?? '',
              suffix: input.auto_number?.suffix ?? '',
              start_number: input.auto_number?.start_number ?? 1,
              next: input.auto_number?.start_number ?? 1,
            },
          }
        : {}),
    },
  );
}

/** The next value of an auto-number field (and the counter moves on). */
export function nextAutoNumber(field: SimField): string {
  const a = field.auto_number!;
  return `${a.prefix}${a.next++}${a.suffix}`;
}
