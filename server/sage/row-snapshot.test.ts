import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../agent/server.js';
import { startSimAgentEndpoint } from '../../sim/sage100/agent-endpoint.js';
import { startHarness, type Harness } from '../../test/sage/harness.js';
import { AgentClient } from './agent-client.js';
import { CONTACT_MEMBERS, CUSTOMER_MEMBERS } from './contracts.js';
import type { SageEbwsClient } from './ebws-client.js';
import { toRequestRecord, type SageCustomer, type SageCustomerContact } from './records.js';
import { contractFromRow } from './row-snapshot.js';

const TOKEN = 'row-snapshot-token-0123456789abcdef';
const ZONE = 'America/Chicago';
const ABF = { ARDivisionNo: '01', CustomerNo: 'ABF' };

let h: Harness;
let agent: RunningAgent;
let agentClient: AgentClient;
let ebws: SageEbwsClient;
beforeAll(async () => {
  h = await startHarness({ lengthProfile: '2023' });
  agent = await startSimAgentEndpoint({
    company: h.store.company('ABC')!,
    token: TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
  });
  agentClient = await AgentClient.create(
    { url: agent.url, token: TOKEN, timeoutMs: 5000 },
    pino({ level: 'silent' }),
  );
  ebws = h.client();
});
afterAll(async () => {
  agentClient.close();
  await agent.close();
  await h.close();
});
beforeEach(() => {
  h.sim.faults.clear();
  h.sim.calls.length = 0;
});

const agentRow = async (entity: 'AR_Customer' | 'AR_CustomerContact', key: string[]) =>
  (await agentClient.getRecords(entity, [key]))[0]!;

describe('the record an update is merged over, from the agent row (ADR 0076)', () => {
  it('puts what a GetCustomer would have: every writable member, UDFs and dates included', async () => {
    const snapshot = contractFromRow(
      await agentRow('AR_Customer', ['01', 'ABF']),
      CUSTOMER_MEMBERS,
    );
    const got = (await ebws.getCustomer(ABF)).value;
    const put = (r: Record<string, unknown>) =>
      toRequestRecord(r as SageCustomer, CUSTOMER_MEMBERS, ZONE, 'UpdateCustomer');
    expect(put(snapshot!)).toEqual(put(got));
    expect(snapshot).toMatchObject({
      DateEstablished: '2019-03-15',
      CreditLimit: 5000,
      OtherFields: [{ MasFieldName: 'UDF_REGION', Value: 'MIDWEST' }],
    });
  });

  it('does the same for a contact', async () => {
    const row = await agentRow('AR_CustomerContact', ['01', 'ABF', 'ART']);
    const snapshot = contractFromRow(row, CONTACT_MEMBERS);
    const got = (await ebws.getCustomerContact({ ...ABF, ContactCode: 'ART' })).value;
    const put = (r: Record<string, unknown>) =>
      toRequestRecord(r as SageCustomerContact, CONTACT_MEMBERS, ZONE, 'UpdateCustomerContact');
    expect(put(snapshot!)).toEqual(put(got));
  });

  it('is no snapshot without its key or with a date Sage could not hold', () => {
    expect(contractFromRow({ CustomerNo: 'ABF' }, CUSTOMER_MEMBERS)).toBeUndefined();
    expect(
      contractFromRow({ ...ABF, DateEstablished: 'next Tuesday' }, CUSTOMER_MEMBERS),
    ).toBeUndefined();
  });
});

describe('updateCustomer over a snapshot', () => {
  it('is one UpdateCustomer call, and keeps the members it does not change', async () => {
    const current = contractFromRow(await agentRow('AR_Customer', ['01', 'ABF']), CUSTOMER_MEMBERS);
    h.sim.calls.length = 0;
    await ebws.updateCustomer(
      ABF,
      { Comment: 'snapshot put' },
      {
        current: current as SageCustomer,
      },
    );
    expect(h.sim.calls).toEqual(['UpdateCustomer']);
    expect(h.store.company('ABC')!.get('AR_Customer', ABF)).toMatchObject({
      Comment: 'snapshot put',
      CustomerName: 'American Business Futures',
      DateEstablished: '20190315',
      UDF_REGION: 'MIDWEST',
    });
  });

  it('reads the record again when Sage refuses the put as in use, so a Sage user’s save survives', async () => {
    const current = contractFromRow(await agentRow('AR_Customer', ['01', 'ABF']), CUSTOMER_MEMBERS);
    // A Sage user had the customer open and saves a new phone number after our snapshot.
    h.store.company('ABC')!.update('AR_Customer', ABF, { TelephoneNo: '(312) 555-0199' });
    h.sim.faults.lockRecord('AR_Customer', ABF, { attempts: 1 });
    h.sim.calls.length = 0;
    const result = await ebws.updateCustomer(
      ABF,
      { Comment: 'after the lock' },
      {
        current: current as SageCustomer,
      },
    );
    expect(h.sim.calls).toEqual(['UpdateCustomer', 'GetCustomer', 'UpdateCustomer']);
    expect(result.attempts.map((a) => [a.operation, a.outcome])).toEqual([
      ['UpdateCustomer', 'failed'],
      ['GetCustomer', 'succeeded'],
      ['UpdateCustomer', 'succeeded'],
    ]);
    expect(h.store.company('ABC')!.get('AR_Customer', ABF)).toMatchObject({
      Comment: 'after the lock',
      TelephoneNo: '(312) 555-0199',
    });
  });

  it('without a snapshot is get-merge-update, as before', async () => {
    await ebws.updateCustomer(ABF, { Comment: 'read first' });
    expect(h.sim.calls).toEqual(['GetCustomer', 'UpdateCustomer']);
  });
});
