import { instantToSage } from '../../server/sage/sage-time.js';
import type { SageCompany, SageCompanyData, SageRow, SageStore, SageUser } from './store.js';

/**
 * Synthetic Sage 100 companies from a seed: the same seed always gives the same rows. Rows are
 * written with bulkImport carrying explicit audit columns, spread over the `spreadDays` before the
 * store's clock, so a change feed sees a realistic history rather than one instant.
 */

export interface GenerateOptions {
  seed: number;
  customers: number;
  companyCode?: string;
  companyName?: string;
  timeZone?: string;
  /** Audit stamps are spread over this many days before now (default 30). */
  spreadDays?: number;
}

/** mulberry32: small, fast, deterministic. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FIRST = ['Ann', 'Ben', 'Carla', 'Dev', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'Jon'];
const LAST = ['Baker', 'Chen', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hayes', 'Ito', 'Jones'];
const WORDS = ['Acme', 'Summit', 'Harbor', 'Pioneer', 'Cedar', 'Atlas', 'Beacon', 'Granite'];
const KINDS = ['Supply', 'Foods', 'Industries', 'Trading', 'Hardware', 'Outfitters'];
const ZIPS: Array<[string, string, string]> = [
  ['60601', 'Chicago', 'IL'],
  ['92618', 'Irvine', 'CA'],
  ['10001', 'New York', 'NY'],
  ['73301', 'Austin', 'TX'],
  ['98101', 'Seattle', 'WA'],
  ['30301', 'Atlanta', 'GA'],
  ['80202', 'Denver', 'CO'],
  ['02108', 'Boston', 'MA'],
];

export const DEFAULT_COMPANY: Omit<SageCompany, 'CompanyCode' | 'CompanyName'> = {
  WebServicesEnabled: 'Y',
  timeZone: 'America/Chicago',
  NextCustomerNo: 1,
  NextSalesOrderNo: 1,
};

/** The user a generated installation accepts (printed by the CLI). */
export const DEFAULT_USER: SageUser = {
  UserKey: '0000000001',
  UserLogon: 'webuser',
  Password: 'Sage100!',
  WebServicesEnabled: 'Y',
  Companies: '*',
  DeniedTasks: [],
};

export function generateCompany(store: SageStore, options: GenerateOptions): SageCompanyData {
  const rand = seededRandom(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1));
  const money = (min: number, max: number) => Math.round((min + rand() * (max - min)) * 100) / 100;
  const n = Math.max(0, Math.floor(options.customers));
  const company = store.addCompany({
    ...DEFAULT_COMPANY,
    CompanyCode: options.companyCode ?? 'ABC',
    CompanyName: options.companyName ?? 'ABC Distribution and Service Corp.',
    timeZone: options.timeZone ?? DEFAULT_COMPANY.timeZone,
    NextCustomerNo: n + 1,
    NextSalesOrderNo: n + 1,
  });
  if (!store.user(DEFAULT_USER.UserLogon)) store.addUser(DEFAULT_USER);

  const now = store.clock().getTime();
  const spreadMs = (options.spreadDays ?? 30) * 86_400_000;
  const audit = (): SageRow => {
    const created = instantToSage(
      new Date(now - spreadMs + rand() * spreadMs * 0.5),
      company.timeZone,
    );
    const updated = instantToSage(new Date(now - rand() * spreadMs * 0.5), company.timeZone);
    return {
      DateCreated: created.date,
      TimeCreated: created.time,
      UserCreatedKey: DEFAULT_USER.UserKey,
      DateUpdated: updated.date,
      TimeUpdated: updated.time,
      UserUpdatedKey: DEFAULT_USER.UserKey,
    };
  };
  const pad = (value: number, width: number) => String(value).padStart(width, '0');

  company.bulkImport(
    'SY_ZipCode',
    ZIPS.map(([ZipCode, City, StateCode]) => ({
      ZipCode,
      City,
      StateCode,
      CountryCode: 'USA',
      ...audit(),
    })),
  );
  const glAccounts = [
    '4000-00-00',
    '4010-00-00',
    '5000-00-00',
    '1100-00-00',
    '2000-00-00',
    '6100-00-00',
  ];
  company.bulkImport(
    'GL_Account',
    glAccounts.map((Account, i) => ({
      AccountKey: pad(i + 1, 9),
      Account,
      RawAccount: Account.replaceAll('-', ''),
      AccountDesc:
        [
          'Sales',
          'Service Sales',
          'Cost of Goods Sold',
          'Accounts Receivable',
          'Accounts Payable',
          'Freight',
        ][i] ?? 'Account',
      MainAccountCode: Account.slice(0, 4),
      // Sage's default account types (GL_AccountType): revenue, cost of sales, receivables, ...
      AccountType: ['11', '11', '12', '02', '07', '13'][i] ?? '13',
      Status: 'A',
      ClearBalance: 'N',
      DateStart: '',
      DateEnd: '',
      ...audit(),
    })),
  );
  const vendorCount = Math.max(2, Math.ceil(n / 5));
  company.bulkImport(
    'AP_Vendor',
    Array.from({ length: vendorCount }, (_, i) => {
      const [zip, city, state] = pick(ZIPS);
      return {
        APDivisionNo: '01',
        VendorNo: pad(i + 1, 7),
        VendorName: `${pick(WORDS)} ${pick(KINDS)} Wholesale`,
        AddressLine1: `${int(1, 9999)} Industrial Way`,
        City: city,
        State: state,
        ZipCode: zip,
        CountryCode: 'USA',
        TelephoneNo: `(${int(200, 999)}) ${int(200, 999)}-${pad(int(0, 9999), 4)}`,
        EmailAddress: `orders@vendor${i + 1}.example`,
        ...audit(),
      };
    }),
  );
  const itemCount = Math.max(5, Math.ceil(n / 2));
  const items = Array.from({ length: itemCount }, (_, i) => {
    const price = money(5, 500);
    return {
      ItemCode: `ITEM-${pad(i + 1, 5)}`,
      ItemType: '1',
      ItemCodeDesc: `${pick(WORDS)} ${['Widget', 'Bracket', 'Valve', 'Panel', 'Cable'][i % 5]}`,
      UseInAR: 'Y',
      UseInSO: 'Y',
      UseInPO: 'Y',
      ProductLine: 'GEN',
      Valuation: '2',
      StandardUnitOfMeasure: 'EACH',
      SalesUnitOfMeasure: 'EACH',
      PurchaseUnitOfMeasure: 'EACH',
      StandardUnitPrice: price,
      StandardUnitCost: Math.round(price * 55) / 100,
      AverageUnitCost: Math.round(price * 56) / 100,
      SuggestedRetailPrice: Math.round(price * 120) / 100,
      TaxClass: 'TX',
      DefaultWarehouseCode: '000',
      PrimaryAPDivisionNo: '01',
      PrimaryVendorNo: pad((i % vendorCount) + 1, 7),
      TotalQuantityOnHand: int(0, 500),
      InactiveItem: 'N',
      ...audit(),
    };
  });
  company.bulkImport('CI_Item', items);

  for (let i = 0; i < n; i++) {
    const [zip, city, state] = pick(ZIPS);
    const customerNo = pad(i + 1, 7);
    const name = `${pick(WORDS)} ${pick(KINDS)} ${i + 1}`;
    company.bulkImport('AR_Customer', [
      {
        ARDivisionNo: '01',
        CustomerNo: customerNo,
        CustomerName: name,
        AddressLine1: `${int(1, 9999)} ${pick(['Main', 'Oak', 'Lake', 'Park'])} St`,
        AddressLine2: '',
        AddressLine3: '',
        City: city,
        State: state,
        ZipCode: zip,
        CountryCode: 'USA',
        TelephoneNo: `(${int(200, 999)}) ${int(200, 999)}-${pad(int(0, 9999), 4)}`,
        TelephoneExt: '',
        FaxNo: '',
        EmailAddress: `ap@customer${i + 1}.example`,
        URLAddress: `www.customer${i + 1}.example`,
        CustomerStatus: 'A',
        // Types the default Account_Type code table knows (a type it lacks syncs the customer
        // without an Account Type and notes the code on its event; the demo starts clean).
        CustomerType: pick(['RET', 'RESL', 'DIST']),
        CreditHold: rand() < 0.1 ? 'Y' : 'N',
        CreditLimit: money(1000, 50000),
        CurrentBalance: money(0, 5000),
        TermsCode: '01',
        SalespersonDivisionNo: '01',
        SalespersonNo: pick(['0100', '0200', '0300']),
        PriceLevel: '',
        TaxSchedule: 'DEFAULT',
        OpenItemCustomer: 'Y',
        PrintDunningMessage: 'Y',
        ResidentialAddress: 'N',
        BatchFax: 'N',
        StatementCycle: 'M',
        DateEstablished: instantToSage(
          new Date(now - int(100, 3000) * 86_400_000),
          company.timeZone,
        ).date,
        ContactCode: 'PRIMARY',
        ...audit(),
      },
    ]);
    const contactCount = int(1, 2);
    for (let c = 0; c < contactCount; c++) {
      const first = pick(FIRST);
      const last = pick(LAST);
      company.bulkImport('AR_CustomerContact', [
        {
          ARDivisionNo: '01',
          CustomerNo: customerNo,
          ContactCode: c === 0 ? 'PRIMARY' : `${last.toUpperCase().slice(0, 6)}${c}`,
          ContactName: `${first} ${last}`,
          ContactTitle: pick(['Buyer', 'Controller', 'Owner', 'AP Clerk']),
          Salutation: pick(['Mr.', 'Ms.', '']),
          AddressLine1: '',
          City: city,
          State: state,
          ZipCode: zip,
          CountryCode: 'USA',
          TelephoneNo1: `(${int(200, 999)}) ${int(200, 999)}-${pad(int(0, 9999), 4)}`,
          TelephoneExt1: '',
          EmailAddress: `${first.toLowerCase()}.${last.toLowerCase()}@customer${i + 1}.example`,
          ...audit(),
        },
      ]);
    }
    // One sales order and one posted invoice per customer.
    const orderNo = pad(i + 1, 7);
    const lines = Array.from({ length: int(1, 3) }, (_, l) => {
      const item = pick(items);
      const qty = int(1, 20);
      return {
        SalesOrderNo: orderNo,
        LineKey: pad(l + 1, 6),
        LineSeqNo: pad(l + 1, 14),
        ItemCode: item.ItemCode,
        ItemType: '1',
        ItemCodeDesc: item.ItemCodeDesc,
        QuantityOrdered: qty,
        QuantityShipped: 0,
        QuantityBackordered: 0,
        UnitPrice: item.StandardUnitPrice,
        UnitCost: item.StandardUnitCost,
        ExtensionAmt: Math.round(qty * item.StandardUnitPrice * 100) / 100,
        UnitOfMeasure: 'EACH',
        WarehouseCode: '000',
        TaxClass: 'TX',
        ...audit(),
      };
    });
    const total = lines.reduce((sum, line) => sum + line.ExtensionAmt, 0);
    const orderDate = instantToSage(new Date(now - int(1, 60) * 86_400_000), company.timeZone).date;
    company.bulkImport('SO_SalesOrderHeader', [
      {
        SalesOrderNo: orderNo,
        OrderDate: orderDate,
        OrderType: 'S',
        OrderStatus: pick(['N', 'O', 'O', 'H']),
        ARDivisionNo: '01',
        CustomerNo: customerNo,
        BillToName: name,
        BillToCity: city,
        BillToState: state,
        BillToZipCode: zip,
        ShipToName: name,
        ShipToCity: city,
        ShipToState: state,
        ShipToZipCode: zip,
        WarehouseCode: '000',
        TermsCode: '01',
        TaxSchedule: 'DEFAULT',
        CustomerPONo: `PO${int(1000, 99999)}`,
        TaxableAmt: Math.round(total * 100) / 100,
        NonTaxableAmt: 0,
        SalesTaxAmt: 0,
        FreightAmt: 0,
        ...audit(),
      },
    ]);
    company.bulkImport('SO_SalesOrderDetail', lines);
    const invoiceNo = pad(i + 1, 7);
    company.bulkImport('AR_InvoiceHistoryHeader', [
      {
        InvoiceNo: invoiceNo,
        HeaderSeqNo: '000000',
        ModuleCode: 'S/O',
        InvoiceType: 'IN',
        InvoiceDate: orderDate,
        TransactionDate: orderDate,
        ARDivisionNo: '01',
        CustomerNo: customerNo,
        TermsCode: '01',
        CustomerPONo: '',
        SalesOrderNo: orderNo,
        InvoiceDueDate: orderDate,
        DiscountDueDate: '',
        TaxableSalesAmt: Math.round(total * 100) / 100,
        NonTaxableSalesAmt: 0,
        FreightAmt: 0,
        SalesTaxAmt: 0,
        DiscountAmt: 0,
        DepositAmt: 0,
        ...audit(),
      },
    ]);
    company.bulkImport(
      'AR_InvoiceHistoryDetail',
      lines.map((line, l) => ({
        InvoiceNo: invoiceNo,
        HeaderSeqNo: '000000',
        DetailSeqNo: pad(l + 1, 6),
        ItemCode: line.ItemCode,
        ItemType: '1',
        ItemCodeDesc: line.ItemCodeDesc,
        QuantityShipped: line.QuantityOrdered,
        UnitPrice: line.UnitPrice,
        ExtensionAmt: line.ExtensionAmt,
        ...audit(),
      })),
    );
    if (rand() < 0.5) {
      company.bulkImport('AR_OpenInvoice', [
        {
          ARDivisionNo: '01',
          CustomerNo: customerNo,
          InvoiceNo: invoiceNo,
          InvoiceType: 'IN',
          InvoiceDate: orderDate,
          InvoiceDueDate: orderDate,
          Balance: Math.round(total * 100) / 100,
          ...audit(),
        },
      ]);
    }
  }
  return company;
}
