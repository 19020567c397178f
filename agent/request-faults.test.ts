import type http from 'node:http';
import type { Logger } from 'pino';
import type * as soap from 'soap';
import { expect, it } from 'vitest';
import { cleanRequestFaults, INVALID_REQUEST_FAULT } from './request-faults.js';

it('logs what node-soap said about a request without the agent token it may quote', () => {
  const sent: Array<{ status: number | undefined; body: unknown }> = [];
  const server = {
    _sendHttpResponse: (_res: unknown, status: number | undefined, body: unknown) =>
      sent.push({ status, body }),
  };
  const logged: unknown[] = [];
  const logger = { warn: (o: unknown) => logged.push(o) } as unknown as Logger;
  cleanRequestFaults(server as unknown as soap.Server, logger);
  const res = { setHeader: () => undefined } as unknown as http.ServerResponse;
  server._sendHttpResponse(
    res,
    500,
    'Error: unexpected close tag near <tns:AgentToken>agent-token-do-not-leak</tns:AgentToken>',
  );
  expect(sent).toEqual([{ status: 500, body: INVALID_REQUEST_FAULT }]);
  expect(JSON.stringify(logged)).not.toContain('agent-token-do-not-leak');
  expect(JSON.stringify(logged)).toContain('<tns:AgentToken>[redacted]</tns:AgentToken>');
});
