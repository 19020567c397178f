import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectSandboxZoho } from '../../../test/sandbox.js';
import { TABLES } from '../../db/tables.js';
import { SecretBox } from '../../security/secret-box.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * Issue 10 item 9: a stored secret sealed with a key the server no longer has (a lost or changed
 * SECRET_KEY, a restored backup) can be repaired. Saving new settings, testing, reconnecting and
 * disconnecting used to open the old secret first and answer 500.
 */
let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

/** Sealed with a key this backend never had. */
const lost = new SecretBox('lost-key', crypto.randomBytes(32));

const api = async (method: string, path: string, body?: unknown) => {
  const res = await fetch(`${fx.backend.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${fx.adminToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read any JSON shape
    body: (text ? JSON.parse(text) : undefined) as any,
  };
};

describe('repairing a stored secret that cannot be opened', () => {
  it('Sage: the settings load, test says what to re-enter, and saving a new password repairs it', async () => {
    const original = (await fx.backend.repos.sageConnections.get(fx.tenantId))!;
    const settings = {
      endpointUrl: original.endpointUrl,
      companyCode: original.companyCode,
      username: original.username,
      timeZone: original.timeZone,
      lengthProfile: original.lengthProfile,
      agentUrl: original.agentUrl,
    };
    const { password, agentToken } = original;
    await fx.backend
      .db(TABLES.sageConnections)
      .where({ tenant_id: fx.tenantId })
      .update({ password_secret: lost.seal('x'), agent_token_secret: lost.seal('y') });

    const view = await api('GET', '/api/v1/connections/sage');
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      configured: true,
      passwordSet: false,
      agentTokenSet: false,
      unreadableSecrets: ['sage_password', 'sage_agent_token'],
    });

    const test = await api('POST', '/api/v1/connections/sage/test', {});
    expect(test.status).toBe(409);
    expect(test.type).toMatch(/application\/problem\+json/);
    expect(test.body).toMatchObject({
      code: 'secret_unreadable',
      secret: 'sage_password',
      title: 'Stored secret unreadable',
    });
    expect(test.body.detail).toContain('Enter the Sage password again');
    const checks = await api('POST', '/api/v1/connections/sage/checks', {});
    expect(checks.status).toBe(409);
    expect(checks.body.secret).toBe('sage_password');

    // Keeping the stored password is what cannot work: say so, do not 500.
    const keep = await api('PUT', '/api/v1/connections/sage', settings);
    expect(keep.status).toBe(409);
    expect(keep.body.secret).toBe('sage_password');

    const onlyPassword = await api('PUT', '/api/v1/connections/sage', { ...settings, password });
    expect(onlyPassword.status).toBe(409);
    expect(onlyPassword.body.secret).toBe('sage_agent_token');
    expect(onlyPassword.body.detail).toContain('Enter the agent token again');

    const repaired = await api('PUT', '/api/v1/connections/sage', {
      ...settings,
      password,
      agentToken,
    });
    expect(repaired.status).toBe(200);
    expect(repaired.body).toMatchObject({
      passwordSet: true,
      agentTokenSet: true,
      unreadableSecrets: [],
    });
    const again = await api('POST', '/api/v1/connections/sage/test', {});
    expect(again.status).toBe(200);
    expect(again.body.ok).toBe(true);
  });

  it('Zoho: reconnecting and disconnecting work without the old grant', async () => {
    const corrupt = () =>
      fx.backend
        .db(TABLES.zohoConnections)
        .where({ tenant_id: fx.tenantId })
        .update({ refresh_token_secret: lost.seal('1000.old-refresh-token') });
    await corrupt();
    expect((await fx.backend.repos.zohoConnections.get(fx.tenantId))!.unreadableSecrets).toEqual([
      'zoho_refresh_token',
    ]);
    await connectSandboxZoho(fx.backend.url);
    const reconnected = (await fx.backend.repos.zohoConnections.get(fx.tenantId))!;
    expect(reconnected.unreadableSecrets).toEqual([]);
    expect(reconnected.refreshToken).toMatch(/^1000\./);

    await corrupt();
    const status = await api('GET', '/api/zoho/connection');
    expect(status.status).toBe(200);
    expect(status.body.connected).toBe(true);
    const gone = await api('POST', '/api/zoho/disconnect');
    expect(gone.status).toBe(204);
    expect(await fx.backend.repos.zohoConnections.get(fx.tenantId)).toBeUndefined();
  });
});
