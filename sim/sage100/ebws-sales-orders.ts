import {
  SALES_ORDER_LINE_MEMBERS,
  SALES_ORDER_MEMBERS,
  type MemberDef,
} from '../../server/sage/contracts.js';
import { asArray, fromContract, toContract, wcfVisible } from './contract-records.js';
import { authorize, type LogonArgs } from './ebws-auth.js';
import { assertNotLocked, division, lookupIn, required, type EbwsContext } from './ebws-context.js';
import { MasFaultError, SIM_FAULT_CODES } from './mas-fault.js';
import type { SageCompanyData, SageRow } from './store.js';

/**
 * eBWS sales-order operations. An order is a header row plus detail rows; Create/Update build the
 * whole order first (defaults from the customer and items, extensions and totals) and then write
 * it in one store transaction, so a bad line leaves nothing behind (all-or-nothing).
 */

type Args = LogonArgs & Record<string, unknown>;
const round2 = (n: number) => Math.round(n * 100) / 100;
const pad = (n: number, w: number) => String(n).padStart(w, '0');

const BUS = 'SO_SalesOrder_Bus';
const LINE_BUS = 'SO_SalesOrderDetail_bus';

interface BuiltOrder {
  header: SageRow;
  lines: SageRow[];
}

function linesOf(company: SageCompanyData, salesOrderNo: string): SageRow[] {
  return company.list('SO_SalesOrderDetail', { SalesOrderNo: salesOrderNo });
}

function orderContract(company: SageCompanyData, header: SageRow, lines: SageRow[]) {
  return toContract(header, SALES_ORDER_MEMBERS, {
    Lines: lines.map((l) => toContract(l, SALES_ORDER_LINE_MEMBERS)),
  });
}

function customerDefaults(customer: SageRow): SageRow {
  const d: SageRow = {};
  for (const side of ['BillTo', 'ShipTo'] as const) {
    d[`${side}Name`] = customer.CustomerName ?? '';
    for (const n of [1, 2, 3]) d[`${side}Address${n}`] = customer[`AddressLine${n}`] ?? '';
    d[`${side}City`] = customer.City ?? '';
    d[`${side}State`] = customer.State ?? '';
    d[`${side}ZipCode`] = customer.ZipCode ?? '';
    d[`${side}CountryCode`] = customer.CountryCode ?? '';
  }
  for (const c of [
    'TermsCode',
    'TaxSchedule',
    'SalespersonDivisionNo',
    'SalespersonNo',
    'EmailAddress',
  ]) {
    if (customer[c] !== undefined) d[c] = customer[c];
  }
  return d;
}

/**
 * What an update writes for the writable members it does not carry: blanks. WCF deserialises an
 * absent member as its default, and whether eBWS then leaves the field alone is unknown
 * (reference P4), so the simulator takes the side that loses data: a client must send back every
 * member it read (get-merge-update), or see what it dropped blanked.
 */
function withOmittedBlank(
  row: SageRow,
  input: Record<string, unknown>,
  members: MemberDef[],
): SageRow {
  const out: SageRow = { ...row };
  for (const m of members) {
    if (m.readOnly || m.key || m.name in input) continue;
    if (m.kind === 'string' || m.kind === 'flag')
      delete out[m.name]; // a null string
    else if (m.kind === 'date') out[m.name] = '';
    else if (m.kind === 'decimal') out[m.name] = 0;
  }
  return out;
}

/** Builds (validates, defaults, totals) an order from a contract record; writes nothing. */
function buildOrder(
  ctx: EbwsContext,
  company: SageCompanyData,
  input: Record<string, unknown>,
  salesOrderNo: string,
  existing?: BuiltOrder,
  replace = false,
): BuiltOrder {
  const divisionNo = division(input.ARDivisionNo ?? existing?.header.ARDivisionNo ?? '00');
  const changes = fromContract(input, SALES_ORDER_MEMBERS, {
    busObject: BUS,
    profile: ctx.lengthProfile,
    timeZone: company.timeZone,
    existing: existing ? orderContract(company, existing.header, existing.lines) : undefined,
    lookup: lookupIn(company, divisionNo),
  });
  for (const column of ['BillToDivisionNo', 'BillToCustomerNo']) {
    if (changes[column]) {
      throw new MasFaultError(
        SIM_FAULT_CODES.invalidValue,
        `Could not set ${BUS} column ${column}$: This field cannot be set when the Accounts Receivable option Bill To Customer Reporting is No.`,
      );
    }
  }
  if (
    asArray((input.Payments as { SalesOrderPayment?: unknown } | undefined)?.SalesOrderPayment)
      .length > 0
  ) {
    throw new MasFaultError(
      SIM_FAULT_CODES.unsupported,
      'Sales order payments are not supported by this simulator.',
    );
  }
  const customerNo = String(changes.CustomerNo ?? existing?.header.CustomerNo ?? '');
  required(customerNo, 'Customer No');
  const customer = company.get('AR_Customer', { ARDivisionNo: divisionNo, CustomerNo: customerNo });
  if (!customer) {
    throw new MasFaultError(
      'CI_NOF',
      `Could not set ${BUS} column CustomerNo$: The Customer No ${customerNo} is not on file.`,
    );
  }
  const header: SageRow = existing
    ? {
        ...(replace
          ? withOmittedBlank(existing.header, input, SALES_ORDER_MEMBERS)
          : existing.header),
        ...changes,
      }
    : {
        OrderDate: company.stamp().date,
        OrderType: 'S',
        OrderStatus: 'N',
        WarehouseCode: '000',
        ...customerDefaults(customer),
        ...changes,
      };
  header.SalesOrderNo = salesOrderNo;
  header.ARDivisionNo = divisionNo;
  header.CustomerNo = customerNo;
  if (!header.OrderDate) required('', 'Order Date');

  const before = new Map((existing?.lines ?? []).map((l) => [String(l.LineKey), l]));
  let nextKey = Math.max(0, ...[...before.keys()].map(Number).filter(Number.isFinite)) + 1;
  const lineInputs = asArray(
    (input.Lines as { SalesOrderLine?: unknown } | undefined)?.SalesOrderLine,
  ) as Array<Record<string, unknown>>;
  // An update without Lines keeps the lines; with Lines, the list replaces them (WCF collection).
  const keepLines = existing && input.Lines === undefined;
  const lines = keepLines
    ? existing.lines
    : lineInputs.map((rawLine, i) => {
        const lineInput = wcfVisible(rawLine, SALES_ORDER_LINE_MEMBERS);
        const prior = lineInput.LineKey ? before.get(String(lineInput.LineKey)) : undefined;
        const lineChanges = fromContract(lineInput, SALES_ORDER_LINE_MEMBERS, {
          busObject: LINE_BUS,
          profile: ctx.lengthProfile,
          timeZone: company.timeZone,
          existing: prior ? toContract(prior, SALES_ORDER_LINE_MEMBERS) : undefined,
          lookup: lookupIn(company, divisionNo),
        });
        const line: SageRow = {
          ...(replace && prior
            ? withOmittedBlank(prior, lineInput, SALES_ORDER_LINE_MEMBERS)
            : (prior ?? {})),
          ...lineChanges,
        };
        const itemType = String(line.ItemType ?? '1');
        const itemCode = String(line.ItemCode ?? '');
        if (itemType === '1' || itemType === '3' || itemType === '5')
          required(itemCode, 'Item Code');
        const item = itemCode ? company.get('CI_Item', { ItemCode: itemCode }) : undefined;
        const qty = Number(line.QuantityOrdered ?? 0);
        // Sales Order Entry takes no negative quantity (returns are credit memos, entered in
        // Invoice Data Entry); zero is taken. The wording is the simulator's (docs/simulators.md).
        if (qty < 0) {
          throw new MasFaultError(
            SIM_FAULT_CODES.invalidValue,
            `Could not set ${LINE_BUS} column QuantityOrdered: The Quantity Ordered cannot be negative.`,
          );
        }
        const price =
          line.UnitPrice !== undefined
            ? Number(line.UnitPrice)
            : Number(item?.StandardUnitPrice ?? 0);
        const discount = Number(line.LineDiscountPercent ?? 0);
        return {
          ItemType: item?.ItemType ?? itemType,
          ItemCodeDesc: item?.ItemCodeDesc ?? '',
          UnitOfMeasure: item?.SalesUnitOfMeasure ?? 'EACH',
          UnitCost: Number(item?.StandardUnitCost ?? 0),
          TaxClass: item?.TaxClass ?? 'NT',
          WarehouseCode: header.WarehouseCode ?? '000',
          QuantityShipped: 0,
          QuantityBackordered: 0,
          ...line,
          SalesOrderNo: salesOrderNo,
          LineKey: prior ? String(prior.LineKey) : pad(nextKey++, 6),
          LineSeqNo: pad(i + 1, 14),
          QuantityOrdered: qty,
          UnitPrice: price,
          ExtensionAmt: round2(qty * price * (1 - discount / 100)),
        } satisfies SageRow;
      });
  const taxable = lines
    .filter((l) => l.TaxClass === 'TX')
    .reduce((s, l) => s + Number(l.ExtensionAmt), 0);
  const total = lines.reduce((s, l) => s + Number(l.ExtensionAmt), 0);
  header.TaxableAmt = round2(taxable);
  header.NonTaxableAmt = round2(total - taxable);
  header.SalesTaxAmt = 0; // tax schedules' rates are not simulated
  return { header, lines };
}

export function salesOrderOperations(ctx: EbwsContext) {
  const { store } = ctx;
  const load = (company: SageCompanyData, salesOrderNo: string): BuiltOrder | undefined => {
    const header = company.get('SO_SalesOrderHeader', { SalesOrderNo: salesOrderNo });
    return header ? { header, lines: linesOf(company, salesOrderNo) } : undefined;
  };
  return {
    GetSalesOrder(args: Args) {
      const { company } = authorize(store, args, 'SO_SalesOrderHeader', 'View');
      const order = load(company, required(args.salesOrderNo, 'Sales Order No'));
      if (!order) throw new MasFaultError('CI_NoKey', 'Sales order does not exist');
      return { GetSalesOrderResult: orderContract(company, order.header, order.lines) };
    },

    GetNextSalesOrderNo(args: Args) {
      const { company } = authorize(store, args, 'SO_SalesOrderHeader', 'Create');
      return { GetNextSalesOrderNoResult: company.nextNumber('SalesOrderNo') };
    },

    GetSalesOrderTemplate(args: Args) {
      const { company } = authorize(store, args, 'SO_SalesOrderHeader', 'View');
      const divisionNo = division(required(args.arDivisionNo, 'AR Division No'));
      const customerNo = required(args.customerNo, 'Customer No').toUpperCase();
      const customer = company.get('AR_Customer', {
        ARDivisionNo: divisionNo,
        CustomerNo: customerNo,
      });
      if (!customer) throw new MasFaultError('CI_NoKey', 'Customer does not exist');
      const header: SageRow = {
        ARDivisionNo: divisionNo,
        CustomerNo: customerNo,
        OrderDate: company.stamp().date,
        OrderType: 'S',
        OrderStatus: 'N',
        WarehouseCode: '000',
        ...customerDefaults(customer),
      };
      return { GetSalesOrderTemplateResult: orderContract(company, header, []) };
    },

    PreviewSalesOrder(args: Args) {
      const { company } = authorize(store, args, 'SO_SalesOrderHeader', 'View');
      const input = wcfVisible(args.salesOrder, SALES_ORDER_MEMBERS);
      const no = String(input.SalesOrderNo ?? '').trim();
      const order = buildOrder(ctx, company, input, no, no ? load(company, no) : undefined);
      return { PreviewSalesOrderResult: orderContract(company, order.header, order.lines) };
    },

    CreateSalesOrder(args: Args) {
      const { company, user } = authorize(store, args, 'SO_SalesOrderHeader', 'Create');
      const input = wcfVisible(args.salesOrder, SALES_ORDER_MEMBERS);
      const no = required(input.SalesOrderNo, 'Sales Order No');
      if (no.length > 7)
        throw new MasFaultError(
          'CI_CharLength',
          'The Sales Order No is greater than 7 character(s).',
        );
      if (load(company, no)) throw new MasFaultError('WS_AlreadyExists', 'Record already exists');
      const order = buildOrder(ctx, company, input, no);
      company.transaction(() => {
        company.insert('SO_SalesOrderHeader', order.header, { userKey: user.UserKey });
        for (const line of order.lines)
          company.insert('SO_SalesOrderDetail', line, { userKey: user.UserKey });
      });
      return {};
    },

    UpdateSalesOrder(args: Args) {
      const { company, user } = authorize(store, args, 'SO_SalesOrderHeader', 'Modify');
      const input = wcfVisible(args.salesOrder, SALES_ORDER_MEMBERS);
      const no = required(input.SalesOrderNo, 'Sales Order No');
      const existing = load(company, no);
      if (!existing) throw new MasFaultError('CI_NoKey', 'Sales order does not exist');
      assertNotLocked(ctx, 'SO_SalesOrderHeader', { SalesOrderNo: no });
      const order = buildOrder(ctx, company, input, no, existing, true);
      company.transaction(() => {
        company.update('SO_SalesOrderHeader', { SalesOrderNo: no }, order.header, {
          userKey: user.UserKey,
        });
        const kept = new Set(order.lines.map((l) => String(l.LineKey)));
        for (const old of existing.lines) {
          if (!kept.has(String(old.LineKey))) company.delete('SO_SalesOrderDetail', old);
        }
        for (const line of order.lines)
          company.upsert('SO_SalesOrderDetail', line, { userKey: user.UserKey });
      });
      return {};
    },

    DeleteSalesOrder(args: Args) {
      const { company } = authorize(store, args, 'SO_SalesOrderHeader', 'Remove');
      const no = required(args.salesOrderNo, 'Sales Order No');
      const existing = load(company, no);
      if (!existing) throw new MasFaultError('CI_NoKey', 'Sales order does not exist');
      assertNotLocked(ctx, 'SO_SalesOrderHeader', { SalesOrderNo: no });
      company.transaction(() => {
        for (const line of existing.lines) company.delete('SO_SalesOrderDetail', line);
        company.delete('SO_SalesOrderHeader', { SalesOrderNo: no });
      });
      return {};
    },
  };
}
