import { CATALOG, sageKeyFields } from '../sync/catalog/index.js';
import type { GatewayRecord, LineFields, WriteResult, WriteTry } from '../sync/gateways.js';
import type { ModuleName } from '../sync/vocabulary.js';
import {
  CONTACT_MEMBERS,
  CUSTOMER_MEMBERS,
  SALES_ORDER_LINE_MEMBERS,
  SALES_ORDER_MEMBERS,
} from './contracts.js';
import type { SageEbwsClient } from './ebws-client.js';
import { isSageError, type SageAttempt, type SageErrorKind } from './errors.js';
import type { SageRecord } from './records.js';
import { toContract } from './sage-contract-values.js';
import { updateSnapshot } from './row-snapshot.js';
import { READ_ONLY } from './sage-modules.js';
import { instantToSageDate } from './sage-time.js';

/**
 * The gateway's writes through eBWS: customers, contacts and sales orders (the only entities it
 * has operations for). Failures are values, with every eBWS try the write made, so the record's
 * audit event shows record locks retried and the engine retries what Sage says it may.
 */

const KIND_CODE: Partial<Record<SageErrorKind, string>> = {
  already_exists: 'WS_AlreadyExists',
  not_found: 'CI_NoKey',
};

const readOnly = (module: ModuleName): WriteResult => ({
  ok: false,
  code: 'NOT_SUPPORTED',
  message: `${module} is read-only in Sage (no eBWS operation)`,
  retryable: false,
});

export class SageWrites {
  constructor(
    private readonly ebws: SageEbwsClient,
    private readonly timeZone: string,
    /** The engine's clock (the tests' and benchmarks' rig moves it): "today" for Sage. */
    private readonly now: () => Date = () => new Date(),
  ) {}

  async create(
    module: ModuleName,
    key: string,
    fields: Record<string, unknown>,
    lines?: LineFields[],
  ): Promise<WriteResult> {
    if (READ_ONLY.has(module)) return readOnly(module);
    const keyFields = sageKeyFields(CATALOG[module].sageKey, key);
    return attempt(key, true, () => {
      switch (module) {
        case 'Accounts': {
          const record = toContract({ ...fields, ...keyFields }, CUSTOMER_MEMBERS);
          return this.ebws.createCustomer(record as SageRecord & { ARDivisionNo: string });
        }
        case 'Contacts': {
          const record = toContract({ ...fields, ...keyFields }, CONTACT_MEMBERS);
          return this.ebws.createCustomerContact(record as never);
        }
        default: {
          const record = toContract({ ...fields, ...keyFields }, SALES_ORDER_MEMBERS);
          // Sage requires an order date; its own order entry defaults it to today.
          record.OrderDate ??= instantToSageDate(this.now(), this.timeZone).replace(
            /^(\d{4})(\d{2})(\d{2})$/,
            '$1-$2-$3',
          );
          record.Lines = (lines ?? []).map((l) => toContract(l, SALES_ORDER_LINE_MEMBERS));
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
    options: { current?: GatewayRecord } = {},
  ): Promise<WriteResult> {
    if (READ_ONLY.has(module)) return readOnly(module);
    const k = sageKeyFields(CATALOG[module].sageKey, key);
    // The record as the run has just read it through the agent: the put's base (ADR 0076).
    const { current } = options;
    return attempt(key, false, () => {
      switch (module) {
        case 'Accounts':
          return this.ebws.updateCustomer(
            { ARDivisionNo: k.ARDivisionNo ?? '', CustomerNo: k.CustomerNo ?? '' },
            toContract(fields, CUSTOMER_MEMBERS),
            { current: updateSnapshot(key, current, CUSTOMER_MEMBERS) },
          );
        case 'Contacts':
          return this.ebws.updateCustomerContact(
            {
              ARDivisionNo: k.ARDivisionNo ?? '',
              CustomerNo: k.CustomerNo ?? '',
              ContactCode: k.ContactCode ?? '',
            },
            toContract(fields, CONTACT_MEMBERS),
            { current: updateSnapshot(key, current, CONTACT_MEMBERS) },
          );
        default: {
          const changes = toContract(fields, SALES_ORDER_MEMBERS);
          if (lines) changes.Lines = lines.map((l) => toContract(l, SALES_ORDER_LINE_MEMBERS));
          return this.ebws.updateSalesOrder(key, changes);
        }
      }
    });
  }

  async delete(module: ModuleName, key: string): Promise<WriteResult> {
    if (READ_ONLY.has(module)) return readOnly(module);
    const k = sageKeyFields(CATALOG[module].sageKey, key);
    return attempt(key, false, () => {
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

  /** Sets the catalog's inactive flag by an update; NOT_SUPPORTED where Sage has none to set. */
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
}

/** One write with every eBWS try it made (record locks retried, reads around it), for the audit. */
async function attempt(
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
