import net from 'node:net';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDataSource } from '../../agent/data-source.js';
import { startAgentServer, type RunningAgent } from '../../agent/server.js';
import { AgentClient } from './agent-client.js';
import { AgentAuthError, AgentTransportError } from './agent-errors.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'keepalive-test-token-0123456789ab';

const emptySource: AgentDataSource = {
  kind: 'odbc',
  rowsUpdatedOn: async () => [],
  rowsUpdatedAfter: async function* () {},
  rowsInKeyOrder: async function* () {},
  rowsWhere: async () => [],
  ping: async () => {},
  close: async () => {},
};

/**
 * A TCP proxy in front of the agent that resets the next `resets` connections as soon as a request
 * arrives on them: what a client sees when it reuses a kept-alive socket the agent just closed.
 */
async function resettingProxy(target: URL) {
  const state = { resets: 0, connections: 0 };
  const server = net.createServer((client) => {
    state.connections += 1;
    client.once('data', (first) => {
      if (state.resets > 0) {
        state.resets -= 1;
        client.resetAndDestroy();
        return;
      }
      const upstream = net.connect(Number(target.port), target.hostname, () => {
        upstream.write(first);
        client.pipe(upstream).pipe(client);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    state,
    url: `http://127.0.0.1:${port}${target.pathname}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('agent client over a connection the agent closed', () => {
  let agent: RunningAgent;
  let proxy: Awaited<ReturnType<typeof resettingProxy>>;
  let client: AgentClient;
  beforeAll(async () => {
    agent = await startAgentServer({
      host: '127.0.0.1',
      port: 0,
      dataSource: emptySource,
      token: TOKEN,
      maxPageSize: 50,
      maxKeysPerCall: 5,
      timeZone: 'UTC',
      logger,
    });
    proxy = await resettingProxy(new URL(agent.url));
    client = await AgentClient.create({ url: proxy.url, token: TOKEN, timeoutMs: 5000 }, logger);
  });
  afterAll(async () => {
    client.close();
    await proxy.close();
    await agent.close();
  });

  it('sends a read once more on a fresh socket after a reset, and answers', async () => {
    proxy.state.resets = 1;
    const before = proxy.state.connections;
    expect(await client.version()).toMatchObject({ contractVersion: expect.any(String) });
    expect(proxy.state.connections - before).toBe(2);
    expect(proxy.state.resets).toBe(0);
  });

  it('retries only once: two resets in a row are a transport error naming the reset', async () => {
    client.close();
    client = await AgentClient.create({ url: proxy.url, token: TOKEN, timeoutMs: 5000 }, logger);
    proxy.state.resets = 2;
    const error = await client.version().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentTransportError);
    expect((error as Error).message).toMatch(/ECONNRESET|socket hang up/);
    expect(proxy.state.resets).toBe(0);
  });

  it('never repeats a call the agent answered, even with a fault', async () => {
    const bad = await AgentClient.create(
      { url: proxy.url, token: 'wrong-token-0123456789abcdefghij', timeoutMs: 5000 },
      logger,
    );
    const before = proxy.state.connections;
    await expect(bad.health()).rejects.toBeInstanceOf(AgentAuthError);
    expect(proxy.state.connections - before).toBe(1);
    bad.close();
  });
});
