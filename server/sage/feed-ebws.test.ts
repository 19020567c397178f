import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningAgent } from '../../agent/server.js';
import { startSimAgentEndpoint } from '../../sim/sage100/agent-endpoint.js';
import { startHarness, type Harness } from '../../test/sage/harness.js';
import { AgentClient } from './agent-client.js';
import { SageFeed } from './feed.js';
import { pollAll } from './feed-testing.js';

const logger = pino({ level: 'silent' });
const TOKEN = 'ebws-feed-token-0123456789abcdef';

describe('one simulated company behind eBWS and the agent', () => {
  let now = new Date('2026-11-21T20:30:30Z');
  let h: Harness;
  let agent: RunningAgent;
  let feed: SageFeed;

  beforeAll(async () => {
    h = await startHarness({ clock: () => now });
    const company = h.store.company('ABC')!;
    agent = await startSimAgentEndpoint({
      company,
      token: TOKEN,
      host: '127.0.0.1',
      port: 0,
      logger,
      now: () => now,
    });
    const client = await AgentClient.create(
      { url: agent.url, token: TOKEN, timeoutMs: 5000 },
      logger,
    );
    feed = new SageFeed(
      client,
      { overlapSeconds: 900, pageSize: 100, timeZone: 'America/Chicago' },
      logger,
    );
  });
  afterAll(async () => {
    feed.close();
    await agent.close();
    await h.close();
  });

  it('shows a customer written through eBWS in the change feed', async () => {
    const first = await pollAll(feed.readChanges('AR_Customer', undefined), undefined);
    expect(first.batches.flatMap((b) => b.changes.map((c) => c.record.CustomerName))).toEqual([
      'American Business Futures',
    ]);

    now = new Date('2026-11-21T21:00:00Z'); // 15:00 in Chicago
    await h
      .client()
      .updateCustomer({ ARDivisionNo: '01', CustomerNo: 'ABF' }, { CustomerName: 'ABF Holdings' });
    const second = await pollAll(feed.readChanges('AR_Customer', first.watermark), first.watermark);
    const changes = second.batches.flatMap((b) => b.changes);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.record).toMatchObject({
      CustomerName: 'ABF Holdings',
      DateUpdated: '20261121',
      TimeUpdated: '15.00000',
      UserUpdatedKey: '0000000007',
    });
    expect(changes[0]!.updatedAt).toBe('2026-11-21T21:00:00.000Z');
  });
});
