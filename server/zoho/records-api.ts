import { buildCriteria, type Criteria } from './criteria.js';
import { ZohoRequestError } from './errors.js';
import { followModified, type ModifiedPagesOptions } from './modified-pages.js';
import { coqlCredits } from './limits.js';
import { chunk, parseReply, zohoDateTime } from './parse.js';
import {
  countResponse,
  coqlResponse,
  deletedResponse,
  recordsResponse,
  writeResponse,
  type ZohoRecord,
} from './schemas.js';
import {
  checkRecordId,
  fieldList,
  MAX_PER_PAGE,
  modulePath,
  WRITE_BATCH,
} from './records-request.js';
import type {
  DeletedRecord,
  PageCursor,
  RecordsPage,
  Send,
  UpsertOptions,
  WriteOptions,
} from './records-types.js';
import type { ZohoCall } from './transport.js';
import { toOutcome, type WriteOutcome } from './write-outcomes.js';

export type * from './records-types.js';
export { MAX_FIELDS, MAX_PER_PAGE, WRITE_BATCH } from './records-request.js';
export type { WriteFailure, WriteOutcome, WriteSuccess } from './write-outcomes.js';

/** Records of one tenant's org: read, page, search, COQL, upsert, update, deleted. */

export class ZohoRecordsApi {
  constructor(private readonly send: Send) {}

  async getRecord(module: string, id: string, fields: string[]): Promise<ZohoRecord | undefined> {
    checkRecordId(id);
    const reply = await this.send({
      method: 'GET',
      path: `${modulePath(module)}/${id}`,
      query: { fields: fieldList(fields) },
    });
    if (reply.status === 204) return undefined;
    return parseReply(recordsResponse, reply.body, `GET ${module}/{id}`).data[0];
  }

  /**
   * One page of a module, oldest change first, optionally only records modified at or after
   * `since`. Pass the page's `next` back for the following page: a `page_token` past Zoho's
   * 2,000-record `page` cap, or a page number when Zoho gives no token. Zoho binds a token to the
   * request that issued it (TOKEN_BOUND_DATA_MISMATCH otherwise), so every page sends the same
   * fields, sort and `If-Modified-Since`; only `page` gives way to `page_token`.
   */
  async listPage(
    module: string,
    options: { fields: string[]; since?: Date | string; perPage?: number; next?: PageCursor },
  ): Promise<RecordsPage> {
    const perPage = Math.min(options.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE);
    const base = {
      fields: fieldList(options.fields),
      per_page: perPage,
      sort_by: 'Modified_Time',
      sort_order: 'asc',
    };
    const headers = options.since
      ? { 'If-Modified-Since': zohoDateTime(options.since) }
      : undefined;
    const next = options.next;
    const query: ZohoCall['query'] =
      next && 'pageToken' in next
        ? { ...base, page_token: next.pageToken }
        : { ...base, page: next?.page ?? 1 };
    const reply = await this.send({ method: 'GET', path: modulePath(module), query, headers });
    // 304: nothing modified since; 204: the module is empty.
    if (reply.status === 304 || reply.status === 204) return { records: [], more: false };
    const page = parseReply(recordsResponse, reply.body, `GET ${module}`);
    const more = page.info.more_records;
    return {
      records: page.data,
      more,
      ...(more
        ? {
            next: page.info.next_page_token
              ? { pageToken: page.info.next_page_token }
              : { page: (next && 'page' in next ? next.page : 1) + 1 },
          }
        : {}),
    };
  }

  /** Records modified at or after `since`, oldest first, one page at a time (see followModified). */
  listModified(module: string, options: ModifiedPagesOptions): AsyncGenerator<RecordsPage> {
    return followModified((o) => this.listPage(module, o), options);
  }

  /** Records by id (up to 100 per call, more in several); unknown ids are simply absent. */
  async getRecords(module: string, ids: string[], fields: string[]): Promise<ZohoRecord[]> {
    for (const id of ids) {
      checkRecordId(id);
    }
    const out: ZohoRecord[] = [];
    for (const batch of chunk(ids, WRITE_BATCH)) {
      const reply = await this.send({
        method: 'GET',
        path: modulePath(module),
        query: { ids: batch.join(','), fields: fieldList(fields), per_page: MAX_PER_PAGE },
      });
      if (reply.status === 204) continue;
      out.push(...parseReply(recordsResponse, reply.body, `GET ${module}?ids`).data);
    }
    return out;
  }

  /** Deletes records by id (to Zoho's recycle bin), up to 100 per call; one outcome per id. */
  async deleteRecords(
    module: string,
    ids: string[],
    options: WriteOptions = {},
  ): Promise<WriteOutcome[]> {
    for (const id of ids) {
      checkRecordId(id);
    }
    const outcomes: WriteOutcome[] = [];
    let offset = 0;
    for (const batch of chunk(ids, WRITE_BATCH)) {
      const reply = await this.send({
        method: 'DELETE',
        path: modulePath(module),
        query: {
          ids: batch.join(','),
          wf_trigger: options.trigger ? options.trigger.includes('workflow') : undefined,
        },
      });
      const parsed = parseReply(writeResponse, reply.body, `DELETE ${module}`);
      parsed.data.forEach((entry, i) => {
        const o = { ...toOutcome(entry, offset + i), tries: reply.tries };
        outcomes.push(o.ok ? { ...o, action: 'delete' } : o);
      });
      offset += batch.length;
    }
    return outcomes;
  }

  /** Every record matching the criteria (Zoho returns at most 2,000 per search). */
  async search(
    module: string,
    criteria: Criteria,
    options: { fields?: string[]; perPage?: number } = {},
  ): Promise<ZohoRecord[]> {
    const perPage = Math.min(options.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE);
    const text = buildCriteria(criteria);
    const out: ZohoRecord[] = [];
    for (let page = 1; page * perPage <= 2000; page++) {
      const reply = await this.send({
        method: 'GET',
        path: `${modulePath(module)}/search`,
        query: {
          criteria: text,
          page,
          per_page: perPage,
          ...(options.fields ? { fields: fieldList(options.fields) } : {}),
        },
      });
      if (reply.status === 204) break;
      const parsed = parseReply(recordsResponse, reply.body, `GET ${module}/search`);
      out.push(...parsed.data);
      if (!parsed.info.more_records) break;
    }
    return out;
  }

  /**
   * How many records the module has, or has modified at or after `since` (Zoho's record count;
   * it may lag the latest changes by minutes, so it is an estimate, for progress only).
   */
  async count(module: string, options: { since?: Date | string } = {}): Promise<number> {
    const since = options.since;
    const criteria = since
      ? buildCriteria({ field: 'Modified_Time', op: 'greater_equal', value: zohoDateTime(since) })
      : undefined;
    const reply = await this.send({
      method: 'GET',
      path: `${modulePath(module)}/actions/count`,
      query: criteria ? { criteria } : {},
    });
    return parseReply(countResponse, reply.body, `GET ${module}/actions/count`).count;
  }

  /** One COQL query; page with LIMIT offset, count (at most 2,000 per call). */
  async coql(query: string): Promise<{ records: Array<Record<string, unknown>>; more: boolean }> {
    // Zoho refuses COQL without WHERE (SYNTAX_ERROR "missing clause"): say so before spending a call.
    if (!/\swhere\s/i.test(query)) {
      throw new ZohoRequestError('a COQL query needs a WHERE clause (Zoho refuses one without)');
    }
    const m = /limit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(query);
    const limit = m ? Number(m[2] ?? m[1]) : 200;
    const reply = await this.send({
      method: 'POST',
      path: '/crm/v8/coql',
      body: { select_query: query },
      credits: coqlCredits(limit),
    });
    if (reply.status === 204) return { records: [], more: false };
    const parsed = parseReply(coqlResponse, reply.body, 'POST coql');
    return { records: parsed.data, more: parsed.info.more_records };
  }

  /** Inserts or updates, matched on `duplicateCheckFields`, in batches of 100. */
  upsert(module: string, records: Array<Record<string, unknown>>, options: UpsertOptions = {}) {
    return this.write('POST', `${modulePath(module)}/upsert`, records, {
      ...(options.trigger ? { trigger: options.trigger } : {}),
      ...(options.duplicateCheckFields
        ? { duplicate_check_fields: options.duplicateCheckFields }
        : {}),
    });
  }

  /** Updates records by id, in batches of 100. Each record needs its `id`. */
  async update(
    module: string,
    records: Array<Record<string, unknown>>,
    options: WriteOptions = {},
  ) {
    records.forEach((r, i) => {
      if (typeof r.id !== 'string') throw new ZohoRequestError(`record ${i} has no id to update`);
    });
    return this.write(
      'PUT',
      modulePath(module),
      records,
      options.trigger ? { trigger: options.trigger } : {},
    );
  }

  /** Records deleted at or after `since`, newest first, one page at a time. */
  async *listDeleted(
    module: string,
    options: {
      since?: Date | string;
      type?: 'all' | 'recycle' | 'permanent';
      perPage?: number;
    } = {},
  ): AsyncGenerator<DeletedRecord[]> {
    const perPage = Math.min(options.perPage ?? MAX_PER_PAGE, MAX_PER_PAGE);
    const headers = options.since
      ? { 'If-Modified-Since': zohoDateTime(options.since) }
      : undefined;
    for (let page = 1; ; page++) {
      const reply = await this.send({
        method: 'GET',
        path: `${modulePath(module)}/deleted`,
        query: { type: options.type ?? 'all', page, per_page: perPage },
        headers,
      });
      if (reply.status === 204 || reply.status === 304) return;
      const parsed = parseReply(deletedResponse, reply.body, `GET ${module}/deleted`);
      yield parsed.data.map((d) => ({
        id: d.id,
        displayName: d.display_name ?? undefined,
        type: d.type,
        deletedTime: d.deleted_time,
        deletedBy: d.deleted_by ?? undefined,
      }));
      if (!parsed.info.more_records) return;
    }
  }

  private async write(
    method: 'POST' | 'PUT',
    path: string,
    records: Array<Record<string, unknown>>,
    extra: Record<string, unknown>,
  ): Promise<WriteOutcome[]> {
    const outcomes: WriteOutcome[] = [];
    let offset = 0;
    for (const batch of chunk(records, WRITE_BATCH)) {
      // Zoho appends a subform row sent without an id: a retry of such a write after a lost
      // answer would add the rows a second time, so it is not repeated blindly. The record
      // fails retryable instead, and the next run reads what Zoho holds before writing again.
      const appends = batch.some(appendsSubformRows);
      const reply = await this.send({
        method,
        path,
        body: { data: batch, ...extra },
        ...(appends ? { idempotent: false } : {}),
      });
      const parsed = parseReply(writeResponse, reply.body, `${method} ${path}`);
      if (parsed.data.length !== batch.length) {
        throw new ZohoRequestError(
          `Zoho answered ${parsed.data.length} results for ${batch.length} records`,
        );
      }
      parsed.data.forEach((entry, i) =>
        outcomes.push({ ...toOutcome(entry, offset + i), tries: reply.tries }),
      );
      offset += batch.length;
    }
    return outcomes;
  }
}

/** Whether a record written carries a subform row without an id (a row Zoho would append). */
function appendsSubformRows(record: Record<string, unknown>): boolean {
  return Object.values(record).some(
    (value) =>
      Array.isArray(value) &&
      value.some(
        (row) => typeof row === 'object' && row !== null && !Array.isArray(row) && !('id' in row),
      ),
  );
}
