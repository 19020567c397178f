import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { SageConnection } from '../../db/repositories/sage-connections.js';
import { createLogger } from '../../logging.js';
import { AgentAuthError } from '../../sage/agent-errors.js';
import { PanelAgent } from './panel-agent.js';

/** An agent address that takes requests and never answers (a host behind a dropping firewall). */
let requests = 0;
let server: http.Server;
let url: string;

beforeEach(async () => {
  requests = 0;
  server = http.createServer(() => requests++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/agent`;
});
afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const connection = (): SageConnection =>
  ({ tenantId: 't1', agentUrl: url, agentToken: 'agent-token' }) as SageConnection;

function probe(clock: { now: number }) {
  return new PanelAgent(
    { sage: { testTimeoutMs: 30_000, agentTimeoutMs: 30_000 }, logger: createLogger('silent') },
    { waitMs: 300, rememberAwayMs: 30_000, now: () => clock.now },
  );
}

it('says Sage is away once the agent has not answered within the wait, not the client timeout', async () => {
  const clock = { now: 1_000 };
  const started = performance.now();
  const answer = await probe(clock).call(connection(), (a) => a.health());
  expect(answer).toEqual({ available: false, reason: 'Sage 100 did not answer within 0.3 s.' });
  // The agent client's own timeout is 30 s: the panel answered long before it.
  expect(performance.now() - started).toBeLessThan(10_000);
  expect(requests).toBe(1);
});

it('remembers "away" for a while, so the next panels answer without asking again', async () => {
  const clock = { now: 1_000 };
  const p = probe(clock);
  await p.call(connection(), (a) => a.health());
  clock.now += 29_000;
  expect((await p.call(connection(), (a) => a.health())).available).toBe(false);
  expect(requests).toBe(1);
  clock.now += 2_000; // past the 30 s
  await p.call(connection(), (a) => a.health());
  expect(requests).toBe(2);
});

it('needs no call when the organisation has no agent', async () => {
  const answer = await probe({ now: 0 }).call({ tenantId: 't1' } as SageConnection, (a) =>
    a.health(),
  );
  expect(answer).toEqual({
    available: false,
    reason: 'No Sage agent is configured for this organisation.',
  });
  expect(requests).toBe(0);
});

it('remembers an agent that refuses connections as away; a refusal by the agent itself is not', async () => {
  const clock = { now: 1_000 };
  const p = probe(clock);
  let asked = 0;
  const refused = { tenantId: 't2', agentUrl: 'http://127.0.0.1:2/agent', agentToken: 'x' };
  const health = (a: Parameters<Parameters<PanelAgent['call']>[1]>[0]) => {
    asked++;
    return a.health();
  };
  expect(await p.call(refused as SageConnection, health)).toEqual({
    available: false,
    reason:
      'the Sage agent at 127.0.0.1:2 cannot be reached (ECONNREFUSED): nothing answers on that port. Check that the Sage100Agent service is running on that machine and that the agent URL in the Sage settings names its port (default 8790)',
  });
  expect(await p.call(refused as SageConnection, health)).toMatchObject({ available: false });
  expect(asked).toBe(1);

  // An agent that answers, even with a refusal, is there: asked every time.
  const refusing = async () => {
    asked++;
    throw new AgentAuthError('127.0.0.1');
  };
  const first = await p.call(connection(), refusing);
  await p.call(connection(), refusing);
  expect(first).toEqual({
    available: false,
    reason:
      "the Sage agent at 127.0.0.1 rejected the agent token; check it matches the agent's config",
  });
  expect(asked).toBe(3);
});
