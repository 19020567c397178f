import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDataSource } from './data-source.js';
import { startAgentServer, type RunningAgent } from './server.js';

const TOKEN = 'server-test-token-0123456789abcd';
const source = {
  kind: 'odbc',
  ping: async () => {},
  close: async () => {},
} as unknown as AgentDataSource;

const envelope = (body: string) =>
  `<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>${body}</soap:Body></soap:Envelope>`;

describe('the agent server answers requests it cannot parse', () => {
  let agent: RunningAgent;
  beforeAll(async () => {
    agent = await startAgentServer({
      host: '127.0.0.1',
      port: 0,
      dataSource: source,
      token: TOKEN,
      maxPageSize: 50,
      maxKeysPerCall: 5,
      timeZone: 'UTC',
      logger: pino({ level: 'silent' }),
    });
  });
  afterAll(() => agent.close());

  it.each([
    ['an empty POST', ''],
    ['text that is not XML', 'not xml'],
    ['XML that is not a SOAP envelope', '<a/>'],
    ['an envelope with an empty body', envelope('')],
    ['an unknown operation', envelope('<Nope/>')],
  ])('%s with a clean InvalidRequest fault and no internals', async (_what, body) => {
    const res = await fetch(agent.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body,
    });
    const text = await res.text();
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toMatch(/^text\/xml/);
    expect(text).toContain('<faultcode>soap:Client</faultcode>');
    expect(text).toContain('<Code>InvalidRequest</Code>');
    expect(text).toContain(
      '<Message>malformed request: not a SOAP request for an agent operation</Message>',
    );
    expect(text).not.toMatch(/TypeError|Error:|node_modules|\bat \w|Cannot read/);
  });

  it("still sends the handlers' own faults as they are", async () => {
    const res = await fetch(agent.url, {
      method: 'POST',
      headers: { 'content-type': 'text/xml; charset=utf-8' },
      body: envelope(
        '<tns:GetHealth xmlns:tns="urn:sage100-zoho-sync:agent:v1"><tns:AgentToken>wrong</tns:AgentToken></tns:GetHealth>',
      ),
    });
    const text = await res.text();
    expect(text).toContain('AuthenticationFailed');
  });
});
