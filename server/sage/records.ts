import { z } from 'zod';
import { forbiddenXmlChar } from '../../agent/xml-chars.js';
import {
  CONTACT_MEMBERS,
  CUSTOMER_MEMBERS,
  memberLabel,
  orderedMembers,
  SALES_ORDER_LINE_MEMBERS,
  SALES_ORDER_MEMBERS,
  type MemberDef,
} from './contracts.js';
import { LinesByItem } from '../sync/lines-by-item.js';
import { SageError } from './errors.js';
import { ebwsDateTimeToInstant, instantToEbwsDateTime } from './sage-time.js';

/**
 * Records in and out of the client, under Sage's member names (mapping to the engine's records
 * happens in the mapping layer). Conversions at this boundary:
 *   - date members (OrderDate, DateEstablished, ...) are calendar dates "YYYY-MM-DD", or null
 *     when Sage holds none (NullDateTime); send null to blank one;
 *   - DateTimeCreated/DateTimeUpdated are UTC instants (Date), read in the tenant's Sage zone;
 *   - decimals are numbers, Y/N flags and everything else strings;
 *   - OtherFields (UDFs) and Lines are always arrays (one element arrives as an object, P9).
 */

export type SageScalar = string | number | Date | null;
export interface SageField {
  MasFieldName: string;
  Value: string;
}
export type SageRecord = { [member: string]: SageScalar | SageField[] | SageRecord[] | undefined };

export interface SageCustomer extends SageRecord {
  ARDivisionNo: string;
  CustomerNo: string;
  OtherFields?: SageField[];
}
export interface SageCustomerContact extends SageRecord {
  ARDivisionNo: string;
  CustomerNo: string;
  ContactCode: string;
}
export interface SageSalesOrderLine extends SageRecord {
  ItemCode?: string;
  QuantityOrdered?: number;
}
export interface SageSalesOrder extends SageRecord {
  SalesOrderNo: string;
  Lines: SageSalesOrderLine[];
  OtherFields?: SageField[];
}

export interface ContractInformation {
  AssemblyVersion: string;
  ContractVersion: number;
  NullDateTime: string;
}

const NULL_DATE_PREFIX = '0001-01-01';

const asArray = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

const fieldSchema = z.object({
  MasFieldName: z.string(),
  Value: z
    .union([z.string(), z.number()])
    .transform(String)
    .nullish()
    .transform((v) => v ?? ''),
});

function memberSchema(m: MemberDef, zone: string): z.ZodType<unknown> {
  switch (m.kind) {
    case 'string':
    case 'flag':
      return z.union([z.string(), z.number()]).transform(String);
    case 'decimal':
      return z.coerce.number();
    case 'date':
      return z
        .union([z.string(), z.date()])
        .transform((v) => (typeof v === 'string' ? v : v.toISOString()))
        .transform((v) => (v.startsWith(NULL_DATE_PREFIX) ? null : v.slice(0, 10)));
    case 'dateTime':
      return z
        .union([z.string(), z.date()])
        .transform((v) => (typeof v === 'string' ? v : v.toISOString()))
        .transform((v) => (v.startsWith(NULL_DATE_PREFIX) ? null : ebwsDateTimeToInstant(v, zone)));
    case 'fields':
      return z
        .object({ Field: z.unknown().optional() })
        .nullish()
        .transform((v) => z.array(fieldSchema).parse(asArray(v?.Field)));
    case 'lines':
      return z
        .object({ SalesOrderLine: z.unknown().optional() })
        .nullish()
        .transform((v) =>
          asArray(v?.SalesOrderLine).map((line) =>
            parseRecord(line, SALES_ORDER_LINE_MEMBERS, zone),
          ),
        );
    case 'payments':
      return z.unknown().transform(() => undefined);
  }
}

/** Parses a contract record from node-soap with zod; throws SageError('protocol') on a bad shape. */
export function parseRecord(
  raw: unknown,
  members: MemberDef[],
  zone: string,
  operation = 'parse',
): SageRecord {
  const shape: Record<string, z.ZodType<unknown>> = {};
  for (const m of members) shape[m.name] = memberSchema(m, zone).optional();
  const parsed = z.object(shape).safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SageError(
      'protocol',
      `unexpected ${issue?.path.join('.') ?? 'value'} in the eBWS answer: ${issue?.message}`,
      operation,
    );
  }
  const out: SageRecord = {};
  for (const [k, v] of Object.entries(parsed.data))
    if (v !== undefined) out[k] = v as SageRecord[string];
  return out;
}

export const parseCustomer = (raw: unknown, zone: string, op = 'GetCustomer') =>
  parseRecord(raw, CUSTOMER_MEMBERS, zone, op) as SageCustomer;
export const parseContact = (raw: unknown, zone: string, op = 'GetCustomerContact') =>
  parseRecord(raw, CONTACT_MEMBERS, zone, op) as SageCustomerContact;
export function parseSalesOrder(raw: unknown, zone: string, op = 'GetSalesOrder'): SageSalesOrder {
  const order = parseRecord(raw, SALES_ORDER_MEMBERS, zone, op);
  return {
    ...order,
    Lines: (order.Lines as SageSalesOrderLine[] | undefined) ?? [],
  } as SageSalesOrder;
}

/** XML 1.0 cannot carry control characters: refused before the call (agent/xml-chars.ts). */
function refuseControlChars(value: string, m: MemberDef, operation: string): void {
  const bad = forbiddenXmlChar(value);
  if (!bad) return;
  const error = new SageError(
    'validation',
    `The ${memberLabel(m.name)} contains a control character (${bad}) that XML cannot carry.`,
    operation,
    'XML_CONTROL_CHAR',
  );
  error.field = m.name;
  throw error;
}

function badRequest(operation: string, message: string): SageError {
  return new SageError('bad_request', message, operation);
}

/**
 * A record as node-soap should send it: members in WCF order (P10), read-only members left out
 * (server-owned, P4), dates as local-midnight xs:dateTime, null dates as NullDateTime (blank).
 * Unknown member names are a caller bug and throw SageError('bad_request').
 */
export function toRequestRecord(
  record: SageRecord,
  members: MemberDef[],
  zone: string,
  operation: string,
  nullDateTime = `${NULL_DATE_PREFIX}T00:00:00`,
): Record<string, unknown> {
  const known = new Map(members.map((m) => [m.name, m]));
  for (const name of Object.keys(record)) {
    if (!known.has(name))
      throw badRequest(operation, `${name} is not a member of this eBWS record`);
  }
  const out: Record<string, unknown> = {};
  for (const m of orderedMembers(members)) {
    const v = record[m.name];
    if (v === undefined || m.readOnly) continue;
    switch (m.kind) {
      case 'string':
      case 'flag':
        if (v === null) out[m.name] = '';
        else if (typeof v === 'string' || typeof v === 'number') out[m.name] = String(v);
        else throw badRequest(operation, `${m.name} must be a string`);
        refuseControlChars(out[m.name] as string, m, operation);
        break;
      case 'decimal':
        if (typeof v !== 'number' || !Number.isFinite(v))
          throw badRequest(operation, `${m.name} must be a number`);
        out[m.name] = v;
        break;
      case 'date':
        if (v === null) out[m.name] = nullDateTime;
        else if (v instanceof Date)
          out[m.name] = `${instantToEbwsDateTime(v, zone).slice(0, 10)}T00:00:00`;
        else if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))
          out[m.name] = `${v}T00:00:00`;
        else throw badRequest(operation, `${m.name} must be a date YYYY-MM-DD, a Date or null`);
        break;
      case 'fields':
        out[m.name] = {
          Field: (v as SageField[]).map((f) => ({ MasFieldName: f.MasFieldName, Value: f.Value })),
        };
        break;
      case 'lines':
        out[m.name] = {
          SalesOrderLine: (v as SageRecord[]).map((line) =>
            toRequestRecord(line, SALES_ORDER_LINE_MEMBERS, zone, operation, nullDateTime),
          ),
        };
        break;
      case 'dateTime':
      case 'payments':
        break;
    }
  }
  return out;
}

/** Get–merge: changes over the record read from Sage (lines: see mergeLines). */
export function mergeRecord<T extends SageRecord>(current: T, changes: Partial<T>): T {
  const merged: SageRecord = { ...current };
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) merged[k] = v;
  return merged as T;
}

/**
 * The new line list of an update. Each changed line is laid over a line of the order as read, so
 * the members the caller does not map (its LineKey, discount, warehouse, quantity shipped,
 * promise date, comment) are sent back as Sage returned them, never blanked or renumbered: the
 * line named by its LineKey, else the order's nth unclaimed line of the same item for the item's
 * nth changed line (the engine's lines come from Zoho, which holds no LineKey). A changed line
 * with no such line is a new line; a line of the order no change claims is left out, so removed.
 */
export function mergeLines(
  current: SageSalesOrderLine[],
  changes: SageSalesOrderLine[],
): SageSalesOrderLine[] {
  const byKey = new Map(current.map((l) => [String(l.LineKey ?? ''), l]));
  const byItem = new LinesByItem(current, itemCodeOf);
  const keyed = changes.map((change) => {
    const prior = change.LineKey ? byKey.get(String(change.LineKey)) : undefined;
    if (prior) byItem.remove(prior);
    return prior;
  });
  return changes.map((change, i) => {
    const prior = keyed[i] ?? (change.LineKey ? undefined : byItem.take(itemCodeOf(change)));
    return prior ? mergeRecord(prior, change) : change;
  });
}

/** Sage item codes are upper case; one typed in lower case names the same item. */
const itemCodeOf = (line: SageSalesOrderLine): string => String(line.ItemCode ?? '').toUpperCase();
