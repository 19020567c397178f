import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentDataSource } from '../../agent/data-source.js';
import type { EntityName } from '../../agent/entities.js';
import { startAgentServer, type RunningAgent } from '../../agent/server.js';
import { AgentClient } from './agent-client.js';
import { AgentFaultError, AgentTransportError } from './agent-errors.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'failure-test-token-0123456789abc';

/** A data source whose Sage files cannot be read (a broken DSN, a missing company folder). */
const brokenSource: AgentDataSource = {
  kind: 'odbc',
  rowsUpdatedOn: async () => {
    throw new Error('[ProvideX][ODBC Driver]Invalid directory: \\\\SAGESRV\\MAS90\\MAS_ABC');
  },
  rowsUpdatedAfter: async function* () {
    yield* [];
    throw new Error('unreachable');
  },
  rowsInKeyOrder: async function* () {
    yield* [];
    throw new Error('[ProvideX][ODBC Driver]File not found');
  },
  rowsWhere: async () => {
    throw new Error('[ProvideX][ODBC Driver]File not found');
  },
  ping: async () => {
    throw new Error('[ProvideX][ODBC Driver]Cannot open company');
  },
  close: async () => {},
};

describe('agent failures as the backend sees them', () => {
  let agent: RunningAgent;
  let client: AgentClient;
  beforeAll(async () => {
    agent = await startAgentServer({
      host: '127.0.0.1',
      port: 0,
      dataSource: brokenSource,
      token: TOKEN,
      maxPageSize: 50,
      maxKeysPerCall: 5,
      timeZone: 'UTC',
      logger,
    });
    client = await AgentClient.create({ url: agent.url, token: TOKEN, timeoutMs: 5000 }, logger);
  });
  afterAll(async () => {
    client.close();
    await agent.close();
  });

  it('reports an unreadable data source as unhealthy rather than failing the health call', async () => {
    expect(await client.health()).toMatchObject({
      healthy: false,
      message: 'the odbc data source cannot be read: [ProvideX][ODBC Driver]Cannot open company',
    });
  });

  it('answers a read that fails in the driver with DataSourceError, without driver details', async () => {
    const error = await client.getChanges('AR_Customer', undefined, 10).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentFaultError);
    expect(error).toMatchObject({
      code: 'DataSourceError',
      detail: 'reading Sage failed during GetChanges',
    });
  });

  it('rejects unknown entities, relations and oversize key lists as InvalidRequest', async () => {
    await expect(client.getChanges('AR_Nope' as EntityName, undefined, 10)).rejects.toMatchObject({
      code: 'InvalidRequest',
      detail: 'unknown entity AR_Nope',
    });
    await expect(
      client.getChildren('Friends' as 'CustomerContacts', ['01', 'A']),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
    const keys = Array.from({ length: 6 }, (_, i) => [`I${i}`]);
    await expect(client.getRecords('CI_Item', keys)).rejects.toMatchObject({
      detail: 'at most 5 keys per call',
    });
    await expect(
      client.getChanges('CI_Item', { date: '2026-11-20', time: '1', key: [] }, 10),
    ).rejects.toMatchObject({ code: 'InvalidRequest' });
  });

  it('turns an agent that never answers into a transport error after the timeout', async () => {
    const silent = http.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    const slow = await AgentClient.create(
      { url: `http://127.0.0.1:${port}/agent`, token: TOKEN, timeoutMs: 300 },
      logger,
    );
    const error = await slow.health().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentTransportError);
    expect(error).toMatchObject({ host: `127.0.0.1:${port}`, reason: 'ECONNABORTED' });
    slow.close();
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('treats a web server that is not the agent as a transport error', async () => {
    const other = http.createServer((_req, res) => {
      res.statusCode = 404;
      res.end('<html>IIS 404</html>');
    });
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as AddressInfo;
    const wrong = await AgentClient.create(
      { url: `http://127.0.0.1:${port}/agent`, token: TOKEN, timeoutMs: 2000 },
      logger,
    );
    await expect(wrong.health()).rejects.toMatchObject({ kind: 'transport' });
    wrong.close();
    await new Promise((resolve) => other.close(resolve));
  });
});
