import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, startHarness, type Harness } from '../../test/sage/harness.js';
import { SageEbwsClient } from './ebws-client.js';
import { SageError } from './errors.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());
beforeEach(() => h.sim.faults.clear());

const ABF = { ARDivisionNo: '01', CustomerNo: 'ABF' };
const caught = async (p: Promise<unknown>): Promise<SageError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof SageError) return err;
    throw err;
  }
  throw new Error('expected a SageError');
};

describe('logon, company and permission faults', () => {
  it('a bad password gets the logon failure, never retried', async () => {
    const err = await caught(h.client({ password: 'wrong' }).getCustomer(ABF));
    expect(err.kind).toBe('logon');
    expect(err.message).toBe(
      'Logon failure: The user logon or password does not match or the user logon is not enabled for web services.',
    );
    expect(err.retryable).toBe(false);
    expect(err.attempts).toHaveLength(1);
  });

  it('a user not enabled for web services gets the logon failure too', async () => {
    const err = await caught(h.client({ username: 'disabled', password: 'pw' }).getCustomer(ABF));
    expect(err.kind).toBe('logon');
  });

  it('a wrong company code gets its own company error', async () => {
    const err = await caught(h.client({ companyCode: 'XYZ' }).getCustomer(ABF));
    expect(err.kind).toBe('company');
    expect(err.message).toBe('Company code XYZ is invalid.');
    const off = await caught(h.client({ companyCode: 'OFF' }).getCustomer(ABF));
    expect(off.kind).toBe('company');
    expect(off.message).toBe('Company OFF is not enabled for web services.');
  });

  it('a role without the task gets no_access', async () => {
    const viewer = h.client({ username: 'viewer', password: 'pw' });
    expect((await viewer.getCustomer(ABF)).value.CustomerNo).toBe('ABF');
    const err = await caught(viewer.updateCustomer(ABF, { Comment: 'x' }));
    expect(err.kind).toBe('no_access');
    expect(err.message).toBe('No Access - you are not authorized to perform this action');
  });
});

describe('locks and retries', () => {
  it('a record locked for 2 attempts is written on the 3rd, with both failures and the recovery reported', async () => {
    h.sim.faults.lockRecord('AR_Customer', ABF, { attempts: 2 });
    const { value, attempts } = await h.client().updateCustomer(ABF, { Comment: 'after lock' });
    expect(value.Comment).toBe('after lock');
    expect(h.store.company('ABC')?.get('AR_Customer', ABF)?.Comment).toBe('after lock');
    expect(
      attempts.map((a) => `${a.operation}#${a.attempt}:${a.outcome}:${a.error?.kind ?? ''}`),
    ).toEqual([
      'GetCustomer#1:succeeded:',
      'UpdateCustomer#1:failed:locked',
      'UpdateCustomer#2:failed:locked',
      'UpdateCustomer#3:succeeded:',
    ]);
    // full jitter with random()=0.5: 0.5 * min(1000, 100 * 2^(n-1))
    expect(attempts.filter((a) => a.outcome === 'failed').map((a) => a.retryInMs)).toEqual([
      50, 100,
    ]);
    expect(attempts[1]?.error).toEqual({
      kind: 'locked',
      code: 'WS_RecordInUse',
      message: 'The record is in use by another user.',
    });
  });

  it('a lock held past the retry limit ends in the locked error carrying every attempt', async () => {
    h.sim.faults.lockRecord('AR_Customer', ABF, { attempts: 10 });
    const err = await caught(h.client().updateCustomer(ABF, { Comment: 'never' }));
    expect(err.kind).toBe('locked');
    expect(
      err.attempts.filter((a) => a.operation === 'UpdateCustomer').map((a) => a.outcome),
    ).toEqual(['failed', 'failed', 'failed']);
    expect(err.attempts.at(-1)?.retryInMs).toBeUndefined();
    expect(h.store.company('ABC')?.get('AR_Customer', ABF)?.Comment).not.toBe('never');
  });

  it('a time-limited lock faults while it is held', async () => {
    h.sim.faults.lockRecord('AR_Customer', ABF, { forMs: 60_000 });
    const err = await caught(h.client().updateCustomer(ABF, { Comment: 'held' }));
    expect(err.kind).toBe('locked');
    expect(err.attempts.filter((a) => a.outcome === 'failed')).toHaveLength(3);
  });

  it('"An exception occurred." is a server error, retried and recovered', async () => {
    h.sim.faults.exception('GetCustomer', { times: 1 });
    const { attempts } = await h.client().getCustomer(ABF);
    expect(
      attempts.map((a) => `${a.outcome}:${a.error?.kind ?? ''}:${a.error?.message ?? ''}`),
    ).toEqual(['failed:server:An exception occurred.', 'succeeded::']);
  });

  it('validation faults are never retried', async () => {
    h.sim.faults.exception('UpdateCustomer', { times: 0 });
    const err = await caught(h.client().updateCustomer(ABF, { State: 'ILL' }));
    expect(err.kind).toBe('validation');
    expect(err.attempts.filter((a) => a.operation === 'UpdateCustomer')).toHaveLength(1);
  });
});

describe('transport failures', () => {
  it('a dropped connection is reported as connection_dropped and retried', async () => {
    h.sim.faults.drop('GetCustomer', { times: 1 });
    const { attempts } = await h.client().getCustomer(ABF);
    expect(attempts.map((a) => a.error?.kind ?? a.outcome)).toEqual([
      'connection_dropped',
      'succeeded',
    ]);
  });

  it('a slow answer past the client timeout is a timeout error', async () => {
    // The server keeps every attempt until the client has given up on all three.
    const held = h.sim.faults.hold('GetCustomer', { times: 3 });
    try {
      const err = await caught(h.client({}, { timeoutMs: 100 }).getCustomer(ABF));
      expect(err.kind).toBe('timeout');
      expect(err.outcomeUnknown).toBe(true);
      expect(err.attempts).toHaveLength(3);
    } finally {
      held.release();
    }
  });

  it('a refused connection is unreachable', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const client = new SageEbwsClient(
      {
        ...h.settings,
        endpointUrl: `http://127.0.0.1:${port}/eBusinessWebServices/MasBasicWsdl.svc`,
      },
      { logger: silentLogger, retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 } },
    );
    const err = await caught(client.getContractInformation());
    expect(err.kind).toBe('unreachable');
    expect(err.code).toBe('ECONNREFUSED');
  });

  it('a URL that is not eBWS is a protocol error', async () => {
    const client = h.client(
      { endpointUrl: h.sim.url.replace('MasBasicWsdl.svc', 'Other.svc') },
      {
        retry: { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0 },
      },
    );
    const err = await caught(client.getContractInformation());
    expect(err.kind).toBe('protocol');
    expect(err.code).toBe('HTTP_404');
  });
});

describe('reserved numbers', () => {
  it('a create whose answer was lost is confirmed by reading back, with the same number and no second GetNext', async () => {
    const calls = () => h.sim.calls.filter((c) => c === 'GetNextCustomerNo').length;
    const before = calls();
    // The server holds the first create until the client has given up on it, then carries it out.
    const held = h.sim.faults.hold('CreateCustomer');
    // The client's wait before its retry lets the held create go through and waits until it has.
    const waitForServer = {
      sleep: async () => {
        held.release();
        await held.carriedOut;
      },
      random: () => 0.5,
    };
    const client = h.client({}, { timeoutMs: 150, retryDeps: waitForServer });
    const { value, attempts } = await client.createCustomer({
      ARDivisionNo: '01',
      CustomerName: 'Slow Answer Inc',
    });
    expect(calls() - before).toBe(1);
    expect(attempts.map((a) => `${a.operation}:${a.error?.kind ?? a.outcome}`)).toEqual([
      'GetNextCustomerNo:succeeded',
      'CreateCustomer:timeout',
      'CreateCustomer:already_exists',
      'GetCustomer:succeeded',
    ]);
    expect(h.store.company('ABC')?.get('AR_Customer', value)?.CustomerName).toBe('Slow Answer Inc');
  });

  it('a create that fails keeps the reserved number on the error for the caller to reuse', async () => {
    const err = await caught(
      h.client().createCustomer({ ARDivisionNo: '01', CustomerName: 'Bad Zip', ZipCode: '00000' }),
    );
    expect(err.kind).toBe('validation');
    expect(err.reservedKey).toEqual({
      ARDivisionNo: '01',
      CustomerNo: expect.stringMatching(/^\d{7}$/),
    });
    const retried = await h.client().createCustomer({
      ARDivisionNo: '01',
      CustomerNo: err.reservedKey?.CustomerNo,
      CustomerName: 'Bad Zip',
      ZipCode: '60601',
    });
    expect(retried.value).toEqual(err.reservedKey);
    expect(retried.attempts.map((a) => a.operation)).toEqual(['CreateCustomer']);
  });
});
