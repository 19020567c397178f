import pino from 'pino';
import { startSimAgentEndpoint, type SimAgent } from '../../sim/sage100/agent-endpoint.js';
import { SageStore, type SageCompanyData } from '../../sim/sage100/store.js';
import { AgentClient } from './agent-client.js';
import type { FeedBatch } from './feed-reader.js';

/**
 * Test support for the feed: a simulated company with a hand-driven clock, the real agent served
 * over it on 127.0.0.1, and the backend's real client pointed at it.
 */
export const FEED_TEST_TOKEN = 'feed-test-token-0123456789abcdef';

export interface FeedRig {
  company: SageCompanyData;
  /** The real agent over the company; `calls` counts the SOAP calls it received. */
  agent: SimAgent;
  client: AgentClient;
  /** Sets the Sage server's clock (it stamps rows and answers SageNow). */
  setNow(iso: string): void;
  advance(seconds: number): void;
  now(): Date;
  close(): Promise<void>;
}

export async function startFeedRig(
  startIso: string,
  timeZone: string,
  maxPageSize = 1000,
): Promise<FeedRig> {
  let now = new Date(startIso);
  const store = new SageStore({ clock: () => now });
  const company = store.addCompany({
    CompanyCode: 'ABC',
    CompanyName: 'ABC Distribution',
    WebServicesEnabled: 'Y',
    timeZone,
    NextCustomerNo: 100,
    NextSalesOrderNo: 500,
  });
  const logger = pino({ level: 'silent' });
  const agent = await startSimAgentEndpoint({
    company,
    token: FEED_TEST_TOKEN,
    host: '127.0.0.1',
    port: 0,
    logger,
    now: () => now,
    maxPageSize,
  });
  const client = await AgentClient.create(
    { url: agent.url, token: FEED_TEST_TOKEN, timeoutMs: 10_000 },
    logger,
  );
  return {
    company,
    agent,
    client,
    setNow: (iso) => (now = new Date(iso)),
    advance: (seconds) => (now = new Date(now.getTime() + seconds * 1000)),
    now: () => now,
    close: async () => {
      client.close();
      await agent.close();
    },
  };
}

/** Runs one poll to the end, committing every batch; returns the batches and the last watermark. */
export async function pollAll(
  batches: AsyncGenerator<FeedBatch, void, undefined>,
  start: string | undefined,
): Promise<{ batches: FeedBatch[]; watermark: string | undefined }> {
  const seen: FeedBatch[] = [];
  let watermark = start;
  for await (const batch of batches) {
    seen.push(batch);
    watermark = batch.watermark;
    await batch.commit();
  }
  return { batches: seen, watermark };
}
