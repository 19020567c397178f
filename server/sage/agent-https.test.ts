import pino from 'pino';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../agent/server.js';
import { startSimAgentEndpoint } from '../../sim/sage100/agent-endpoint.js';
import { SageStore } from '../../sim/sage100/store.js';
import { AgentClient } from './agent-client.js';
import { AgentTransportError } from './agent-errors.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'https-test-token-0123456789abcdef';

describe('agent over HTTPS', () => {
  let agent: RunningAgent;
  let cert: string;

  beforeAll(async () => {
    const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [{ name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] }],
    });
    cert = pems.cert;
    const store = new SageStore({ clock: () => new Date('2026-06-01T12:00:00Z') });
    const company = store.addCompany({
      CompanyCode: 'ABC',
      CompanyName: 'ABC',
      WebServicesEnabled: 'Y',
      timeZone: 'UTC',
      NextCustomerNo: 1,
      NextSalesOrderNo: 1,
    });
    company.insert('CI_Item', { ItemCode: 'TLS' });
    agent = await startSimAgentEndpoint({
      company,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      logger,
      tls: { cert: pems.cert, key: pems.private },
    });
  });
  afterAll(async () => agent.close());

  it('serves the feed over TLS to a client that trusts its certificate', async () => {
    expect(agent.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/agent$/);
    const client = await AgentClient.create(
      { url: agent.url, token: TOKEN, timeoutMs: 5000, ca: cert },
      logger,
    );
    const page = await client.getChanges('CI_Item', undefined, 10);
    expect(page.records.map((r) => r.ItemCode)).toEqual(['TLS']);
    client.close();
  });

  it('refuses an untrusted certificate with a transport error', async () => {
    const client = await AgentClient.create(
      { url: agent.url, token: TOKEN, timeoutMs: 5000 },
      logger,
    );
    const error = await client.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentTransportError);
    expect((error as AgentTransportError).reason).toMatch(/CERT|SELF_SIGNED/);
    client.close();
  });
});
