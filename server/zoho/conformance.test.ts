import { describe, expect, it } from 'vitest';
import * as ex from '../../test/zoho/published-examples.js';
import { createLogger } from '../logging.js';
import type { TenantCrmClient } from './client.js';
import { ZohoCrmGateway } from './crm-gateway.js';
import { ZohoApiError, ZohoScopeError } from './errors.js';
import { ensureExtensionFields } from './extension-fields.js';
import { editionOf } from './limits.js';
import { ZohoMetadataApi } from './metadata-api.js';
import { ZohoRecordsApi } from './records-api.js';
import { isUniqueField } from './schemas.js';
import type { AccessTokenCache } from './token-cache.js';
import { ZohoTransport } from './transport.js';

/**
 * The client fed the responses Zoho publishes for v8 (our fixtures built from zoho/crm-oas'
 * examples, test/zoho/published-examples.ts), over the real transport with a scripted network.
 */

interface Seen {
  method: string;
  path: string;
  query: Record<string, string>;
  ifModifiedSince: string | null;
  /** How many fields a POST /settings/fields body carried. */
  fieldsSent: number;
}
type Answer = [status: number, body?: unknown];

function wire(answer: (req: Seen, n: number) => Answer) {
  const seen: Seen[] = [];
  const sleeps: number[] = [];
  let invalidated = 0;
  const tokens = {
    get: async () => ({ accessToken: 'at', apiDomain: 'https://www.zohoapis.com', expiresAtMs: 0 }),
    invalidate: () => invalidated++,
  } as unknown as AccessTokenCache;
  const transport = new ZohoTransport({
    tokens,
    concurrencyFor: async () => 1,
    recordCredits: async () => undefined,
    logger: createLogger('silent'),
    random: () => 0,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    fetchImpl: async (input, init) => {
      const url = new URL(String(input));
      const headers = new Headers(init?.headers);
      const req: Seen = {
        method: init?.method ?? 'GET',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        ifModifiedSince: headers.get('if-modified-since'),
        fieldsSent:
          typeof init?.body === 'string'
            ? ((JSON.parse(init.body) as { fields?: unknown[] }).fields?.length ?? 0)
            : 0,
      };
      seen.push(req);
      const [status, body] = answer(req, seen.length);
      return new Response(body === undefined ? null : JSON.stringify(body), { status });
    },
  });
  const send = (call: Parameters<ZohoTransport['call']>[1]) =>
    transport.call({ tenantId: 't' }, call);
  return {
    seen,
    sleeps,
    invalidated: () => invalidated,
    records: new ZohoRecordsApi(send),
    metadata: new ZohoMetadataApi(send),
  };
}

const collect = async (w: ReturnType<typeof wire>, since?: string) => {
  const ids: string[] = [];
  for await (const page of w.records.listModified('Leads', { fields: ['Last_Name'], since })) {
    ids.push(...page.records.map((r) => r.id));
  }
  return ids;
};

describe('the Zoho client on the published v8 examples', () => {
  it("parses getFields' full example and decides uniqueness on what Zoho sends", async () => {
    const w = wire(() => [200, ex.getFields]);
    const fields = await w.metadata.getFields('Leads');
    expect(fields.map((f) => [f.api_name, isUniqueField(f)])).toEqual([
      ['Address_1_Coordinates_Latitude', false],
      ['Owner', false],
      ['Company', false],
      ['Sage_Key', true],
    ]);
    expect(w.seen[0]).toMatchObject({
      path: '/crm/v8/settings/fields',
      query: { module: 'Leads' },
    });
  });

  it('flags an existing Sage Key that Zoho sends with `unique: {}`', async () => {
    const plain = {
      fields: ex.getFields.fields.map((f) =>
        f.api_name === 'Sage_Key' ? { ...f, unique: {} } : f,
      ),
    };
    const created = (n: number) => ({
      fields: Array.from({ length: n }, (_, i) => ({
        code: 'SUCCESS',
        details: { id: `48326750000007104${i}` },
        message: 'field created',
        status: 'success',
      })),
    });
    const w = wire((req) =>
      req.path === '/crm/v8/settings/modules'
        ? [200, { modules: [{ api_name: 'Accounts' }] }]
        : req.method === 'POST'
          ? [201, created(req.fieldsSent)]
          : [200, plain],
    );
    const report = await ensureExtensionFields({ metadata: w.metadata } as TenantCrmClient);
    // Deals carry only their opportunity number (ADR 0066), no Sage_Key.
    for (const m of report.modules.filter((x) => x.module !== 'Deals')) {
      expect(m.existing).toEqual(['Sage_Key']);
      expect(m.problems.map((p) => [p.field, p.code])).toEqual([['Sage_Key', 'NOT_UNIQUE']]);
    }
  });

  it('follows next_page_token with every parameter of page 1, as Zoho binds the token', async () => {
    const w = wire((req, n) => {
      if (n === 1) return [200, ex.getRecords];
      const { page_token: token, ...rest } = req.query;
      const { page: _page, ...first } = w.seen[0]!.query;
      const same =
        token === 'c8582xx9e7c7' &&
        JSON.stringify(rest) === JSON.stringify(first) &&
        req.ifModifiedSince === w.seen[0]!.ifModifiedSince;
      return same ? [200, ex.getRecordsLast] : [400, ex.errors.tokenBoundDataMismatch];
    });
    expect(await collect(w, '2023-01-01T00:00:00Z')).toEqual([
      '4150868000000002175',
      '4150868000000002176',
    ]);
    expect(w.seen[0]!.query).toMatchObject({ sort_by: 'Modified_Time', sort_order: 'asc' });
    expect(w.seen[0]!.ifModifiedSince).toBe('2023-01-01T00:00:00+00:00');
  });

  it.each([
    ['PAGINATION_LIMIT_EXCEEDED', ex.errors.paginationLimitExceeded],
    ['EXPIRED_VALUE', ex.errors.expiredValue],
  ])('starts a new query at the last Modified_Time on %s, repeating no record', async (_c, err) => {
    const w = wire((req) => {
      if (req.query.page_token) return [400, err];
      if (req.ifModifiedSince === '2023-10-15T14:20:00+00:00') {
        // Inclusive: the record at that instant comes again with the rest.
        return [
          200,
          { ...ex.getRecordsLast, data: [ex.getRecords.data[0], ...ex.getRecordsLast.data] },
        ];
      }
      return [200, ex.getRecords];
    });
    expect(await collect(w)).toEqual(['4150868000000002175', '4150868000000002176']);
    expect(w.seen.map((s) => s.ifModifiedSince)).toEqual([null, null, '2023-10-15T14:20:00+00:00']);
  });

  it('types the paging refusals it cannot work around', async () => {
    for (const body of [
      ex.errors.discretePaginationLimitExceeded,
      ex.errors.tokenBoundDataMismatch,
    ]) {
      const w = wire(() => [400, body]);
      const err = await collect(w).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ZohoApiError);
      expect([(err as ZohoApiError).code, (err as ZohoApiError).details]).toEqual([
        body.code,
        body.details,
      ]);
    }
  });

  it('reads deleted records in +05:30 and keeps the cursor on the latest instant', async () => {
    const w = wire((req) => (req.path.endsWith('/deleted') ? [200, ex.getDeletedRecords] : [304]));
    const batches: unknown[] = [];
    for await (const b of w.records.listDeleted('Accounts')) batches.push(...b);
    expect(batches).toEqual([
      {
        id: '410888000000099071',
        displayName: 'Patricia',
        type: 'recycle',
        deletedTime: '2015-06-19T11:19:38+05:30',
        deletedBy: { name: 'Patricia Boyle', id: '410888000000086001' },
      },
      {
        id: '410888000000680013',
        displayName: undefined,
        type: 'permanent',
        deletedTime: '2016-10-26T11:44:15+05:30',
        deletedBy: undefined,
      },
    ]);
    // The cursor is past both (06:20Z > 11:44:15+05:30 = 06:14:15Z): it must not move back.
    const gateway = new ZohoCrmGateway(w.records);
    const cursor = JSON.stringify({ m: '2016-10-26T06:20:00.000Z', d: '2016-10-26T06:20:00.000Z' });
    const changes = await gateway.listChanges('Accounts', cursor);
    expect(JSON.parse(changes.nextCursor).d).toBe('2016-10-26T06:20:00.000Z');
  });

  it('reads upsert results, mixed results, duplicates and nested errors per field', async () => {
    const bodies: Answer[] = [
      [200, ex.upsertSuccess],
      [400, ex.upsertMultipleErrors],
      [207, ex.createMixed],
      [400, ex.createDuplicate],
    ];
    const w = wire((_req, n) => bodies[n - 1]!);
    const upserted = await w.records.upsert('Leads', [{ Email: 'a' }, { Email: 'b' }]);
    expect(upserted).toEqual([
      expect.objectContaining({
        ok: true,
        action: 'update',
        id: '4150868000000376008',
        duplicateField: 'Email',
        modifiedTime: '2020-10-14T10:31:43+05:30',
      }),
      expect.objectContaining({ ok: true, action: 'insert', id: '4150868000003194003' }),
    ]);
    const [multi] = await w.records.upsert('Leads', [{ Email: 'a' }]);
    expect(multi).toMatchObject({
      ok: false,
      code: 'MULTIPLE_OR_MULTI_ERRORS',
      field: 'Email',
      message: 'Email: DUPLICATE_DATA duplicate data; Mobile: DUPLICATE_DATA duplicate data',
      errors: [
        {
          code: 'DUPLICATE_DATA',
          field: 'Email',
          jsonPath: '$.data[0].Email',
          duplicateId: '4881139000000428295',
        },
        {
          code: 'DUPLICATE_DATA',
          field: 'Mobile',
          jsonPath: '$.data[0].Mobile',
          duplicateId: '4881139000002432007',
        },
      ],
    });
    const mixed = await w.records.upsert('Leads', [{ Last_Name: 'a' }, { Last_Name: 'b' }]);
    expect(mixed.map((o) => (o.ok ? o.id : o.field))).toEqual(['5725767000000524157', 'Last_Name']);
    const [dup] = await w.records.upsert('Leads', [{ Unique_1: 'x' }]);
    expect(dup).toMatchObject({
      ok: false,
      code: 'DUPLICATE_DATA',
      field: 'Unique_1',
      duplicateId: '2008662000006256222',
    });
  });

  it('parses COQL, users and the org, and takes a trial edition for its limits', async () => {
    const w = wire((req) =>
      req.path === '/crm/v8/coql'
        ? [200, ex.coqlSuccess]
        : req.path === '/crm/v8/org'
          ? [200, ex.getOrg]
          : [200, ex.getUsers],
    );
    const coql = await w.records.coql(
      "select Last_Name, First_Name from Leads where Last_Name = 'Smith'",
    );
    expect(coql).toEqual({ records: ex.coqlSuccess.data, more: false });
    const me = await w.metadata.getCurrentUser();
    expect([me.id, me.profile, me.role]).toEqual([
      '111133000000057662',
      { name: 'Administrator', id: '111133000000000497' },
      { name: 'CEO', id: '111133000000000861' },
    ]);
    const org = await w.metadata.getOrg();
    expect(editionOf(org.license_details, Date.parse('2025-12-01T00:00:00Z'))).toBe('enterprise');
    expect(editionOf(org.license_details, Date.parse('2025-12-05T00:00:00Z'))).toBe('free');
  });

  it('types a 401 scope mismatch without refreshing, and waits the retry_after of a 429', async () => {
    const scope = wire(() => [401, ex.errors.oauthScopeMismatch]);
    const err = await scope.metadata.getOrg().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZohoScopeError);
    expect([scope.invalidated(), scope.seen.length]).toEqual([0, 1]);
    const busy = wire((_req, n) => (n === 1 ? [429, ex.errors.tooManyRequests] : [200, ex.getOrg]));
    expect((await busy.metadata.getOrg()).id).toBe('1234567890');
    expect(busy.sleeps).toEqual([60_000]);
  });
});
