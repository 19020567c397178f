import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ZCRM from '@zohocrm/nodejs-sdk-8.0';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startZohoSimulator, type ZohoSimulator } from '../../sim/zoho/server.js';

/**
 * Zoho's official Node SDK (`@zohocrm/nodejs-sdk-8.0`, a devDependency used only here) drives the
 * simulator: if the SDK that Zoho writes against its own API can talk to the simulator, the
 * simulator speaks Zoho's wire (its token request is multipart/form-data, its JSON bodies and
 * paging are Zoho's). The SDK keeps one process-global initializer, so one org serves the file.
 */
describe("Zoho's official Node SDK against the simulator", () => {
  let sim: ZohoSimulator;
  let dir: string;
  let adminId: string;
  let orgId: string;

  beforeAll(async () => {
    sim = await startZohoSimulator();
    sim.admin.registerClient({ clientId: 'sdk', clientSecret: 'sdk-secret', redirectUris: [] });
    orgId = sim.admin.createOrg({ companyName: 'SDK Org', timeZone: 'Asia/Kolkata' }).id;
    adminId = sim.admin.createUser(orgId, {
      email: 'admin@sdk.example',
      fullName: 'Sdk Admin',
      profile: 'Administrator',
    }).id;
    const refreshToken = sim.admin.mintRefreshToken(orgId, adminId, { clientId: 'sdk' });
    dir = await mkdtemp(join(tmpdir(), 'zoho-sdk-'));
    const environment = new ZCRM.Environment(sim.url, `${sim.url}/oauth/v2/token`, sim.url);
    const token = new ZCRM.OAuthBuilder()
      .clientId('sdk')
      .clientSecret('sdk-secret')
      .refreshToken(refreshToken)
      .build();
    const config = new ZCRM.SDKConfigBuilder().pickListValidation(false).autoRefreshFields(false);
    await (
      await new ZCRM.InitializeBuilder()
    )
      .environment(environment)
      .token(token)
      .store(new ZCRM.FileStore(join(dir, 'tokens.txt')))
      .SDKConfig(config.build())
      .resourcePath(dir)
      .initialize();
  });
  afterAll(async () => {
    await sim.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** The SDK wraps enumerated values (status, action) in a Choice. */
  const choice = (v: unknown) => String((v as { getValue(): unknown }).getValue());
  const ok = (
    response: { getStatusCode(): number; getObject(): unknown },
    ...statuses: number[]
  ) => {
    expect(statuses.length ? statuses : [200, 201]).toContain(response.getStatusCode());
    return response.getObject() as Record<string, (...a: unknown[]) => unknown>;
  };

  it('reads the current user (after refreshing its token with a multipart form)', async () => {
    const params = new ZCRM.ParameterMap();
    await params.add(ZCRM.Users.GetUsersParam.TYPE, 'CurrentUser');
    const wrapper = ok(await new ZCRM.Users.UsersOperations().getUsers(params));
    const [me] = wrapper.getUsers!() as Array<Record<string, () => unknown>>;
    expect(String(me!.getId!())).toBe(adminId);
    expect(me!.getEmail!()).toBe('admin@sdk.example');
    const profile = me!.getProfile!() as Record<string, () => unknown>;
    expect([profile.getName!(), String(profile.getId!())]).toEqual([
      'Administrator',
      expect.stringMatching(/^\d+$/),
    ]);
    expect(sim.admin.stats(orgId).creditsUsed).toBeGreaterThan(0);
  });

  it('reads field metadata', async () => {
    const params = new ZCRM.ParameterMap();
    await params.add(ZCRM.Fields.GetFieldsParam.MODULE, 'Accounts');
    const wrapper = ok(await new ZCRM.Fields.FieldsOperations().getFields(params));
    const fields = wrapper.getFields!() as Array<Record<string, () => unknown>>;
    expect(fields.map((f) => f.getAPIName!())).toContain('Account_Name');
  });

  it('creates, upserts, lists by page_token, searches, queries with COQL and reads deletions', async () => {
    const ops = new ZCRM.Record.RecordOperations('Accounts');
    const record = (name: string, city: string) => {
      const r = new ZCRM.Record.Record();
      r.addKeyValue('Account_Name', name);
      r.addKeyValue('Billing_City', city);
      return r;
    };
    const body = new ZCRM.Record.BodyWrapper();
    body.setData(Array.from({ length: 5 }, (_, i) => record(`Acct ${i}`, 'Pune')));
    const created = ok(await ops.createRecords(body, new ZCRM.HeaderMap()));
    const results = created.getData!() as Array<Record<string, () => unknown>>;
    expect(results.map((r) => choice(r.getStatus!()))).toEqual(Array(5).fill('success'));
    const ids = results.map((r) => String((r.getDetails!() as Map<string, unknown>).get('id')));

    const upsert = new ZCRM.Record.BodyWrapper();
    upsert.setData([record('Acct 0', 'Mumbai'), record('Acct New', 'Delhi')]);
    upsert.setDuplicateCheckFields(['Account_Name']);
    const upserted = ok(await ops.upsertRecords(upsert, new ZCRM.HeaderMap()));
    const actions = (upserted.getData!() as Array<Record<string, () => unknown>>).map((r) =>
      choice(r.getAction!()),
    );
    expect(actions).toEqual(['update', 'insert']);

    // Two records a page: the SDK follows page_token with the same parameters.
    const names: string[] = [];
    let pageToken: string | undefined;
    for (;;) {
      const params = new ZCRM.ParameterMap();
      await params.add(ZCRM.Record.GetRecordsParam.FIELDS, 'Account_Name,Billing_City');
      await params.add(ZCRM.Record.GetRecordsParam.PER_PAGE, 2);
      await params.add(ZCRM.Record.GetRecordsParam.SORT_BY, 'id');
      await params.add(ZCRM.Record.GetRecordsParam.SORT_ORDER, 'asc');
      if (pageToken) await params.add(ZCRM.Record.GetRecordsParam.PAGE_TOKEN, pageToken);
      const page = ok(await ops.getRecords(params, new ZCRM.HeaderMap()), 200);
      for (const r of page.getData!() as Array<Record<string, (k: string) => unknown>>) {
        names.push(String(r.getKeyValue!('Account_Name')));
      }
      const info = page.getInfo!() as Record<string, () => unknown>;
      if (!info.getMoreRecords!()) break;
      pageToken = String(info.getNextPageToken!());
    }
    expect(names).toEqual(['Acct 0', 'Acct 1', 'Acct 2', 'Acct 3', 'Acct 4', 'Acct New']);

    const search = new ZCRM.ParameterMap();
    await search.add(ZCRM.Record.SearchRecordsParam.CRITERIA, '(Billing_City:equals:Mumbai)');
    const found = ok(await ops.searchRecords(search, new ZCRM.HeaderMap()), 200);
    const hits = found.getData!() as Array<Record<string, () => unknown>>;
    expect(hits.map((r) => String(r.getId!()))).toEqual([ids[0]]);

    const coql = new ZCRM.Coql.BodyWrapper();
    coql.setSelectQuery("select Account_Name from Accounts where Billing_City = 'Delhi' limit 10");
    const queried = ok(await new ZCRM.Coql.CoqlOperations().getRecords(coql), 200);
    const rows = queried.getData!() as Array<Record<string, (k: string) => unknown>>;
    expect(rows.map((r) => r.getKeyValue!('Account_Name'))).toEqual(['Acct New']);

    const del = new ZCRM.ParameterMap();
    await del.add(ZCRM.Record.DeleteRecordsParam.IDS, ids[4]);
    ok(await ops.deleteRecords(del, new ZCRM.HeaderMap()), 200);
    const deletedParams = new ZCRM.ParameterMap();
    await deletedParams.add(ZCRM.Record.GetDeletedRecordsParam.TYPE, 'all');
    const deleted = ok(await ops.getDeletedRecords(deletedParams, new ZCRM.HeaderMap()), 200);
    const gone = deleted.getData!() as Array<Record<string, () => unknown>>;
    expect(gone.map((d) => String(d.getId!()))).toEqual([ids[4]]);
    // The SDK parses the org-offset time into a Date at the right instant.
    const at = gone[0]!.getDeletedTime!() as Date;
    expect(Math.abs(at.getTime() - sim.store.now())).toBeLessThan(5000);
  });
});
