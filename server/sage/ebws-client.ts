import { z } from 'zod';
import {
  CONTACT_MEMBERS,
  CUSTOMER_MEMBERS,
  SALES_ORDER_MEMBERS,
  type MemberDef,
} from './contracts.js';
import { SageError, type SageAttempt } from './errors.js';
import {
  collect,
  EbwsTransport,
  resultOf,
  type SageCallResult,
  type SageClientOptions,
  type SageEndpointSettings,
} from './ebws-transport.js';
import { toSageError } from './fault-mapping.js';
import type { RetryPolicy } from './retry.js';
import {
  mergeLines,
  mergeRecord,
  parseContact,
  parseCustomer,
  parseSalesOrder,
  toRequestRecord,
  type ContractInformation,
  type SageCustomer,
  type SageCustomerContact,
  type SageRecord,
  type SageSalesOrder,
} from './records.js';

export {
  normaliseEndpoint,
  type SageCallResult,
  type SageClientOptions,
  type SageEndpointSettings,
} from './ebws-transport.js';

/**
 * The Sage 100 eBWS client: one per tenant connection. Entity-level calls with Sage's member
 * names; logon and company code on every call; a timeout on every call; retries for locks and
 * transient failures; every attempt returned for the audit log. The WSDL is the vendored copy
 * (pitfall P1); the endpoint comes from the tenant's settings.
 */

export interface CustomerKey {
  ARDivisionNo: string;
  CustomerNo: string;
}
export interface ContactKey extends CustomerKey {
  ContactCode: string;
}

const nextNoSchema = (field: string) =>
  z.object({ [field]: z.union([z.string(), z.number()]).transform(String) });

const contractSchema = z.object({
  GetContractInformationResult: z.object({
    AssemblyVersion: z
      .string()
      .nullish()
      .transform((v) => v ?? ''),
    ContractVersion: z.coerce.number(),
    NullDateTime: z
      .union([z.string(), z.date()])
      .transform((v) => (typeof v === 'string' ? v : v.toISOString().slice(0, 19))),
  }),
});

/** A put over a snapshot is tried once: its retry reads the record again. */
const SINGLE_ATTEMPT: RetryPolicy = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 };

export class SageEbwsClient {
  private readonly transport: EbwsTransport;
  private readonly settings: SageEndpointSettings;

  constructor(settings: SageEndpointSettings, options: SageClientOptions) {
    this.transport = new EbwsTransport(settings, options);
    this.settings = settings;
  }

  get endpointUrl(): string {
    return this.transport.endpoint;
  }

  // ---- contract ----------------------------------------------------------------------------

  /** Reachability check: needs no logon (reference P13). */
  async getContractInformation(): Promise<SageCallResult<ContractInformation>> {
    return this.transport.call(
      'GetContractInformation',
      {},
      (raw) => {
        const parsed = contractSchema.safeParse(raw);
        if (!parsed.success)
          throw new SageError(
            'protocol',
            'unexpected GetContractInformation answer',
            'GetContractInformation',
          );
        return parsed.data.GetContractInformationResult;
      },
      { withLogon: false },
    );
  }

  // ---- customers -----------------------------------------------------------------------------

  async getCustomer(key: CustomerKey): Promise<SageCallResult<SageCustomer>> {
    return this.transport.call(
      'GetCustomer',
      { arDivisionNo: key.ARDivisionNo, customerNo: key.CustomerNo },
      (raw) => parseCustomer(resultOf(raw, 'GetCustomer'), this.settings.timeZone),
    );
  }

  /** Takes a number from Sage's counter. Every call consumes one (P2): prefer createCustomer. */
  async getNextCustomerNo(): Promise<SageCallResult<string>> {
    return this.nextNumber('GetNextCustomerNo');
  }

  /**
   * Creates a customer. Without CustomerNo, one number is taken with GetNextCustomerNo and
   * reported to `onKeyReserved` (so the caller can record its intent) before the create; every
   * retry reuses it, and a thrown error carries it as `reservedKey`.
   */
  async createCustomer(
    customer: SageRecord & { ARDivisionNo: string; CustomerNo?: string },
    hooks: { onKeyReserved?: (key: CustomerKey) => Promise<void> | void } = {},
  ): Promise<SageCallResult<CustomerKey>> {
    const attempts: SageAttempt[] = [];
    let customerNo = customer.CustomerNo;
    if (!customerNo) {
      customerNo = (await this.nextNumber('GetNextCustomerNo', attempts)).value;
    }
    const key: CustomerKey = { ARDivisionNo: customer.ARDivisionNo, CustomerNo: customerNo };
    try {
      await hooks.onKeyReserved?.(key);
      const record = toRequestRecord(
        { ...customer, ...key },
        CUSTOMER_MEMBERS,
        this.settings.timeZone,
        'CreateCustomer',
      );
      await this.createOnce('CreateCustomer', { customer: record }, attempts, () =>
        this.getCustomer(key),
      );
      return { value: key, attempts };
    } catch (err) {
      throw this.withKey(err, key, attempts, 'CreateCustomer');
    }
  }

  /**
   * Get–merge–update (P4): lays `changes` over the customer as Sage holds it and sends it back.
   * With `current` (the customer as the on-premises agent has just read it, `contractFromRow`)
   * that is the "get": one eBWS call instead of two (ADR 0076). Should that put fail in a way a
   * retry may cure (the record in use by a Sage user, who may be saving what the snapshot
   * lacks; a timeout), it is not retried with the snapshot: the customer is read again first.
   */
  async updateCustomer(
    key: CustomerKey,
    changes: Partial<SageCustomer>,
    options: { current?: SageCustomer } = {},
  ): Promise<SageCallResult<SageCustomer>> {
    return this.mergeAndUpdate(
      'UpdateCustomer',
      'customer',
      CUSTOMER_MEMBERS,
      () => this.getCustomer(key),
      { ...changes, ...key },
      options.current,
    );
  }

  async deleteCustomer(key: CustomerKey): Promise<SageCallResult<void>> {
    return this.transport.call(
      'DeleteCustomer',
      { arDivisionNo: key.ARDivisionNo, customerNo: key.CustomerNo },
      () => undefined,
    );
  }

  // ---- contacts ------------------------------------------------------------------------------

  async getCustomerContact(key: ContactKey): Promise<SageCallResult<SageCustomerContact>> {
    return this.transport.call(
      'GetCustomerContact',
      { arDivisionNo: key.ARDivisionNo, customerNo: key.CustomerNo, contactCode: key.ContactCode },
      (raw) => parseContact(resultOf(raw, 'GetCustomerContact'), this.settings.timeZone),
    );
  }

  async createCustomerContact(contact: SageCustomerContact): Promise<SageCallResult<ContactKey>> {
    const key: ContactKey = {
      ARDivisionNo: contact.ARDivisionNo,
      CustomerNo: contact.CustomerNo,
      ContactCode: contact.ContactCode,
    };
    const attempts: SageAttempt[] = [];
    try {
      const record = toRequestRecord(
        contact,
        CONTACT_MEMBERS,
        this.settings.timeZone,
        'CreateCustomerContact',
      );
      await this.createOnce('CreateCustomerContact', { customerContact: record }, attempts, () =>
        this.getCustomerContact(key),
      );
      return { value: key, attempts };
    } catch (err) {
      throw this.withKey(err, key, attempts, 'CreateCustomerContact');
    }
  }

  async updateCustomerContact(
    key: ContactKey,
    changes: Partial<SageCustomerContact>,
    options: { current?: SageCustomerContact } = {},
  ): Promise<SageCallResult<SageCustomerContact>> {
    return this.mergeAndUpdate(
      'UpdateCustomerContact',
      'customerContact',
      CONTACT_MEMBERS,
      () => this.getCustomerContact(key),
      { ...changes, ...key },
      options.current,
    );
  }

  /**
   * The put of an update, merged over `current` when the caller read the record already (one
   * attempt: a retryable failure reads the record again), else over a fresh Get.
   */
  private async mergeAndUpdate<T extends SageRecord>(
    operation: string,
    param: string,
    members: MemberDef[],
    read: () => Promise<SageCallResult<T>>,
    changes: Partial<T>,
    current: T | undefined,
  ): Promise<SageCallResult<T>> {
    const attempts: SageAttempt[] = [];
    const put = async (base: T, retry?: RetryPolicy): Promise<T> => {
      const merged = mergeRecord(base, changes);
      const record = toRequestRecord(merged, members, this.settings.timeZone, operation);
      await collect(
        this.transport.call(operation, { [param]: record }, () => undefined, { retry }),
        attempts,
      );
      return merged;
    };
    // The put over the snapshot is the write's first try: the policy's count holds for both.
    const policy = this.transport.retryPolicy;
    try {
      if (current) {
        try {
          return { value: await put(current, SINGLE_ATTEMPT), attempts };
        } catch (err) {
          if (!(err instanceof SageError) || !err.retryable || policy.maxAttempts < 2) throw err;
        }
      }
      const fresh = await collect(read(), attempts);
      const rest = current ? { ...policy, maxAttempts: policy.maxAttempts - 1 } : undefined;
      return { value: await put(fresh, rest), attempts };
    } finally {
      // Tries of the put numbered as one write's, in the audit.
      let n = 0;
      for (const a of attempts) if (a.operation === operation) a.attempt = ++n;
    }
  }

  async deleteCustomerContact(key: ContactKey): Promise<SageCallResult<void>> {
    return this.transport.call(
      'DeleteCustomerContact',
      { arDivisionNo: key.ARDivisionNo, customerNo: key.CustomerNo, contactCode: key.ContactCode },
      () => undefined,
    );
  }

  // ---- sales orders --------------------------------------------------------------------------

  async getSalesOrder(salesOrderNo: string): Promise<SageCallResult<SageSalesOrder>> {
    return this.transport.call('GetSalesOrder', { salesOrderNo }, (raw) =>
      parseSalesOrder(resultOf(raw, 'GetSalesOrder'), this.settings.timeZone),
    );
  }

  async getNextSalesOrderNo(): Promise<SageCallResult<string>> {
    return this.nextNumber('GetNextSalesOrderNo');
  }

  /** An empty order with the customer's defaults (bill-to, ship-to, terms). */
  async getSalesOrderTemplate(key: CustomerKey): Promise<SageCallResult<SageSalesOrder>> {
    return this.transport.call(
      'GetSalesOrderTemplate',
      { arDivisionNo: key.ARDivisionNo, customerNo: key.CustomerNo },
      (raw) => parseSalesOrder(resultOf(raw, 'GetSalesOrderTemplate'), this.settings.timeZone),
    );
  }

  /** What Sage would store (defaults, extensions, totals) without storing it. */
  async previewSalesOrder(order: Partial<SageSalesOrder>): Promise<SageCallResult<SageSalesOrder>> {
    const record = toRequestRecord(
      order as SageRecord,
      SALES_ORDER_MEMBERS,
      this.settings.timeZone,
      'PreviewSalesOrder',
    );
    return this.transport.call('PreviewSalesOrder', { salesOrder: record }, (raw) =>
      parseSalesOrder(resultOf(raw, 'PreviewSalesOrder'), this.settings.timeZone),
    );
  }

  /** Like createCustomer: one GetNextSalesOrderNo at most, reused on every retry. */
  async createSalesOrder(
    order: SageRecord & { SalesOrderNo?: string },
    hooks: { onKeyReserved?: (key: { SalesOrderNo: string }) => Promise<void> | void } = {},
  ): Promise<SageCallResult<{ SalesOrderNo: string }>> {
    const attempts: SageAttempt[] = [];
    let salesOrderNo = order.SalesOrderNo;
    if (!salesOrderNo)
      salesOrderNo = (await this.nextNumber('GetNextSalesOrderNo', attempts)).value;
    const key = { SalesOrderNo: salesOrderNo };
    try {
      await hooks.onKeyReserved?.(key);
      const record = toRequestRecord(
        { ...order, ...key },
        SALES_ORDER_MEMBERS,
        this.settings.timeZone,
        'CreateSalesOrder',
      );
      await this.createOnce('CreateSalesOrder', { salesOrder: record }, attempts, () =>
        this.getSalesOrder(salesOrderNo),
      );
      return { value: key, attempts };
    } catch (err) {
      throw this.withKey(err, key, attempts, 'CreateSalesOrder');
    }
  }

  /** Get–merge–update; `changes.Lines`, when given, is the complete new line list. */
  async updateSalesOrder(
    salesOrderNo: string,
    changes: Partial<SageSalesOrder>,
  ): Promise<SageCallResult<SageSalesOrder>> {
    const attempts: SageAttempt[] = [];
    const current = await collect(this.getSalesOrder(salesOrderNo), attempts);
    const merged = mergeRecord(current, { ...changes, SalesOrderNo: salesOrderNo });
    // Each changed line is laid over the order's line for it (its LineKey, else the same item):
    // the members no mapping names go back as Sage returned them (mergeLines).
    if (changes.Lines) merged.Lines = mergeLines(current.Lines, changes.Lines);
    const record = toRequestRecord(
      merged,
      SALES_ORDER_MEMBERS,
      this.settings.timeZone,
      'UpdateSalesOrder',
    );
    await collect(
      this.transport.call('UpdateSalesOrder', { salesOrder: record }, () => undefined),
      attempts,
    );
    return { value: merged, attempts };
  }

  async deleteSalesOrder(salesOrderNo: string): Promise<SageCallResult<void>> {
    return this.transport.call('DeleteSalesOrder', { salesOrderNo }, () => undefined);
  }

  // ---- plumbing ------------------------------------------------------------------------------

  private async nextNumber(
    operation: 'GetNextCustomerNo' | 'GetNextSalesOrderNo',
    attempts: SageAttempt[] = [],
  ): Promise<SageCallResult<string>> {
    // A lost answer may still have consumed a number; retrying then consumes another. That is
    // Sage's design (P2): what matters is that one record never gets two numbers.
    return this.transport.call(
      operation,
      {},
      (raw) => {
        const parsed = nextNoSchema(`${operation}Result`).safeParse(raw);
        if (!parsed.success)
          throw new SageError('protocol', `unexpected ${operation} answer`, operation);
        const value = parsed.data[`${operation}Result`];
        if (!value) throw new SageError('protocol', `${operation} returned no number`, operation);
        return value;
      },
      { attempts },
    );
  }

  /**
   * Runs a Create with retries. When an earlier attempt's outcome is unknown (timeout, dropped)
   * and a retry answers "already exists", the first attempt did create it: confirm by reading the
   * record back and report success rather than a duplicate.
   */
  private async createOnce(
    operation: string,
    args: Record<string, unknown>,
    attempts: SageAttempt[],
    readBack: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await this.transport.call(operation, args, () => undefined, { attempts });
    } catch (err) {
      const ambiguousBefore = attempts.some(
        (a) =>
          a.operation === operation &&
          (a.error?.kind === 'timeout' || a.error?.kind === 'connection_dropped'),
      );
      if (err instanceof SageError && err.kind === 'already_exists' && ambiguousBefore) {
        await collect(readBack() as Promise<SageCallResult<unknown>>, attempts);
        return;
      }
      throw err;
    }
  }

  private withKey(
    err: unknown,
    key: CustomerKey | ContactKey | { SalesOrderNo: string },
    attempts: SageAttempt[],
    operation: string,
  ): SageError {
    const e = toSageError(err, operation);
    e.reservedKey = { ...key };
    e.attempts = attempts;
    return e;
  }
}
