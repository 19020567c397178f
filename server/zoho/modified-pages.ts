import { ZohoApiError } from './errors.js';
import { MAX_FIELDS } from './records-request.js';
import type { PageCursor, RecordsPage } from './records-types.js';
import type { ZohoRecord } from './schemas.js';

/** Errors after which a long read starts a new query where it stopped. */
const RESTART_CODES = new Set(['PAGINATION_LIMIT_EXCEEDED', 'EXPIRED_VALUE']);

const modifiedMs = (r: ZohoRecord): number | undefined => {
  const ms = typeof r.Modified_Time === 'string' ? Date.parse(r.Modified_Time) : Number.NaN;
  return Number.isNaN(ms) ? undefined : ms;
};

export interface ModifiedPagesOptions {
  since?: Date | string;
  fields: string[];
  perPage?: number;
}

/**
 * Records modified at or after `since` (all records when omitted), oldest first, one page at a
 * time. Past Zoho's 2,000-record `page` cap it follows `page_token`, so every record comes once.
 * A token reaches 100,000 records at most (PAGINATION_LIMIT_EXCEEDED) and lives a day
 * (EXPIRED_VALUE): then a new query starts at the last Modified_Time read, leaving out the
 * records already given at that instant.
 */
export async function* followModified(
  listPage: (options: ModifiedPagesOptions & { next?: PageCursor }) => Promise<RecordsPage>,
  options: ModifiedPagesOptions,
): AsyncGenerator<RecordsPage> {
  const fields =
    options.fields.includes('Modified_Time') || options.fields.length >= MAX_FIELDS
      ? options.fields
      : [...options.fields, 'Modified_Time'];
  let since = options.since;
  let next: PageCursor | undefined;
  let lastMs = Number.NEGATIVE_INFINITY;
  let atLast = new Set<string>();
  let skip = new Set<string>();
  for (;;) {
    let page: RecordsPage;
    try {
      page = await listPage({ ...options, fields, since, next });
    } catch (error) {
      const restartable =
        error instanceof ZohoApiError &&
        RESTART_CODES.has(error.code) &&
        next !== undefined &&
        Number.isFinite(lastMs);
      if (!restartable) throw error;
      since = new Date(lastMs);
      skip = atLast;
      next = undefined;
      continue;
    }
    const records = page.records.filter((r) => !(skip.has(r.id) && modifiedMs(r) === lastMs));
    for (const r of records) {
      const ms = modifiedMs(r);
      if (ms === undefined) continue;
      if (ms > lastMs) {
        lastMs = ms;
        atLast = new Set();
      }
      if (ms === lastMs) atLast.add(r.id);
    }
    if (records.length === 0 && !page.more) return;
    yield { ...page, records };
    if (!page.next) return;
    next = page.next;
  }
}
