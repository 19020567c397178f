import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The AR division a customer created from Zoho goes into: the tenant's Sage connection sets it
 * (`defaultDivision`, two digits, '01' until set), and "Sync to Sage" of an Account whose
 * mapping names no division creates the Sage customer there (simulators over real HTTP).
 */
let fx: ApiFixture;
let sageBody: Record<string, unknown>;

beforeAll(async () => {
  fx = await startApiFixture();
  const on = await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
  if (on.status !== 200) throw new Error(`enabling Accounts: ${on.status}`);
  const got = await fx.call('GET', '/connections/sage', fx.adminToken);
  sageBody = {
    endpointUrl: got.body.endpointUrl,
    companyCode: got.body.companyCode,
    username: got.body.username,
    timeZone: got.body.timeZone,
    agentUrl: got.body.agentUrl,
  };
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('Sage connection: default AR division', () => {
  it("is '01' until set, then the stored value, kept when a PUT leaves it out", async () => {
    const before = await fx.call('GET', '/connections/sage', fx.adminToken);
    expect(before.body.defaultDivision).toBe('01');
    const set = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      ...sageBody,
      defaultDivision: '02',
    });
    expect([set.status, set.body.defaultDivision]).toEqual([200, '02']);
    const read = await fx.call('GET', '/connections/sage', fx.adminToken);
    expect(read.body.defaultDivision).toBe('02');
    const kept = await fx.call('PUT', '/connections/sage', fx.adminToken, sageBody);
    expect(kept.body.defaultDivision).toBe('02');
    expect((await fx.backend.repos.sageConnections.get(fx.tenantId))?.defaultDivision).toBe('02');
  });

  it('refuses a value that is not two digits: 422 naming the field, nothing stored', async () => {
    for (const bad of ['1', '001', 'AB', '0A', '']) {
      const res = await fx.call('PUT', '/connections/sage', fx.adminToken, {
        ...sageBody,
        defaultDivision: bad,
      });
      expect(res.status).toBe(422);
      expect(res.type).toMatch(/^application\/problem\+json/);
      expect(res.body.issues).toEqual([
        { path: 'defaultDivision', message: expect.stringMatching(/two digits/) },
      ]);
      expect(res.body.detail).toContain('defaultDivision');
    }
    const wrongType = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      ...sageBody,
      defaultDivision: 2,
    });
    expect([wrongType.status, wrongType.body.issues[0].path]).toEqual([400, 'defaultDivision']);
    expect((await fx.backend.repos.sageConnections.get(fx.tenantId))?.defaultDivision).toBe('02');
  });

  it('answers by one rule: a value refused is 422, a wrong type or unknown property 400', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ timeZone: 'Mars/Olympus' }, 422, 'timeZone'],
      [{ timeZone: 5 }, 400, 'timeZone'],
      [{ defaultDivision: '1' }, 422, 'defaultDivision'],
      [{ defaultDivision: 2 }, 400, 'defaultDivision'],
      [{ companyCode: 'ABCD' }, 422, 'companyCode'],
      [{ endpointUrl: 'not a url' }, 422, 'endpointUrl'],
      [{ lengthProfile: '2020' }, 422, 'lengthProfile'],
      [{ lengthProfile: 2023 }, 400, 'lengthProfile'],
      [{ colour: 'red' }, 400, 'colour'],
      [{ username: undefined }, 400, 'username'],
    ];
    for (const [change, status, path] of cases) {
      const res = await fx.call('PUT', '/connections/sage', fx.adminToken, {
        ...sageBody,
        ...change,
      });
      expect([JSON.stringify(change), res.status, res.body.issues?.[0]?.path]).toEqual([
        JSON.stringify(change),
        status,
        path,
      ]);
      expect(res.type).toMatch(/^application\/problem\+json/);
    }
  });

  it('creates the Sage customer of a Zoho Account with no division in the configured one', async () => {
    const put = await fx.call('PUT', '/connections/sage', fx.adminToken, {
      ...sageBody,
      defaultDivision: '02',
    });
    expect(put.status).toBe(200);
    const abf = await fx.zohoIdOf('Accounts', 'Account_Name', 'American Business Futures');
    const res = await fx.call('POST', '/records/Accounts/sync', fx.repToken, { zohoId: abf });
    expect(res.status).toBe(200);
    const status = await fx.call('GET', `/records/Accounts/${abf}/status`, fx.repToken);
    expect(status.body).toMatchObject({ linked: true });
    expect(status.body.sageKey).toMatch(/^02-/);
    const created = fx.backend
      .sandbox!.sage.customers()
      .filter((c) => c.CustomerName === 'American Business Futures');
    expect(created.map((c) => c.ARDivisionNo)).toEqual(['02']);
  });
});
