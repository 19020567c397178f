import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startHarness, type Harness } from '../../test/sage/harness.js';
import { actionNotSupported } from '../../sim/sage100/wcf-request.js';
import { SageError } from './errors.js';
import { classifyFault } from './fault-mapping.js';
import { testSageConnection } from './test-connection.js';

/**
 * A request the eBWS host refuses before Sage sees it (another WCF service at the URL, another
 * contract version) is a configuration error: typed, never retried, with a message for the admin.
 */

let h: Harness;
let other: http.Server;
let otherUrl = '';
let posts = 0;
beforeAll(async () => {
  h = await startHarness();
  // A WCF host of another contract: every action is unknown to it.
  other = http.createServer((req, res) => {
    posts++;
    req.resume();
    const answer = actionNotSupported(String(req.headers.soapaction ?? '').replace(/"/g, ''));
    if (answer.ok) throw new Error('unreachable');
    res.writeHead(answer.status, { 'Content-Type': answer.contentType ?? 'text/plain' });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
  otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}/eBusinessWebServices/MasBasicWsdl.svc`;
});
afterAll(async () => {
  await h.close();
  await new Promise((resolve) => other.close(resolve));
});

const caught = async (p: Promise<unknown>): Promise<SageError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof SageError) return err;
    throw err;
  }
  throw new Error('expected a SageError');
};

describe('refusals of the request shape', () => {
  it('ActionNotSupported is a contract error, never retried', async () => {
    posts = 0;
    const client = h.client({ endpointUrl: otherUrl });
    const err = await caught(client.getCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' }));
    expect(err.kind).toBe('contract');
    expect(err.code).toBe('ActionNotSupported');
    expect(err.retryable).toBe(false);
    expect(err.attempts).toHaveLength(1);
    expect(posts).toBe(1);
    expect(err.message).toContain(
      `The message with Action 'http://mas90.sage.com/ws/IMasBasicWsdl/GetCustomer' cannot be processed`,
    );
  });

  it('Test connection tells the admin to correct the URL', async () => {
    const result = await testSageConnection(
      { ...h.settings, endpointUrl: otherUrl },
      { logger: silentLogger },
    );
    expect(result.ok).toBe(false);
    expect(result.failedStep).toBe('reachability');
    expect(result.error?.kind).toBe('contract');
    expect(result.message).toContain('refused the request as not matching its service contract');
    expect(result.message).toContain('/eBusinessWebServices/MasBasicWsdl.svc');
    expect(result.message).toContain('Retrying will not help');
  });

  it('WCF dispatcher faults classify as contract errors, Sage faults do not', () => {
    for (const code of ['ActionNotSupported', 'VersionMismatch', 'DeserializationFailed']) {
      expect(classifyFault(code, 'anything')).toBe('contract');
    }
    expect(classifyFault('CI_NoKey', 'Customer does not exist')).toBe('not_found');
  });

  it('refuses, before any call, a value XML cannot carry', async () => {
    const client = h.client();
    const before = h.sim.calls.length;
    const err = await caught(
      client.updateCustomer(
        { ARDivisionNo: '01', CustomerNo: 'ABF' },
        { CustomerName: 'Bell\u0007Co' },
      ),
    );
    expect(err.kind).toBe('validation');
    expect(err.field).toBe('CustomerName');
    expect(err.message).toBe(
      'The Customer Name contains a control character (U+0007) that XML cannot carry.',
    );
    expect(h.sim.calls.slice(before)).toEqual(['GetCustomer']); // the read, no update
  });
});
