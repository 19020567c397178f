import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWith, odbc } from '../../test/requirements.js';
import { OdbcDataSource } from '../../agent/odbc-data-source.js';
import { startAgentServer, type RunningAgent } from '../../agent/server.js';
import { openSqliteCompany, type SqliteCompanyFile } from '../../agent/testing.js';
import type { EntityName } from '../../agent/entities.js';
import {
  EMPTY_DIGEST,
  encodeFingerprints,
  keyDigest,
  keyFingerprint,
  xorDigest,
  type KnownGroup,
} from '../../agent/stamp-groups.js';
import { AgentClient } from './agent-client.js';
import { AgentAuthError, AgentFaultError, AgentTransportError } from './agent-errors.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'test-agent-token-0123456789abcdef';

const audit = (date: string, time: string) => ({
  DateUpdated: date,
  TimeUpdated: time,
  UserUpdatedKey: '0000000001',
});

describeWith(
  [await odbc()],
  'agent over ODBC (SQLite through unixODBC) and the backend client',
  () => {
    let company: SqliteCompanyFile;
    let source: OdbcDataSource;
    let agent: RunningAgent;
    let client: AgentClient;

    beforeAll(async () => {
      company = await openSqliteCompany();
      await company.insert('AR_Customer', [
        {
          ARDivisionNo: '01',
          CustomerNo: 'ABF',
          CustomerName: 'American Business Futures',
          CreditHold: 'N',
          CreditLimit: '5000.00',
          CurrentBalance: '1200.50',
          OpenOrderAmt: '300',
          AgingCategory1: '100',
          ...audit('20261120', '9.50000'),
        },
        {
          ARDivisionNo: '01',
          CustomerNo: 'ZED',
          CustomerName: "O'Brien & Sons",
          CreditHold: 'Y',
          CreditLimit: '1000',
          CurrentBalance: '1500',
          OpenOrderAmt: '0',
          ...audit('20261120', '14.25000'),
        },
        {
          ARDivisionNo: '02',
          CustomerNo: 'OLD',
          CustomerName: 'Never stamped',
          DateUpdated: null,
          TimeUpdated: null,
        },
      ]);
      await company.insert('AR_CustomerContact', [
        {
          ARDivisionNo: '01',
          CustomerNo: 'ABF',
          ContactCode: 'AMY',
          ContactName: 'Amy Ames',
          ...audit('20261120', '9.6'),
        },
        {
          ARDivisionNo: '01',
          CustomerNo: 'ABF',
          ContactCode: 'BOB',
          ContactName: 'Bob Burr',
          ...audit('20261120', '9.7'),
        },
        {
          ARDivisionNo: '01',
          CustomerNo: 'ZED',
          ContactCode: 'ZOE',
          ContactName: 'Zoe Zed',
          ...audit('20261120', '9.8'),
        },
      ]);
      await company.insert('AR_OpenInvoice', [
        {
          ARDivisionNo: '01',
          CustomerNo: 'ABF',
          InvoiceNo: '0100001',
          InvoiceType: 'IN',
          InvoiceDate: '20261001',
          Balance: '700.25',
          InvoiceAmt: '900',
          ...audit('20261101', '8'),
        },
        {
          ARDivisionNo: '01',
          CustomerNo: 'ABF',
          InvoiceNo: '0100002',
          InvoiceType: 'IN',
          InvoiceDate: '20261002',
          Balance: '0',
          InvoiceAmt: '50',
          ...audit('20261101', '8'),
        },
        {
          ARDivisionNo: '01',
          CustomerNo: 'ABF',
          InvoiceNo: '0100003',
          InvoiceType: 'CM',
          InvoiceDate: '20261003',
          Balance: '-100.10',
          InvoiceAmt: '-100.10',
          ...audit('20261101', '8'),
        },
      ]);
      source = await OdbcDataSource.open({
        connectionString: company.connectionString,
        poolSize: 2,
        fetchSize: 2,
        connectTimeoutSeconds: 5,
      });
      agent = await startAgentServer({
        host: '127.0.0.1',
        port: 0,
        dataSource: source,
        token: TOKEN,
        maxPageSize: 100,
        maxKeysPerCall: 10,
        timeZone: 'America/Chicago',
        logger,
      });
      client = await AgentClient.create({ url: agent.url, token: TOKEN, timeoutMs: 5000 }, logger);
    });

    afterAll(async () => {
      client?.close();
      await agent?.close();
      await source?.close();
      await company?.remove();
    });

    it('reports versions and health with the Sage clock', async () => {
      expect(await client.version()).toEqual({ agentVersion: '1.0.0', contractVersion: '1' });
      const health = await client.health();
      expect(health).toMatchObject({
        healthy: true,
        dataSource: 'odbc',
        maxPageSize: 100,
        message: 'ok',
      });
      expect(health.sageNow.date).toMatch(/^\d{8}$/);
    });

    it('pages changes in (DateUpdated, TimeUpdated, key) order with Sage formats, unstamped rows first', async () => {
      const first = await client.getChanges('AR_Customer', undefined, 2);
      expect(first.hasMore).toBe(true);
      expect(first.records.map((r) => r.CustomerNo)).toEqual(['OLD', 'ABF']);
      expect(first.records[0]).toMatchObject({ DateUpdated: null, TimeUpdated: null });
      expect(first.records[1]).toMatchObject({
        DateUpdated: '20261120',
        TimeUpdated: '9.50000',
        CreditLimit: '5000',
      });
      const second = await client.getChanges(
        'AR_Customer',
        { date: '20261120', time: '9.50000', key: ['01', 'ABF'] },
        2,
      );
      expect(second.hasMore).toBe(false);
      expect(second.records.map((r) => r.CustomerName)).toEqual(["O'Brien & Sons"]);
    });

    it('lists rows in primary-key order with a keyset over a compound key', async () => {
      const first = await client.listRecords('AR_Customer', undefined, 2);
      expect(first.records.map((r) => `${r.ARDivisionNo}-${r.CustomerNo}`)).toEqual([
        '01-ABF',
        '01-ZED',
      ]);
      expect(first.hasMore).toBe(true);
      const second = await client.listRecords('AR_Customer', ['01', 'ZED'], 2);
      expect(second.records.map((r) => `${r.ARDivisionNo}-${r.CustomerNo}`)).toEqual(['02-OLD']);
      expect(second.hasMore).toBe(false);
      const contacts = await client.listRecords('AR_CustomerContact', ['01', 'ABF', 'AMY'], 10);
      expect(contacts.records.map((r) => r.ContactCode)).toEqual(['BOB', 'ZOE']);
    });

    it('reads records by key and child rows', async () => {
      const rows = await client.getRecords('AR_Customer', [
        ['01', 'ZED'],
        ['01', 'NOPE'],
      ]);
      expect(rows.map((r) => r.CustomerNo)).toEqual(['ZED']);
      const contacts = await client.getChildren('CustomerContacts', ['01', 'ABF']);
      expect(contacts.map((r) => r.ContactCode).sort()).toEqual(['AMY', 'BOB']);
      const invoices = await client.getChildren('OpenInvoices', ['01', 'ABF']);
      expect(invoices).toHaveLength(3);
      expect(invoices.find((r) => r.InvoiceNo === '0100001')?.InvoiceDate).toBe('20261001');
    });

    it('computes credit status from the customer and its open invoices', async () => {
      expect(await client.getCreditStatus('01', 'ABF')).toEqual({
        arDivisionNo: '01',
        customerNo: 'ABF',
        creditHold: false,
        creditLimit: '5000.00',
        currentBalance: '1200.50',
        aging: ['100.00', '0.00', '0.00', '0.00'],
        openOrderAmt: '300.00',
        openInvoiceCount: 2,
        openInvoiceBalance: '600.15',
        availableCredit: '3499.50',
        overCreditLimit: false,
      });
      expect(await client.getCreditStatus('01', 'ZED')).toMatchObject({
        creditHold: true,
        overCreditLimit: true,
        openInvoiceCount: 0,
      });
      await expect(client.getCreditStatus('09', 'NONE')).rejects.toMatchObject({
        code: 'NotFound',
      });
    });

    it('rejects a wrong agent token with an authentication error naming the host', async () => {
      const wrong = await AgentClient.create(
        { url: agent.url, token: 'wrong-token-wrong-token-wrong', timeoutMs: 5000 },
        logger,
      );
      const error = await wrong.getChanges('CI_Item', undefined, 10).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgentAuthError);
      expect((error as AgentAuthError).message).toContain(new URL(agent.url).host);
      // Checked before the request's shape: a caller without the token learns nothing about it.
      await expect(wrong.getChanges('AR_Nope' as EntityName, undefined, 0)).rejects.toBeInstanceOf(
        AgentAuthError,
      );
      wrong.close();
    });

    it('leaves out the stamp groups the caller holds, by key digest or by fingerprints', async () => {
      const keys = ['0100001-IN', '0100002-IN', '0100003-CM'].map((k) => [
        '01',
        'ABF',
        ...k.split('-'),
      ]);
      const digestOf = (some: string[][]) =>
        some.map(keyDigest).reduce((a, b) => xorDigest(a, b), EMPTY_DIGEST);
      const group = { date: '20261101', time: '8.00000' }; // stored as "8": one stamp
      const invoices = (known: KnownGroup[]) =>
        client
          .getChanges('AR_OpenInvoice', undefined, 10, { known })
          .then((page) => page.records.map((r) => r.InvoiceNo));
      // All three held: nothing to send.
      expect(await invoices([{ ...group, count: 3, digest: digestOf(keys) }])).toEqual([]);
      // The group has a row the caller lacks: a small group is sent whole.
      expect(await invoices([{ ...group, count: 2, digest: digestOf(keys.slice(0, 2)) }])).toEqual([
        '0100001',
        '0100002',
        '0100003',
      ]);
      // A large group's fingerprints: only the row not among them.
      const fingerprints = encodeFingerprints(keys.slice(0, 2).map(keyFingerprint));
      expect(await invoices([{ ...group, count: 2, fingerprints }])).toEqual(['0100003']);
    });

    it('refuses a Known group it cannot read with InvalidRequest', async () => {
      const ask = (known: KnownGroup[]) =>
        client.getChanges('AR_OpenInvoice', undefined, 10, { known }).catch((e: unknown) => e);
      const neither = await ask([{ date: '20261101', time: '8', count: 1 }]);
      expect(neither).toMatchObject({
        code: 'InvalidRequest',
        detail: 'a Known group needs a Digest or Fingerprints',
      });
      const badFingerprints = await ask([
        { date: '20261101', time: '8', count: 1, fingerprints: 'AAA' },
      ]);
      expect(badFingerprints).toBeInstanceOf(AgentFaultError);
      expect(badFingerprints).toMatchObject({ code: 'InvalidRequest' });
      expect((badFingerprints as AgentFaultError).detail).toContain('key fingerprints');
      const badDigest = await ask([{ date: '20261101', time: '8', count: 1, digest: 'xyz' }]);
      expect(badDigest).toMatchObject({ code: 'InvalidRequest' });
    });

    it('answers bad requests with a typed fault', async () => {
      const big = await client.getChanges('CI_Item', undefined, 101).catch((e: unknown) => e);
      expect(big).toBeInstanceOf(AgentFaultError);
      expect(big).toMatchObject({ code: 'InvalidRequest', detail: 'PageSize must be 1 to 100' });
      const badKey = await client.getRecords('AR_Customer', [['01']]).catch((e: unknown) => e);
      expect(badKey).toMatchObject({ code: 'InvalidRequest' });
      const injection = await client.getRecords('CI_Item', [["X' OR '1'='1"]]);
      expect(injection).toEqual([]);
    });

    it('gives a typed transport error naming the host when the agent is down', async () => {
      const probe = await startAgentServer({
        host: '127.0.0.1',
        port: 0,
        dataSource: source,
        token: TOKEN,
        maxPageSize: 10,
        maxKeysPerCall: 10,
        timeZone: 'UTC',
        logger,
      });
      const url = probe.url;
      await probe.close();
      const down = await AgentClient.create({ url, token: TOKEN, timeoutMs: 2000 }, logger);
      const error = await down.health().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AgentTransportError);
      expect(error).toMatchObject({ host: new URL(url).host, reason: 'ECONNREFUSED' });
      expect((error as Error).message).toContain(
        `the Sage agent at ${new URL(url).host} cannot be reached`,
      );
      down.close();
    });
  },
);
