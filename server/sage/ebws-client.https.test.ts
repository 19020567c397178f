import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startHarness, type Harness } from '../../test/sage/harness.js';
import { SageError } from './errors.js';
import { testSageConnection } from './test-connection.js';

let h: Harness;
let cert: string;
beforeAll(async () => {
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keySize: 2048,
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
  });
  cert = pems.cert;
  h = await startHarness({ https: { cert: pems.cert, key: pems.private } });
});
afterAll(() => h.close());

const noRetry = { retry: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0 } };

describe('eBWS over HTTPS with a self-signed certificate', () => {
  it('serves https', () => {
    expect(h.sim.url).toMatch(
      /^https:\/\/127\.0\.0\.1:\d+\/eBusinessWebServices\/MasBasicWsdl\.svc$/,
    );
  });

  it('rejects the certificate with a TLS error, not retried', async () => {
    const err = await h
      .client({}, noRetry)
      .getContractInformation()
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SageError);
    expect((err as SageError).kind).toBe('tls');
    expect((err as SageError).code).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
    expect((err as SageError).attempts).toHaveLength(1);
  });

  it('accepts it when given the CA, and logs on', async () => {
    const client = h.client({}, { ...noRetry, ca: cert });
    expect((await client.getContractInformation()).value.ContractVersion).toBe(1);
    expect(
      (await client.getCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' })).value.CustomerName,
    ).toBe('American Business Futures');
  });

  it('test connection explains the rejected certificate', async () => {
    const result = await testSageConnection(h.settings, { logger: silentLogger });
    expect(result).toMatchObject({ ok: false, failedStep: 'reachability', error: { kind: 'tls' } });
    expect(result.message).toBe(
      `The certificate of ${new URL(h.sim.url).host} was rejected (DEPTH_ZERO_SELF_SIGNED_CERT). Install a certificate from a trusted authority on the eBusiness Web Services site, or add the issuing CA to this server's trusted certificates.`,
    );
    const trusted = await testSageConnection(h.settings, { logger: silentLogger, ca: cert });
    expect(trusted.ok).toBe(true);
    expect(trusted.warnings).toEqual([]);
  });
});
