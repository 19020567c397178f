import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AgentClient } from '../../server/sage/agent-client.js';
import {
  SIM_AGENT_TOKEN,
  SimAgentUsageError,
  startSimAgentEndpoint,
  startSimAgentFromCli,
} from './agent-endpoint.js';
import { SageStore } from './store.js';

const logger = pino({ level: 'silent' });

function storeWithCompany() {
  const store = new SageStore({ clock: () => new Date('2026-11-20T20:30:00Z') });
  const company = store.addCompany({
    CompanyCode: 'ABC',
    CompanyName: 'ABC',
    WebServicesEnabled: 'Y',
    timeZone: 'America/Chicago',
    NextCustomerNo: 1,
    NextSalesOrderNo: 1,
  });
  company.insert('CI_Item', { ItemCode: 'A-100', ItemCodeDesc: 'Widget' });
  return store;
}

describe('the agent endpoint started by npm run sim:sage', () => {
  it('serves the first company with the default token and the store clock', async () => {
    const store = storeWithCompany();
    const started = await startSimAgentFromCli(
      store,
      { 'agent-port': '0' },
      { host: '127.0.0.1' },
      logger,
    );
    const url = /Endpoint:\s+(\S+)/.exec(started.lines.join('\n'))?.[1] ?? '';
    expect(started.lines).toContain(`  Agent token:   ${SIM_AGENT_TOKEN}`);
    const client = await AgentClient.create(
      { url, token: SIM_AGENT_TOKEN, timeoutMs: 5000 },
      logger,
    );
    const page = await client.getChanges('CI_Item', undefined, 10);
    expect(page.records.map((r) => r.ItemCodeDesc)).toEqual(['Widget']);
    expect(page.sageNow).toEqual({ date: '20261120', time: '14.50000' });
    client.close();
    await Promise.all(started.closers.map((close) => close()));
  });

  it('sends a control character read from Sage as a character reference the client reads back', async () => {
    const store = storeWithCompany();
    store
      .company('ABC')!
      .insert('CI_Item', { ItemCode: 'B-200', ItemCodeDesc: 'Bell\u0007\u000BTab' });
    const started = await startSimAgentFromCli(
      store,
      { 'agent-port': '0' },
      { host: '127.0.0.1' },
      logger,
    );
    const url = /Endpoint:\s+(\S+)/.exec(started.lines.join('\n'))?.[1] ?? '';
    const client = await AgentClient.create(
      { url, token: SIM_AGENT_TOKEN, timeoutMs: 5000 },
      logger,
    );
    try {
      const page = await client.getChanges('CI_Item', undefined, 10);
      expect(page.records.map((r) => r.ItemCodeDesc)).toEqual(['Widget', 'Bell\u0007\u000BTab']);
    } finally {
      client.close();
      await Promise.all(started.closers.map((close) => close()));
    }
  });

  it('can be turned off, and rejects bad options', async () => {
    const store = storeWithCompany();
    expect(
      (await startSimAgentFromCli(store, { 'no-agent': true }, { host: '127.0.0.1' }, logger))
        .closers,
    ).toEqual([]);
    await expect(
      startSimAgentFromCli(store, { 'agent-port': 'x' }, { host: '127.0.0.1' }, logger),
    ).rejects.toBeInstanceOf(SimAgentUsageError);
    await expect(
      startSimAgentFromCli(store, { 'agent-token': 'short' }, { host: '127.0.0.1' }, logger),
    ).rejects.toThrow('at least 24');
    await expect(
      startSimAgentFromCli(
        store,
        { 'agent-company': 'XYZ', 'agent-port': '0' },
        { host: '127.0.0.1' },
        logger,
      ),
    ).rejects.toThrow('no company XYZ');
    await expect(
      startSimAgentFromCli(store, { 'agent-latency-ms': '-1' }, { host: '127.0.0.1' }, logger),
    ).rejects.toThrow('--agent-latency-ms expects a whole number 0..60000');
  });

  it('holds every call for --agent-latency-ms, and setLatency changes it', async () => {
    const store = storeWithCompany();
    const started = await startSimAgentFromCli(
      store,
      { 'agent-port': '0', 'agent-latency-ms': '150' },
      { host: '127.0.0.1' },
      logger,
    );
    expect(started.lines).toContain('  Latency:       150 ms per call');
    const url = /Endpoint:\s+(\S+)/.exec(started.lines.join('\n'))?.[1] ?? '';
    const client = await AgentClient.create(
      { url, token: SIM_AGENT_TOKEN, timeoutMs: 5000 },
      logger,
    );
    try {
      // Timers never fire early: each page takes at least the latency (a lower bound only).
      for (let i = 0; i < 2; i++) {
        const t0 = performance.now();
        const page = await client.getChanges('CI_Item', undefined, 10);
        expect(page.records.map((r) => r.ItemCodeDesc)).toEqual(['Widget']);
        expect(performance.now() - t0).toBeGreaterThanOrEqual(149);
      }
    } finally {
      client.close();
      await Promise.all(started.closers.map((close) => close()));
    }
  });

  it('startSimAgentEndpoint takes latencyMs and setLatency checks its value', async () => {
    const store = storeWithCompany();
    const agent = await startSimAgentEndpoint({
      company: store.company('ABC')!,
      token: SIM_AGENT_TOKEN,
      host: '127.0.0.1',
      port: 0,
      logger,
      latencyMs: 80,
    });
    try {
      expect(agent.latencyMs).toBe(80);
      agent.setLatency(0);
      expect(agent.latencyMs).toBe(0);
      expect(() => agent.setLatency(-3)).toThrow(RangeError);
      expect(agent.latencyMs).toBe(0);
    } finally {
      await agent.close();
    }
  });
});
