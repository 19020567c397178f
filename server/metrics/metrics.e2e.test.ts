import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from '../http/api/api-fixture.js';
import { systemOf } from './external-calls.js';

/**
 * GET /metrics on the sandbox backend: bearer-protected, valid Prometheus text, and counters that
 * move with a run (runs, records, calls to Zoho, eBWS and the agent).
 */

const TOKEN = 'metrics-token-0123456789';
let fx: ApiFixture;

// prom-client writes NaN as "Nan" (an event-loop lag with no sample yet); Prometheus reads either.
const SAMPLE =
  /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|Nan|[+-]Inf)$/;

/** Parses Prometheus text exposition; throws on any line that is not a comment or a sample. */
function parse(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    samples.set(`${m[1]}${m[2] ?? ''}`, Number(m[3]));
  }
  return samples;
}

const scrape = async () => {
  const res = await fetch(`${fx.backend.url}/metrics`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parse(await res.text());
};
const value = (m: Map<string, number>, key: string) => m.get(key) ?? 0;

beforeAll(async () => {
  fx = await startApiFixture({ METRICS_TOKEN: TOKEN });
  await fx.call('PUT', '/modules/Accounts', fx.adminToken, { direction: 'both' });
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

describe('GET /metrics', () => {
  it('needs the bearer token', async () => {
    const none = await fetch(`${fx.backend.url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toMatch(/problem\+json/);
    const wrong = await fetch(`${fx.backend.url}/metrics`, {
      headers: { authorization: 'Bearer not-the-token-at-all' },
    });
    expect(wrong.status).toBe(401);
  });

  it('parses as Prometheus text, and its counters move with a run', async () => {
    const before = await scrape();
    expect(before.has('sync_run_queue_depth')).toBe(true);
    const runs = 'sync_runs_total{module="Accounts",kind="manual",status="succeeded"}';
    const created = 'sync_records_total{module="Accounts",action="created"}';
    expect(value(before, runs)).toBe(0);

    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    const run = await fx.waitForRun(res.body.runIds[0]);
    expect(run.status).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 100));
    const after = await scrape();
    expect(value(after, runs)).toBe(1);
    // 24 to Zoho, 2 to Sage: the demo Deal's Atlas Trading 1 is linked by its Sage key already.
    expect(value(after, created)).toBe(26);
    expect(value(after, 'sync_run_duration_seconds_count{module="Accounts",kind="manual"}')).toBe(
      1,
    );
    // The feed thread's GetChanges calls count too: at least one per Sage page the run read.
    const sagePages = (await fx.backend.repos.runs.pages(fx.tenantId, run.id)).filter(
      (p) => p.side === 'sage',
    );
    const agentOk = 'sync_external_calls_total{system="agent",outcome="ok"}';
    expect(value(after, agentOk) - value(before, agentOk)).toBeGreaterThanOrEqual(
      2 + sagePages.length,
    );
    for (const system of ['zoho', 'ebws', 'agent']) {
      const key = `sync_external_calls_total{system="${system}",outcome="ok"}`;
      expect(value(after, key), system).toBeGreaterThan(value(before, key));
      expect(
        value(after, `sync_external_call_duration_seconds_count{system="${system}"}`),
      ).toBeGreaterThan(0);
    }
    expect(value(after, `sync_zoho_credits_used{tenant="${fx.tenantId}"}`)).toBeGreaterThan(0);
    expect(value(after, 'sync_run_queue_depth')).toBe(0);
    expect(value(after, 'sync_run_queue_oldest_age_seconds')).toBe(0);
    const module = `{tenant="${fx.tenantId}",module="Accounts"}`;
    expect(after.get(`sync_module_last_success_timestamp_seconds${module}`)).toBe(
      Date.parse(run.finishedAt) / 1000,
    );
    expect(after.get(`sync_module_failing${module}`)).toBe(0);
  });

  it('counts a queued run while it waits', async () => {
    let free!: () => void;
    let started!: () => void;
    const holding = new Promise<void>((r) => (started = r));
    const held = fx.backend.lock.run(fx.tenantId, () => {
      started();
      return new Promise<void>((r) => (free = r));
    });
    await holding;
    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    await new Promise((r) => setTimeout(r, 1100));
    const waiting = await scrape();
    expect(value(waiting, 'sync_run_queue_depth')).toBe(1);
    expect(value(waiting, 'sync_run_queue_oldest_age_seconds')).toBeGreaterThanOrEqual(1);
    free();
    await held;
    await fx.waitForRun(res.body.runIds[0]);
  });

  it('says per tenant and module that the newest run failed, and when the last good one ended', async () => {
    const module = `{tenant="${fx.tenantId}",module="Accounts"}`;
    const before = await scrape();
    const lastGood = before.get(`sync_module_last_success_timestamp_seconds${module}`);
    expect(lastGood).toBeGreaterThan(0);
    const sage = fx.backend.sandbox!.sage;
    await sage.setOnline(false);
    try {
      const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
      expect((await fx.waitForRun(res.body.runIds[0])).status).toBe('failed');
    } finally {
      await sage.setOnline(true);
    }
    const down = await scrape();
    expect(down.get(`sync_module_failing${module}`)).toBe(1);
    // The agent refused the feed thread's read: an error, not silence.
    const agentErrors = 'sync_external_calls_total{system="agent",outcome="error"}';
    expect(value(down, agentErrors)).toBeGreaterThan(value(before, agentErrors));
    expect(down.get(`sync_module_last_success_timestamp_seconds${module}`)).toBe(lastGood);

    const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
    expect((await fx.waitForRun(res.body.runIds[0])).status).toBe('succeeded');
    expect((await scrape()).get(`sync_module_failing${module}`)).toBe(0);
  });

  it('counts the token refreshes Zoho refuses (HTTP 200 with an error), by reason', async () => {
    const refused = 'sync_zoho_token_refusals_total{reason="invalid_code"}';
    expect(value(await scrape(), refused)).toBe(0);
    const sim = fx.backend.sandbox!.zohoSim as unknown as {
      tokens: { refreshTokens: Map<string, { revoked: boolean }> };
      expireAccessTokens(): number;
    };
    for (const grant of sim.tokens.refreshTokens.values()) grant.revoked = true;
    sim.expireAccessTokens();
    try {
      const res = await fx.call('POST', '/runs', fx.adminToken, { modules: ['Accounts'] });
      expect((await fx.waitForRun(res.body.runIds[0])).status).toBe('failed');
    } finally {
      for (const grant of sim.tokens.refreshTokens.values()) grant.revoked = false;
    }
    expect(value(await scrape(), refused)).toBeGreaterThanOrEqual(1);
  });
});

describe('telling the systems apart', () => {
  it('by host and path', () => {
    expect(systemOf('www.zohoapis.com', '/crm/v8/Accounts')).toBe('zoho');
    expect(systemOf('127.0.0.1:4000', '/oauth/v2/token')).toBe('zoho');
    expect(systemOf('sage.example.com', '/MAS200/MasBasicWsdl.svc')).toBe('ebws');
    expect(systemOf('10.0.0.5:8443', '/agent')).toBe('agent');
    expect(systemOf('example.com', '/hooks/x')).toBe('other');
  });
});
