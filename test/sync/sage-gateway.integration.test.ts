import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../agent/server.js';
import { AgentClient } from '../../server/sage/agent-client.js';
import { EbwsSageGateway } from '../../server/sage/sage-gateway.js';
import { startSimAgentEndpoint } from '../../sim/sage100/agent-endpoint.js';
import { startHarness, type Harness } from '../sage/harness.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'sage-gateway-test-token-0123456789';

/** The Sage gateway over eBWS and the agent, both served by the Sage simulator on 127.0.0.1. */
describe('EbwsSageGateway', () => {
  let now = new Date('2026-11-21T18:00:00Z');
  let h: Harness;
  let agent: RunningAgent;
  let client: AgentClient;
  let gateway: EbwsSageGateway;

  beforeEach(async () => {
    now = new Date('2026-11-21T18:00:00Z');
    h = await startHarness({ clock: () => now, lengthProfile: '2023' });
    agent = await startSimAgentEndpoint({
      company: h.store.company('ABC')!,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      logger,
      now: () => now,
    });
    client = await AgentClient.create({ url: agent.url, token: TOKEN, timeoutMs: 5000 }, logger);
    gateway = new EbwsSageGateway(h.client(), client, {
      timeZone: 'America/Chicago',
      overlapSeconds: 900,
      pageSize: 100,
      logger,
    });
  });
  afterEach(async () => {
    client.close();
    await agent.close();
    await h.close();
  });

  it('lists changes with the feed watermark as cursor, in Sage formats and UTC versions', async () => {
    const page = await gateway.listChanges('Accounts', undefined);
    expect(page.records.map((r) => r.id)).toEqual(['01-ABF']);
    expect(page.records[0]).toMatchObject({
      version: '2026-11-21T18:00:00.000Z',
      fields: { CustomerName: 'American Business Futures', DateEstablished: '20190315' },
    });
    expect(page.deleted).toEqual([]);
    const again = await gateway.listChanges('Accounts', page.nextCursor);
    expect(again.records).toEqual([]);
  });

  it('reserves keys as Sage does and creates, updates and reads back', async () => {
    const key = await gateway.nextKey('Accounts', {});
    expect(key).toBe('01-0001000');
    expect(
      await gateway.create('Accounts', key, {
        CustomerName: 'Zeta Labs',
        DateEstablished: '20261101',
        CreditLimit: '2500',
      }),
    ).toMatchObject({ ok: true, created: true });
    expect(await gateway.create('Accounts', key, { CustomerName: 'Zeta Labs' })).toMatchObject({
      ok: false,
      code: 'WS_AlreadyExists',
    });
    expect(
      await gateway.update('Accounts', key, { City: 'Chicago', ZipCode: '60601' }),
    ).toMatchObject({ ok: true });
    const read = (await gateway.get('Accounts', [key, '01-NONE'])).get(key);
    expect(read?.fields).toMatchObject({
      CustomerName: 'Zeta Labs',
      DateEstablished: '20261101',
      City: 'Chicago',
    });
    expect(Number(read?.fields.CreditLimit)).toBe(2500);
    expect((await gateway.get('Accounts', ['01-NONE'])).size).toBe(0);
  });

  it('derives a free contact code from the name', async () => {
    const first = await gateway.nextKey('Contacts', {
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      ContactName: 'Art',
    });
    expect(first).toBe('01-ABF-ART1');
    const other = await gateway.nextKey('Contacts', {
      ARDivisionNo: '01',
      CustomerNo: 'ABF',
      ContactName: 'Dana Reyes-Lopez',
    });
    expect(other).toBe('01-ABF-DANAREYESL');
  });

  it("pre-checks a write with Sage's lengths and valid values, and knows member lengths", () => {
    expect(gateway.validate('Accounts', { CustomerName: 'x'.repeat(51), CreditHold: 'X' })).toEqual(
      [
        'The Credit Hold failed validation on Y,N',
        'The Customer Name is greater than 50 character(s).',
      ],
    );
    // Numbers beyond Sage's decimal(p,s) columns are refused before the call (Sage refuses them).
    expect(gateway.validate('Accounts', { CreditLimit: 1e15 })).toEqual([
      'The Credit Limit 1000000000000000 is out of range: Sage holds at most 99999999999.99 (decimal(13,2)).',
    ]);
    expect(gateway.validate('Accounts', { CreditLimit: 99999999999.99 })).toEqual([]);
    expect(
      gateway.validate('Sales_Orders', { SalesOrderNo: '1' }, [
        { ItemCode: 'A', QuantityOrdered: 1, UnitPrice: 1e9 },
      ]),
    ).toEqual([
      'line 1: The Unit Price 1000000000 is out of range: Sage holds at most 999999999.999999 (decimal(15,6)).',
    ]);
    expect(gateway.maxLength('Accounts', 'CustomerName')).toBe(50);
    expect(gateway.maxLength('Contacts', 'ContactTitle')).toBe(15);
  });

  it('returns typed failures: an unknown zip code, an unknown member, a read-only module', async () => {
    expect(await gateway.update('Accounts', '01-ABF', { ZipCode: '99999' })).toMatchObject({
      ok: false,
      code: 'CI_NOF',
      retryable: false,
    });
    expect(await gateway.update('Accounts', '01-ABF', { NotAMember: 'x' })).toMatchObject({
      ok: false,
      code: 'bad_request',
    });
    expect(await gateway.update('Accounts', '01-NONE', { City: 'X' })).toMatchObject({
      ok: false,
      code: 'CI_NoKey',
    });
    expect(await gateway.create('Products', 'X1', { ItemCodeDesc: 'x' })).toMatchObject({
      ok: false,
      code: 'NOT_SUPPORTED',
    });
    expect(await gateway.markInactive('Accounts', '01-ABF')).toMatchObject({ ok: true });
    expect((await gateway.get('Accounts', ['01-ABF'])).get('01-ABF')?.fields.CustomerStatus).toBe(
      'I',
    );
  });
});
