import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, testEngines, type TestDb } from '../../../test/db.js';
import { SessionTokens } from '../../http/auth/session-token.js';
import { SigninCodes, SIGNIN_CODE_TTL_MS } from '../../http/auth/signin-codes.js';
import { SecretBox } from '../../security/secret-box.js';
import { createRepositories, type Repositories } from './index.js';

describe.each(testEngines())('one-time sign-in codes on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
  const origin = 'https://1234abcd.zappsusercontent.com';

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '60001', name: 'Acme' })).id;
  });
  afterEach(async () => t.destroy());

  const codes = () =>
    new SigninCodes(
      repos.signinCodes,
      new SessionTokens(crypto.randomBytes(32), 3600, () => clock.now),
      () => clock.now,
    );
  const grant = { zohoUserId: '111', zohoOrgId: '60001', role: 'user' as const };

  it('stores only the hash, redeems once, from the start origin, within five minutes', async () => {
    const c = codes();
    const code = await c.issue({ ...grant, tenantId, returnOrigin: origin });
    const rows = await t.db('signin_codes').select('*');
    expect(JSON.stringify(rows)).not.toContain(code.replace('-', ''));
    expect(await c.redeem(code, 'https://other.zappsusercontent.com')).toBeUndefined();
    // A redeem from the wrong origin consumed it: a guess from elsewhere burns the code.
    expect(await c.redeem(code, origin)).toBeUndefined();

    const second = await c.issue({ ...grant, tenantId, returnOrigin: origin });
    const session = await c.redeem(second, origin);
    expect(session?.claims).toMatchObject({
      tid: tenantId,
      uid: '111',
      oid: '60001',
      role: 'user',
    });
    expect(await c.redeem(second, origin)).toBeUndefined();

    const late = await c.issue({ ...grant, tenantId, returnOrigin: origin });
    clock.now += SIGNIN_CODE_TTL_MS;
    expect(await c.redeem(late, origin)).toBeUndefined();
  });
});
