import type { DealDirectory, WriteResult } from '../sync/gateways.js';
import { DEAL_OPPORTUNITY_FIELD, DEALS_MODULE } from './extension-fields.js';
import type { ZohoRecordsApi } from './records-api.js';

/** The standard lookup a Zoho sales order names its Deal in. */
const ORDER_DEAL_FIELD = 'Deal_Name';
/** COQL takes at most 50 values in one `in`. */
const BATCH = 50;
const NUMBER = /^[A-Za-z0-9-]{1,30}$/;
const ID = /^\d{1,30}$/;

const idOf = (value: unknown): string | undefined => {
  if (typeof value === 'object' && value !== null && 'id' in value)
    return String((value as { id: unknown }).id);
  return typeof value === 'string' && value !== '' ? value : undefined;
};

/**
 * Deals over COQL (ADR 0066): one call per 50 numbers or ids, a credit per call. Only ids and
 * opportunity numbers of a safe shape reach a query, so no value can change its meaning.
 */
export class ZohoDealDirectory implements DealDirectory {
  constructor(
    private readonly records: ZohoRecordsApi,
    private readonly write: (
      call: () => ReturnType<ZohoRecordsApi['update']>,
    ) => Promise<WriteResult>,
  ) {}

  private async select(
    module: string,
    fields: string[],
    where: string,
    values: string[],
  ): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    for (let i = 0; i < values.length; i += BATCH) {
      const batch = values.slice(i, i + BATCH);
      const { records } = await this.records.coql(
        `select ${fields.join(', ')} from ${module} where ${where} in (${batch.join(', ')}) limit 200`,
      );
      out.push(...(records as Array<Record<string, unknown>>));
    }
    return out;
  }

  async byOpportunity(numbers: string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(numbers.map((n) => n.trim().toUpperCase()))].filter((n) =>
      NUMBER.test(n),
    );
    const field = DEAL_OPPORTUNITY_FIELD.apiName;
    const rows = await this.select(
      DEALS_MODULE,
      ['id', field],
      field,
      wanted.map((n) => `'${n}'`),
    );
    const out = new Map<string, string>();
    for (const r of rows) {
      const n = typeof r[field] === 'string' ? r[field].toUpperCase() : undefined;
      if (n && typeof r.id === 'string') out.set(n, r.id);
    }
    return out;
  }

  async opportunities(dealIds: string[]): Promise<Map<string, string>> {
    const field = DEAL_OPPORTUNITY_FIELD.apiName;
    const ids = [...new Set(dealIds)].filter((id) => ID.test(id));
    const rows = await this.select(DEALS_MODULE, ['id', field], 'id', ids);
    const out = new Map<string, string>();
    for (const r of rows) {
      if (typeof r.id === 'string' && typeof r[field] === 'string' && r[field] !== '')
        out.set(r.id, r[field]);
    }
    return out;
  }

  async ofOrders(orderIds: string[]): Promise<Map<string, string>> {
    const ids = [...new Set(orderIds)].filter((id) => ID.test(id));
    const rows = await this.select('Sales_Orders', ['id', ORDER_DEAL_FIELD], 'id', ids);
    const out = new Map<string, string>();
    for (const r of rows) {
      const deal = idOf(r[ORDER_DEAL_FIELD]);
      if (typeof r.id === 'string' && deal) out.set(r.id, deal);
    }
    return out;
  }

  setStage(dealId: string, stage: string): Promise<WriteResult> {
    return this.write(() => this.records.update(DEALS_MODULE, [{ id: dealId, Stage: stage }]));
  }
}
