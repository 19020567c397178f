import type { Logger } from 'pino';
import type { EntityName, RelationName } from '../../agent/entities.js';
import { CATALOG, sageKeyFields } from '../sync/catalog/index.js';
import type {
  ChangePage,
  GatewayRecord,
  LineFields,
  ListChangesOptions,
  RecordPage,
  SageGateway,
  WriteResult,
  WriteTry,
} from '../sync/gateways.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { AgentClient } from './agent-client.js';
import type { SageRecord as AgentRow } from './agent-schemas.js';
import {
  CONTACT_MEMBERS,
  CUSTOMER_MEMBERS,
  SALES_ORDER_LINE_MEMBERS,
  SALES_ORDER_MEMBERS,
  type MemberDef,
} from './contracts.js';
import type { SageEbwsClient } from './ebws-client.js';
import { isSageError, type SageAttempt, type SageErrorKind } from './errors.js';
import { checkRecord, memberMaxLength, type SageEntity } from './validate-record.js';
import { readChangesPage } from './feed-reader.js';
import type { SageRecord } from './records.js';
import { instantToSageDate, sageToInstant } from './sage-time.js';

/**
 * The sync engine's SageGateway: writes through eBWS (customers, contacts, sales orders: the only
 * entities it has), reads and change listing through the agent (every entity, one format: Sage's
 * table rows, dates YYYYMMDD), so what the engine hashes after a write is what the feed shows.
 */

const ENTITY: Record<ModuleName, EntityName> = {
  Accounts: 'AR_Customer',
  Contacts: 'AR_CustomerContact',
  Products: 'CI_Item',
  Vendors: 'AP_Vendor',
  Sales_Orders: 'SO_SalesOrderHeader',
  Invoices: 'AR_InvoiceHistoryHeader',
  GL_Accounts: 'GL_Account',
};

const LINES: Partial<Record<ModuleName, { relation: RelationName; order: string }>> = {
  Sales_Orders: { relation: 'SalesOrderLines', order: 'LineKey' },
  Invoices: { relation: 'InvoiceLines', order: 'DetailSeqNo' },
};

/** The eBWS contract each writable module is sent as. */
const CONTRACT: Partial<Record<ModuleName, SageEntity>> = {
  Accounts: 'Customer',
  Contacts: 'CustomerContact',
  Sales_Orders: 'SalesOrder',
};

/** eBWS has no operation for these: Sage → Zoho only (the catalog allows nothing else). */
const READ_ONLY = new Set<ModuleName>(['Products', 'Vendors', 'Invoices', 'GL_Accounts']);

const KIND_CODE: Partial<Record<SageErrorKind, string>> = {
  already_exists: 'WS_AlreadyExists',
  not_found: 'CI_NoKey',
};

export interface SageGatewayOptions {
  timeZone: string;
  overlapSeconds: number;
  pageSize: number;
  /** The installation's field lengths: '2018' (older, e.g. 30-character names) or '2023'. */
  lengthProfile?: '2018' | '2023';
  /** AR division for customers created from Zoho when the mapping sets none. */
  defaultDivision?: string;
  logger: Logger;
}

export class EbwsSageGateway implements SageGateway {
  constructor(
    private readonly ebws: SageEbwsClient,
    private readonly agent: AgentClient,
    private readonly options: SageGatewayOptions,
  ) {}

  validate(module: ModuleName, fields: Record<string, unknown>, lines?: LineFields[]): string[] {
    const entity = CONTRACT[module];
    if (!entity) return [];
    const members =
      entity === 'Customer'
        ? CUSTOMER_MEMBERS
        : entity === 'CustomerContact'
          ? CONTACT_MEMBERS
          : SALES_ORDER_MEMBERS;
    const record = this.toContract(fields, members);
    if (lines) record.Lines = lines.map((l) => this.toContract(l, SALES_ORDER_LINE_MEMBERS));
    return checkRecord(entity, record, this.options.lengthProfile ?? '2023').map((p) =>
      p.line === undefined ? p.reason : `line ${p.line + 1}: ${p.reason}`,
    );
  }

  maxLength(module: ModuleName, field: string): number | undefined {
    const entity = CONTRACT[module];
    return entity
      ? memberMaxLength(entity, field, this.options.lengthProfile ?? '2023')
      : undefined;
  }

  async listChanges(
    module: ModuleName,
    cursor: string | undefined,
    options: ListChangesOptions = {},
  ): Promise<ChangePage> {
    const page = await readChangesPage(
      this.agent,
      ENTITY[module],
      cursor,
      {
        overlapSeconds: this.options.overlapSeconds,
        pageSize: options.limit ?? this.options.pageSize,
        timeZone: this.options.timeZone,
        since: !cursor && options.since ? new Date(options.since) : undefined,
        count: true,
      },
      this.options.logger,
    );
    const records = await this.withLines(
      module,
      page.changes.map((c) => this.toRecord(module, c.record, c.updatedAt)),
    );
    return {
      records,
      deleted: [],
      nextCursor: page.watermark,
      hasMore: page.hasMore,
      // The feed's count: the run's estimated total, and the read-nothing check.
      ...(page.remaining !== undefined ? { reportedChanges: page.remaining } : {}),
    };
  }

  async listAll(module: ModuleName, pageToken?: string): Promise<RecordPage> {
    const page = await readChangesPage(
      this.agent,
      ENTITY[module],
      pageToken,
      { overlapSeconds: 0, pageSize: this.options.pageSize, timeZone: this.options.timeZone },
      this.options.logger,
    );
    const records = await this.withLines(
      module,
      page.changes.map((c) => this.toRecord(module, c.record, c.updatedAt)),
    );
    return { records, nextPageToken: page.hasMore ? page.watermark : undefined };
  }

  async get(module: ModuleName, keys: string[]): Promise<Map<string, GatewayRecord>> {
    const parts = CATALOG[module].sageKey;
    const wanted = [...new Set(keys)];
    const out = new Map<string, GatewayRecord>();
    for (let i = 0; i < wanted.length; i += 100) {
      const batch = wanted.slice(i, i + 100).map((k) => {
        const fields = sageKeyFields(parts, k);
        return parts.map((p) => fields[p.field] ?? '');
      });
      const rows = await this.agent.getRecords(ENTITY[module], batch);
      const records = await this.withLines(
        module,
        rows.map((r) => this.toRecord(module, r)),
      );
      for (const r of records) out.set(r.id, r);
    }
    return out;
  }

  async nextKey(module: ModuleName, fields: Record<string, unknown>): Promise<string> {
    switch (module) {
      case 'Accounts': {
        const division = String(fields.ARDivisionNo ?? this.options.defaultDivision ?? '01');
        const { value } = await this.ebws.getNextCustomerNo();
        return `${division.padStart(2, '0')}-${value}`;
      }
      case 'Sales_Orders':
        return (await this.ebws.getNextSalesOrderNo()).value;
      case 'Contacts':
        return this.nextContactKey(fields);
      default:
        throw new Error(`${module} is read-only in Sage: no key to reserve`);
    }
  }

  /** A contact code from the name (up to 10 characters), numbered when already taken. */
  private async nextContactKey(fields: Record<string, unknown>): Promise<string> {
    const division = String(fields.ARDivisionNo ?? '');
    const customer = String(fields.CustomerNo ?? '');
    const base =
      String(fields.ContactName ?? 'CONTACT')
        .toUpperCase()
        .replace(/[^A-Z0-9]/g, '')
        .slice(0, 10) || 'CONTACT';
    for (let n = 0; n < 100; n++) {
      const suffix = n === 0 ? '' : String(n);
      const code = base.slice(0, 10 - suffix.length) + suffix;
      const taken = await this.agent.getRecords('AR_CustomerContact', [[division, customer, code]]);
      if (taken.length === 0) return `${division}-${customer}-${code}`;
    }
    throw new Error(`no free contact code for ${base} under ${division}-${customer}`);
  }

  async create(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult> {
    if (READ_ONLY.has(module)) return readOnly(module);
    const keyFields = sageKeyFields(CATALOG[module].sageKey, key);
    return this.attempt(key, true, () => {
      switch (module) {
        case 'Accounts': {
          const record = this.toContract({ ...fields, ...keyFields }, CUSTOMER_MEMBERS);
          return this.ebws.createCustomer(record as SageRecord & { ARDivisionNo: string });
        }
        case 'Contacts': {
          const record = this.toContract({ ...fields, ...keyFields }, CONTACT_MEMBERS);
          return this.ebws.createCustomerContact(record as never);
        }
        default: {
          const record = this.toContract({ ...fields, ...keyFields }, SALES_ORDER_MEMBERS);
          // Sage requires an order date; its own order entry defaults it to today.
          record.OrderDate ??= instantToSageDate(new Date(), this.options.timeZone).replace(
            /^(\d{4})(\d{2})(\d{2})$/,
            '$1-$2-$3',
          );
          record.Lines = (lines ?? []).map((l) => this.toContract(l, SALES_ORDER_LINE_MEMBERS));
          return this.ebws.createSalesOrder(record);
        }
      }
    });
  }

  async update(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult> {
    if (READ_ONLY.has(module)) return readOnly(module);
    const k = sageKeyFields(CATALOG[module].sageKey, key);
    return this.attempt(key, false, () => {
      switch (module) {
        case 'Accounts':
          return this.ebws.updateCustomer(
            { ARDivisionNo: k.ARDivisionNo ?? '', CustomerNo: k.CustomerNo ?? '' },
            this.toContract(fields, CUSTOMER_MEMBERS),
          );
        case 'Contacts':
          return this.ebws.updateCustomerContact(
            {
              ARDivisionNo: k.ARDivisionNo ?? '',
              CustomerNo: k.CustomerNo ?? '',
              ContactCode: k.ContactCode ?? '',
            },
            this.toContract(fields, CONTACT_MEMBERS),
          );
        default: {
          const changes = this.toContract(fields, SALES_ORDER_MEMBERS);
          if (lines) changes.Lines = lines.map((l) => this.toContract(l, SALES_ORDER_LINE_MEMBERS));
          return this.ebws.updateSalesOrder(key, changes);
        }
      }
    });
  }

  async delete(module: ModuleName, key: string): Promise<WriteResult> {
    if (READ_ONLY.has(module)) return readOnly(module);
    const k = sageKeyFields(CATALOG[module].sageKey, key);
    return this.attempt(key, false, () => {
      if (module === 'Accounts') {
        return this.ebws.deleteCustomer({
          ARDivisionNo: k.ARDivisionNo ?? '',
          CustomerNo: k.CustomerNo ?? '',
        });
      }
      if (module === 'Contacts') {
        return this.ebws.deleteCustomerContact({
          ARDivisionNo: k.ARDivisionNo ?? '',
          CustomerNo: k.CustomerNo ?? '',
          ContactCode: k.ContactCode ?? '',
        });
      }
      return this.ebws.deleteSalesOrder(key);
    });
  }

  async markInactive(module: ModuleName, key: string): Promise<WriteResult> {
    const marker = CATALOG[module].inactive.sage;
    if (!marker || READ_ONLY.has(module)) {
      return {
        ok: false,
        code: 'NOT_SUPPORTED',
        message: `${module} has no inactive flag Sage lets us set`,
        retryable: false,
      };
    }
    return this.update(module, key, { [marker.field]: marker.value });
  }

  /** One write with every eBWS try it made (record locks retried, reads around it), for the audit. */
  private async attempt(
    key: string,
    created: boolean,
    write: () => Promise<{ attempts: SageAttempt[] }>,
  ): Promise<WriteResult> {
    try {
      const { attempts } = await write();
      return {
        ok: true,
        id: key,
        version: new Date().toISOString(),
        created,
        tries: triesOf(attempts),
      };
    } catch (error) {
      if (!isSageError(error)) throw error;
      return {
        ok: false,
        code: error.code ?? KIND_CODE[error.kind] ?? error.kind,
        message: error.message,
        field: error.field,
        retryable: error.retryable,
        tries: triesOf(error.attempts),
      };
    }
  }

  /** Engine values to eBWS members: YYYYMMDD dates to YYYY-MM-DD, numeric text to numbers. */
  private toContract(fields: Record<string, unknown>, members: MemberDef[]): SageRecord {
    const kinds = new Map(members.map((m) => [m.name, m.kind]));
    const out: SageRecord = {};
    for (const [name, value] of Object.entries(fields)) {
      const kind = kinds.get(name);
      if (value === undefined) continue;
      if (kind === 'date' && typeof value === 'string' && /^\d{8}$/.test(value)) {
        out[name] = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
      } else if (kind === 'decimal' && typeof value === 'string' && value.trim() !== '') {
        out[name] = Number(value);
      } else if (kind === 'decimal' && (value === null || value === '')) {
        out[name] = 0;
      } else if (typeof value === 'boolean') {
        out[name] = value ? 'Y' : 'N';
      } else {
        out[name] = value as SageRecord[string];
      }
    }
    return out;
  }

  private toRecord(module: ModuleName, row: AgentRow, updatedAt?: string | null): GatewayRecord {
    const parts = CATALOG[module].sageKey;
    const id = parts.map((p) => String(row[p.field] ?? '').trim()).join('-');
    let version = updatedAt ?? undefined;
    if (!version && row.DateUpdated && row.DateUpdated !== '00000000') {
      try {
        version = sageToInstant(
          row.DateUpdated,
          row.TimeUpdated ?? '0',
          this.options.timeZone,
        ).toISOString();
      } catch {
        version = undefined;
      }
    }
    const fields: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(row)) fields[k] = typeof v === 'string' ? v.trim() : v;
    return { id, version: version ?? new Date(0).toISOString(), fields };
  }

  private async withLines(module: ModuleName, records: GatewayRecord[]): Promise<GatewayRecord[]> {
    const spec = LINES[module];
    if (!spec) return records;
    for (const r of records) {
      const parent =
        module === 'Invoices'
          ? [String(r.fields.InvoiceNo), String(r.fields.HeaderSeqNo)]
          : [String(r.fields.SalesOrderNo)];
      const rows = await this.agent.getChildren(spec.relation, parent);
      rows.sort((a, b) => String(a[spec.order] ?? '').localeCompare(String(b[spec.order] ?? '')));
      r.lines = rows.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
        ),
      );
    }
    return records;
  }
}

const readOnly = (module: ModuleName): WriteResult => ({
  ok: false,
  code: 'NOT_SUPPORTED',
  message: `${module} is read-only in Sage (no eBWS operation)`,
  retryable: false,
});

/** The eBWS client's attempts as the engine's write tries (the error as kind, code and words). */
const triesOf = (attempts: SageAttempt[]): WriteTry[] =>
  attempts.map((a) => ({
    operation: a.operation,
    try: a.attempt,
    outcome: a.outcome,
    at: a.at,
    ...(a.error
      ? { error: `${a.error.code ?? KIND_CODE[a.error.kind] ?? a.error.kind}: ${a.error.message}` }
      : {}),
  }));
