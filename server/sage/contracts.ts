/**
 * The eBWS data contracts (reference §3), as data: one definition per member with its XSD type,
 * the Sage field length under the "2018" and "2023" length profiles, read-only flags and valid
 * values. The WSDL/XSD files are generated from these lists (wsdl/build-wsdl.ts), the client
 * orders and parses members with them, and the simulator validates with them, so the three can
 * not drift apart.
 *
 * Member order: WCF's DataContractSerializer emits members in ordinal (ASCII) order, upper case
 * before lower case ("ARDivisionNo" before "AddressLine1"); `orderedMembers` sorts that way.
 *
 * Date members (OrderDate, DateEstablished, ...) are xs:dateTime at local midnight: the existence
 * of ContractInformation.NullDateTime ("used to explicitly set an entity's DateTime field to
 * blank") means they are non-nullable .NET DateTimes [I]. See docs/adr/0010.
 */

export type MemberKind =
  'string' | 'flag' | 'decimal' | 'date' | 'dateTime' | 'fields' | 'lines' | 'payments';

export interface MemberDef {
  name: string;
  kind: MemberKind;
  /** Maximum length under the 2018 profile (older Sage lengths) and the 2023 profile (widened). */
  len?: { '2018': number; '2023': number };
  readOnly?: boolean;
  /** Part of the record's key. */
  key?: boolean;
  validValues?: readonly string[];
  /** A decimal column's precision and scale (reference §3: CreditLimit decimal(13,2)). */
  digits?: readonly [precision: number, scale: number];
  /** Validated against another table (CI_NOF when absent). */
  lookup?: 'SY_ZipCode' | 'CI_Item' | 'AR_Customer';
}

export type LengthProfile = '2018' | '2023';

const str = (
  name: string,
  old: number,
  widened = old,
  extra: Partial<MemberDef> = {},
): MemberDef => ({
  name,
  kind: 'string',
  len: { '2018': old, '2023': widened },
  ...extra,
});
const flag = (name: string, extra: Partial<MemberDef> = {}): MemberDef => ({
  name,
  kind: 'flag',
  len: { '2018': 1, '2023': 1 },
  validValues: ['Y', 'N'],
  ...extra,
});
const dec = (name: string, extra: Partial<MemberDef> = {}): MemberDef => ({
  name,
  kind: 'decimal',
  ...extra,
});
const date = (name: string, extra: Partial<MemberDef> = {}): MemberDef => ({
  name,
  kind: 'date',
  ...extra,
});
const ro = { readOnly: true } as const;
const series = (prefix: string, from: number, to: number, make: (n: string) => MemberDef) =>
  Array.from({ length: to - from + 1 }, (_, i) => make(`${prefix}${from + i}`));

const audit: MemberDef[] = [
  { name: 'DateTimeCreated', kind: 'dateTime', readOnly: true },
  { name: 'DateTimeUpdated', kind: 'dateTime', readOnly: true },
  str('UserCreatedKey', 10, 10, ro),
  str('UserUpdatedKey', 10, 10, ro),
];

export const FIELD_MEMBERS: MemberDef[] = [str('MasFieldName', 50), str('Value', 2048)];

export const CUSTOMER_MEMBERS: MemberDef[] = [
  str('ARDivisionNo', 2, 2, { key: true }),
  ...series('AddressLine', 1, 3, (n) => str(n, 30, 40)),
  ...series('AgingCategory', 1, 4, (n) => dec(n, ro)),
  dec('AvgDaysOverDue', ro),
  dec('AvgDaysPaymentInvoice', ro),
  dec('BalanceForward', ro),
  flag('BatchFax'),
  str('City', 20, 30),
  str('Comment', 30),
  str('ContactCode', 10),
  str('CountryCode', 3),
  str('CreditCardGUID', 32),
  flag('CreditHold'),
  dec('CreditLimit', { digits: [13, 2] }),
  dec('CurrentBalance', ro),
  dec('CustomerDiscountRate', { digits: [12, 3] }),
  str('CustomerName', 30, 50),
  str('CustomerNo', 20, 20, { key: true }),
  str('CustomerStatus', 1, 1, { validValues: ['A', 'I', 'T'] }),
  str('CustomerType', 4),
  date('DateEstablished'),
  date('DateLastActivity'),
  date('DateLastAging', ro),
  date('DateLastFinanceChrg'),
  date('DateLastPayment'),
  date('DateLastStatement'),
  str('DefaultCostCode', 9),
  str('DefaultCostType', 1),
  str('DefaultCreditCardPmtType', 5),
  str('DefaultItemCode', 30),
  str('DefaultPaymentType', 5),
  str('EBMConsumerUserID', 15),
  flag('EBMEnabled'),
  str('EmailAddress', 250),
  flag('EmailStatements'),
  str('FaxNo', 17, 20),
  dec('HighestStmntBalance', ro),
  str('InactiveReasonCode', 5),
  dec('LastPaymentAmt', ro),
  dec('NumberOfInvToUseInCalc', { digits: [2, 0] }),
  dec('OpenOrderAmt', ro),
  flag('OpenItemCustomer'),
  { name: 'OtherFields', kind: 'fields' },
  str('PriceLevel', 1),
  str('PrimaryShipToCode', 4),
  flag('PrintDunningMessage'),
  flag('ResidentialAddress'),
  ...series('RetentionAging', 1, 4, (n) => dec(n, ro)),
  dec('RetentionCurrent', ro),
  ...series('SalesPersonDivisionNo', 2, 5, (n) => str(n, 2)),
  ...series('SalesPersonNo', 2, 5, (n) => str(n, 4)),
  str('SalespersonDivisionNo', 2),
  str('SalespersonNo', 4),
  dec('ServiceChargeRate', { digits: [12, 3] }),
  str('ShipMethod', 15),
  str('SortField', 10),
  ...series('SplitCommRate', 2, 5, (n) => dec(n)),
  str('State', 2),
  str('StatementCycle', 1),
  str('TaxExemptNo', 15),
  str('TaxSchedule', 9),
  str('TelephoneExt', 5, 6),
  str('TelephoneNo', 17, 20),
  flag('TemporaryCustomer'),
  str('TermsCode', 2),
  str('URLAddress', 50),
  dec('UnpaidServiceChrg', ro),
  str('ZipCode', 10, 10, { lookup: 'SY_ZipCode' }),
  ...audit,
];

export const CONTACT_MEMBERS: MemberDef[] = [
  str('ARDivisionNo', 2, 2, { key: true }),
  ...series('AddressLine', 1, 3, (n) => str(n, 30, 40)),
  str('City', 20, 30),
  str('ContactCode', 10, 10, { key: true }),
  str('ContactName', 30, 50),
  str('ContactNotes', 256, 2048),
  str('ContactTitle', 15),
  str('CountryCode', 3),
  str('CustomerNo', 20, 20, { key: true }),
  str('EBMUserID', 15),
  str('EmailAddress', 50),
  str('FaxNo', 17, 20),
  str('Salutation', 10),
  str('State', 2),
  str('TelephoneExt1', 5, 6),
  str('TelephoneExt2', 5, 6),
  str('TelephoneNo1', 17, 20),
  str('TelephoneNo2', 17, 20),
  str('ZipCode', 10, 10, { lookup: 'SY_ZipCode' }),
  ...audit,
];

/**
 * Every SalesOrderLine member of the real WSDL, as public client code generated from it lists
 * them (68 members). An update must carry each back (get-merge-update), or Sage may blank it.
 */
export const SALES_ORDER_LINE_MEMBERS: MemberDef[] = [
  str('APDivisionNo', 2),
  str('AliasItemNo', 30),
  flag('BackorderKitCompLine'),
  ...series('BillOption', 1, 9, (n) => str(n, 2)),
  str('CommentText', 2048),
  flag('Commissionable'),
  str('CostCode', 9),
  str('CostOfGoodsSoldAcctKey', 9),
  flag('CostOverridden'),
  str('CostType', 1),
  str('CustomerAction', 1),
  flag('Discount'),
  flag('DropShip'),
  date('ExpirationDate'),
  flag('ExpirationOverridden'),
  str('ExplodedKitItem', 1),
  str('ExtDescriptionText', 2048),
  str('ExtendedDescriptionKey', 10),
  dec('ExtensionAmt', ro),
  str('ItemAction', 1),
  str('ItemCode', 30, 30, { lookup: 'CI_Item' }),
  str('ItemCodeDesc', 30),
  str('ItemType', 1, 1, { validValues: ['1', '3', '4', '5'] }),
  dec('LineDiscountPercent', { digits: [8, 3] }),
  str('LineKey', 6),
  str('LineSeqNo', 14),
  dec('LineWeight', ro),
  flag('LotSerialFullyDistributed'),
  str('MasterOrderLineKey', 6),
  dec('MasterOriginalQty'),
  dec('MasterQtyBalance'),
  dec('MasterQtyOrderedToDate'),
  str('PriceLevel', 1),
  flag('PriceOverridden'),
  flag('PrintDropShipment'),
  date('PromiseDate'),
  str('PurchaseOrderNo', 7),
  date('PurchaseOrderRequiredDate'),
  dec('QuantityBackordered', { digits: [15, 6] }),
  dec('QuantityOrdered', { digits: [15, 6] }),
  dec('QuantityPerBill'),
  dec('QuantityShipped', { digits: [15, 6] }),
  dec('RepeatingQtyShippedToDate'),
  str('Revision', 3),
  str('SOHistoryDetlSeqNo', 14),
  str('SalesAcctKey', 9),
  str('SalesKitLineKey', 6),
  str('SalesOrderNo', 7, 7, ro),
  flag('SkipPrintCompLine'),
  str('StandardKitBill', 1),
  flag('SubjectToExemption'),
  str('TaxClass', 2),
  dec('UnitCost', { digits: [15, 6] }),
  str('UnitOfMeasure', 4),
  dec('UnitOfMeasureConvFactor'),
  dec('UnitPrice', { digits: [15, 6] }),
  str('Valuation', 1),
  str('VendorNo', 7),
  str('WarehouseCode', 3),
  str('WarrantyCode', 10),
];

export const SALES_ORDER_PAYMENT_MEMBERS: MemberDef[] = [
  ...['AVSAddressLine1', 'AVSAddressLine2', 'AVSCity', 'AVSCountryCode'].map((n) => str(n, 30)),
  str('AVSState', 2),
  str('AVSZipCode', 10),
  { name: 'AuthorizationDateTime', kind: 'dateTime' },
  str('BankAccountType', 1),
  str('BankName', 30),
  str('CardType', 1),
  str('CardholderName', 30),
  str('CorporateCustIDPurchOrder', 25),
  dec('CorporateSalesTax'),
  flag('CorporateTaxOverrd'),
  str('CreditCardAuthorizationNo', 16),
  str('CreditCardComment', 30),
  str('CreditCardEmailAddress', 250),
  str('CreditCardGUID', 32),
  str('CreditCardID', 12),
  str('CreditCardTrackingID', 16),
  str('CreditCardTransactionID', 16),
  str('ExpirationDateMonth', 2),
  str('ExpirationDateYear', 4),
  str('Last4BankAccountNos', 4),
  str('Last4BankRoutingNos', 4),
  str('Last4UnencryptedCreditCardNos', 4),
  str('PaymentSeqNo', 6),
  str('PaymentType', 5),
  str('PaymentTypeCategory', 1),
  str('SalesOrderNo', 7, 7, ro),
  flag('SaveCreditCard'),
  dec('TransactionAmt'),
  ...audit,
];

export const SALES_ORDER_MEMBERS: MemberDef[] = [
  str('ARDivisionNo', 2),
  flag('BatchEmail'),
  flag('BatchFax'),
  ...series('BillToAddress', 1, 3, (n) => str(n, 30, 40)),
  str('BillToCity', 20, 30),
  str('BillToCountryCode', 3),
  str('BillToCustomerNo', 20),
  str('BillToDivisionNo', 2),
  str('BillToName', 30, 50),
  str('BillToState', 2),
  str('BillToZipCode', 10, 10, { lookup: 'SY_ZipCode' }),
  ...['CRMCompanyID', 'CRMOpportunityID', 'CRMPersonID', 'CRMProspectID', 'CRMUserID'].map((n) =>
    str(n, 11),
  ),
  str('CancelReasonCode', 5),
  str('CheckNoForDeposit', 10),
  str('Comment', 30),
  dec('CommissionRate'),
  str('ConfirmTo', 30, 50),
  str('CurrentInvoiceNo', 7, 7, ro),
  str('CustomerNo', 20, 20, { lookup: 'AR_Customer' }),
  str('CustomerPONo', 15, 30),
  str('CycleCode', 2),
  dec('DepositAmt', { digits: [12, 2] }),
  dec('DiscountAmt', { digits: [11, 2] }),
  dec('DiscountRate', { digits: [7, 3] }),
  str('EBMSubmissionType', 1),
  str('EBMUserIDSubmittingThisOrder', 15),
  str('EBMUserType', 1),
  str('EmailAddress', 250),
  str('FOB', 15),
  str('FaxNo', 17, 20),
  dec('FreightAmt', { digits: [11, 2] }),
  str('FreightCalculationMethod', 1),
  flag('InvalidTaxCalc', ro),
  str('JobNo', 7),
  dec('LastNoOfShippingLabels', ro),
  date('LastInvoiceOrderDate', ro),
  str('LastInvoiceOrderNo', 7, 7, ro),
  { name: 'Lines', kind: 'lines' },
  flag('LotSerialLinesExist', ro),
  str('MasterRepeatingOrderNo', 7),
  dec('NonTaxableAmt', ro),
  dec('NonTaxableSubjectToDiscount', ro),
  dec('NumberOfShippingLabels'),
  date('OrderDate'),
  str('OrderStatus', 1, 1, { validValues: ['N', 'O', 'C', 'H'] }),
  str('OrderType', 1, 1, { validValues: ['S', 'B', 'M', 'R', 'Q', 'P'] }),
  { name: 'OtherFields', kind: 'fields' },
  str('OtherPaymentTypeRefNo', 24),
  str('PaymentType', 5),
  str('PaymentTypeCategory', 1),
  { name: 'Payments', kind: 'payments' },
  flag('PickingSheetPrinted', ro),
  flag('PrintPickingSheets'),
  flag('PrintSalesOrders'),
  str('RMANo', 7),
  flag('ResidentialAddress'),
  str('SalesOrderNo', 7, 7, { key: true }),
  flag('SalesOrderPrinted', ro),
  dec('SalesTaxAmt', ro),
  str('SalespersonDivisionNo', 2),
  ...series('SalespersonDivisionNo', 2, 5, (n) => str(n, 2)),
  str('SalespersonNo', 4),
  ...series('SalespersonNo', 2, 5, (n) => str(n, 4)),
  date('ShipExpireDate'),
  ...series('ShipToAddress', 1, 3, (n) => str(n, 30, 40)),
  str('ShipToCity', 20, 30),
  str('ShipToCode', 4),
  str('ShipToCountryCode', 3),
  str('ShipToName', 30, 50),
  str('ShipToState', 2),
  str('ShipToZipCode', 10, 10, { lookup: 'SY_ZipCode' }),
  str('ShipVia', 15),
  str('ShipWeight', 5),
  str('ShipZone', 5),
  str('ShipZoneActual', 5, 5, ro),
  ...series('SplitCommRate', 2, 5, (n) => dec(n)),
  flag('SplitCommissions'),
  str('TaxExemptNo', 15),
  str('TaxSchedule', 9),
  dec('TaxSubjToDiscPrcntOfTotSubjTo', ro),
  dec('TaxableAmt', ro),
  dec('TaxableSubjectToDiscount', ro),
  str('TermsCode', 2),
  str('WarehouseCode', 3),
  dec('Weight', ro),
  ...audit,
];

/** ASCII order, as WCF emits DataContract members. */
export const orderedMembers = (members: MemberDef[]): MemberDef[] =>
  [...members].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

export const CONTRACT_TYPES = {
  Customer: orderedMembers(CUSTOMER_MEMBERS),
  CustomerContact: orderedMembers(CONTACT_MEMBERS),
  SalesOrder: orderedMembers(SALES_ORDER_MEMBERS),
  SalesOrderLine: orderedMembers(SALES_ORDER_LINE_MEMBERS),
  SalesOrderPayment: orderedMembers(SALES_ORDER_PAYMENT_MEMBERS),
  Field: FIELD_MEMBERS,
} as const;

export type ContractTypeName = keyof typeof CONTRACT_TYPES;

/** "CustomerName" -> "Customer Name", "ARDivisionNo" -> "AR Division No": the label Sage's messages use. */
export function memberLabel(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .replace(/([a-zA-Z])(\d)/g, '$1 $2');
}

/** The maximum length of a member under a profile, or undefined when it has none. */
export const maxLength = (member: MemberDef, profile: LengthProfile): number | undefined =>
  member.len?.[profile];

/**
 * Why a number does not fit its decimal(p,s) column (at most p-s digits before the point), in
 * the words both the simulator's fault and the engine's pre-check use; undefined when it fits.
 * Sage's own wording for this refusal is not public (reference §4 lists none): this is ours.
 */
export function outOfRange(member: MemberDef, value: number): string | undefined {
  if (!member.digits) return undefined;
  const [precision, scale] = member.digits;
  const largest = 10 ** (precision - scale) - 10 ** -scale;
  if (Math.abs(value) <= largest) return undefined;
  return (
    `The ${memberLabel(member.name)} ${String(value)} is out of range: Sage holds at most ` +
    `${largest.toFixed(scale)} (decimal(${precision},${scale})).`
  );
}
