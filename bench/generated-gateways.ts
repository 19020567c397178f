import type {
  ChangePage,
  CrmGateway,
  CrmUpsert,
  GatewayRecord,
  RecordPage,
  SageGateway,
  WriteResult,
} from '../server/sync/gateways.js';
import type { ModuleName } from '../server/sync/vocabulary.js';

/**
 * Gateways for benchmarks of the engine alone: a Sage feed of generated customers, made page by
 * page from the cursor, and a Zoho that answers upserts with new ids. Neither holds the records,
 * so what a run's memory and CPU show is the engine's and its storage's own, not a simulator's.
 */

const AT = Date.parse('2026-11-21T12:00:00Z');

/**
 * Customer `i` as the agent's JSON text for it: written as text, not built as an object and
 * stringified, since making the feed's input is the agent's work, not the engine's, and would
 * otherwise count in the engine's CPU (the engine parses the page as the feed does).
 */
export const generatedCustomerJson = (i: number): string => {
  const no = `C${String(i).padStart(7, '0')}`;
  const version = new Date(AT + i * 1000).toISOString();
  return (
    `{"id":"01-${no}","version":"${version}","fields":{"ARDivisionNo":"01","CustomerNo":"${no}",` +
    `"CustomerName":"Harbor Supply ${i} Incorporated","AddressLine1":"${i} Harbor Boulevard",` +
    `"AddressLine2":"Building 4","City":"Irvine","State":"CA","ZipCode":"92618",` +
    `"TelephoneNo":"(949) 555-0100","EmailAddress":"ap${i}@harbor.example",` +
    `"CreditLimit":${15000 + (i % 1000)},"CreditHold":"N","CurrentBalance":1234.5,` +
    `"CustomerType":"RET","TermsCode":"01"}}`
  );
};

const unused = (what: string) => () => {
  throw new Error(`the generated gateway does not ${what}`);
};

/** `total` Sage customers in the change feed, in key order; the cursor is the next index. */
export class GeneratedSage implements SageGateway {
  constructor(private readonly total: number) {}

  async listChanges(
    _module: ModuleName,
    cursor: string | undefined,
    options: { limit?: number } = {},
  ): Promise<ChangePage> {
    const from = cursor ? Number(cursor) : 0;
    const to = Math.min(this.total, from + (options.limit ?? 500));
    const records: string[] = [];
    for (let i = from; i < to; i++) records.push(generatedCustomerJson(i));
    return {
      // Parsed from the page's text, as the feed parses the agent's answer: objects an object
      // literal made here would come from one allocation site, which V8 learns to place straight
      // in its old generation (they live the pages read ahead), as the feed's records never are.
      records: JSON.parse(`[${records.join(',')}]`) as GatewayRecord[],
      deleted: [],
      nextCursor: String(to),
      hasMore: to < this.total,
      reportedChanges: this.total - from,
    };
  }

  async listAll(): Promise<RecordPage> {
    return { records: [] };
  }

  async get(): Promise<Map<string, GatewayRecord>> {
    return new Map();
  }

  nextKey = unused('create Sage records');
  create = unused('create Sage records');
  update = unused('update Sage records');
  delete = unused('delete Sage records');
  markInactive = unused('mark Sage records inactive');
}

/** A Zoho org that takes every upsert as a create and keeps only how many it took. */
export class SinkCrm implements CrmGateway {
  private next = 5725767000000000000n;
  upserted = 0;

  async listChanges(): Promise<ChangePage> {
    return { records: [], deleted: [], nextCursor: '', hasMore: false };
  }

  async listAll(): Promise<RecordPage> {
    return { records: [] };
  }

  async get(): Promise<Map<string, GatewayRecord>> {
    return new Map();
  }

  async findBySageKeys(): Promise<Map<string, GatewayRecord>> {
    return new Map();
  }

  async upsert(_module: ModuleName, records: CrmUpsert[]): Promise<WriteResult[]> {
    this.upserted += records.length;
    const version = new Date(AT).toISOString();
    return records.map(() => ({ ok: true, id: String(++this.next), version, created: true }));
  }

  setSageKey = unused('write keys back');
  setSageKeys = unused('write keys back');
  delete = unused('delete Zoho records');
  markInactive = unused('mark Zoho records inactive');
  selectFields(): void {}
}
