import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger, startHarness, type Harness } from '../../test/sage/harness.js';
import { testSageConnection } from './test-connection.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h.close());

const run = (overrides: Partial<Harness['settings']> = {}) =>
  testSageConnection({ ...h.settings, ...overrides }, { logger: silentLogger, timeoutMs: 2000 });

describe('testSageConnection', () => {
  it('succeeds with the right settings, warns about plain http, and consumes no numbers', async () => {
    const nextBefore = h.sim.calls.filter((c) => c.startsWith('GetNext')).length;
    const result = await run();
    expect(result.ok).toBe(true);
    expect(result.message).toBe(
      'Connected to Sage 100 company ABC as webuser (eBWS 2023.0.0.0, contract 1).',
    );
    expect(result.warnings).toEqual([
      'The Web Services URL is not https: Sage says eBusiness Web Services should never be used without SSL.',
    ]);
    expect(h.sim.calls.filter((c) => c.startsWith('GetNext')).length).toBe(nextBefore);
  });

  it('accepts the ?wsdl URL an admin may paste', async () => {
    expect((await run({ endpointUrl: `${h.sim.url}?wsdl` })).ok).toBe(true);
  });

  it('wrong password or user not enabled: the logon message', async () => {
    const result = await run({ password: 'nope' });
    expect(result).toMatchObject({ ok: false, failedStep: 'logon', error: { kind: 'logon' } });
    expect(result.message).toBe(
      'Sage 100 rejected user "webuser": the password is wrong, or the user is not enabled for web services (User Maintenance > Enable Web Services).',
    );
  });

  it('unknown or disabled company: the company message', async () => {
    for (const companyCode of ['XYZ', 'OFF']) {
      const result = await run({ companyCode });
      expect(result.failedStep).toBe('logon');
      expect(result.message).toBe(
        `Company code "${companyCode}" is unknown to Sage 100 or not enabled for web services (Company Maintenance > Enable Web Services).`,
      );
    }
  });

  it('no permission: the role message', async () => {
    h.store.addUser({
      UserKey: '0000000099',
      UserLogon: 'blind',
      Password: 'pw',
      WebServicesEnabled: 'Y',
      Companies: '*',
      DeniedTasks: ['AR_Customer:View'],
    });
    const result = await run({ username: 'blind', password: 'pw' });
    expect(result.error?.kind).toBe('no_access');
    expect(result.message).toMatch(/^User "blind" has no permission for this in company "ABC"\./);
  });

  it('host unreachable: the reachability message', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as net.AddressInfo).port;
        s.close(() => resolve(p));
      });
    });
    const result = await run({
      endpointUrl: `http://127.0.0.1:${port}/eBusinessWebServices/MasBasicWsdl.svc`,
    });
    expect(result).toMatchObject({
      ok: false,
      failedStep: 'reachability',
      error: { kind: 'unreachable', code: 'ECONNREFUSED' },
    });
    expect(result.message).toMatch(
      /^Cannot reach Sage 100 web services at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)\./,
    );
  });

  it('a URL that is not a URL', async () => {
    const result = await run({ endpointUrl: 'sage server' });
    expect(result).toMatchObject({ ok: false, failedStep: 'url' });
    expect(result.message).toMatch(/^The settings are not usable: .*MasBasicWsdl\.svc\.$/);
  });
});
