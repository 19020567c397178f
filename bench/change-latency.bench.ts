import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { connectSandboxZoho, freePort } from '../test/sandbox.js';
import { startBackend } from '../server/composition.js';
import { parseConfig } from '../server/config.js';
import { runMaintenance } from '../server/jobs/maintenance.js';
import { createLogger } from '../server/logging.js';
import { settingsOrDefault } from '../server/sync/modules.js';
import { expectTarget } from './targets.js';

/**
 * Latency of change through the whole backend (HTTP, the job scheduler, Zoho notification
 * channels) against the sandbox's simulators, with a real system's latency injected (Zoho 150 ms
 * per call, eBWS 200 ms per call, the agent 200 ms per page):
 * - Sage → Zoho with Accounts on the 30 s minimum schedule: edits made in Sage at random moments,
 *   timed until Zoho holds them. Target p95 <= 60 s.
 * - Zoho → Sage through Zoho's notifications: edits made in Zoho, timed until Sage holds them.
 *   Target p95 <= 10 s.
 */
const SAGE_EDITS = Number(process.env.BENCH_LATENCY_SAGE_EDITS ?? 20);
const SAGE_WINDOW_S = Number(process.env.BENCH_LATENCY_WINDOW_S ?? 90);
const ZOHO_EDITS = Number(process.env.BENCH_LATENCY_ZOHO_EDITS ?? 20);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const p95 = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};
const summary = (values: number[]) =>
  `n=${values.length} min ${Math.min(...values).toFixed(1)} s, median ${p95Of(values, 0.5).toFixed(1)} s, p95 ${p95(values).toFixed(1)} s, max ${Math.max(...values).toFixed(1)} s`;
const p95Of = (values: number[], q: number) =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) * q)]!;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latency-bench-'));
const port = await freePort();
const config = parseConfig({
  NODE_ENV: 'test',
  PORT: String(port),
  PUBLIC_URL: `http://127.0.0.1:${port}`,
  SECRET_KEY: 'e'.repeat(64),
  DATABASE_URL: `sqlite:${path.join(dir, 'sync.db')}`,
  ZOHO_SANDBOX: 'true',
  JOBS_ENABLED: 'true',
});
const logger = createLogger('silent');
const backend = await startBackend(config, logger);
try {
  const sandbox = backend.sandbox!;
  await connectSandboxZoho(backend.url);
  const [tenant] = await backend.repos.tenants.list();
  const tenantId = tenant!.id;
  await backend.repos.moduleSettings.save({
    ...settingsOrDefault(tenantId, 'Accounts', undefined),
    direction: 'both',
    schedule: { kind: 'interval', seconds: 30 },
    // The sandbox's two sides are different companies: the first sync creates each on the other.
    initialMatchDone: true,
  });
  // The accounts the bench edits: typed in Zoho, created in Sage by the first sync. (The sandbox's
  // generated Sage customers are removed first: the bench times edits, not their first sync.)
  for (const c of sandbox.sage.company.list('AR_Customer')) {
    sandbox.sage.company.delete('AR_Customer', {
      ARDivisionNo: c.ARDivisionNo,
      CustomerNo: c.CustomerNo,
    });
  }
  sandbox.zohoSim.seedRecords(
    sandbox.orgId,
    'Accounts',
    Array.from({ length: SAGE_EDITS + ZOHO_EDITS }, (_, i) => ({
      Account_Name: `Latency Bench ${i}`,
    })),
  );
  await backend.jobs.triggerNow(tenantId, 'Accounts'); // the first sync links both sides
  await runMaintenance(
    { repos: backend.repos, channels: backend.zoho!.channels, eventRetentionDays: 90, logger },
    'renew_zoho_channels',
    new Date(),
  );
  const links = (await backend.repos.links.list(tenantId, 'Accounts')).filter(
    (l) => l.state === 'linked' && l.sageKey && l.zohoId,
  );
  if (links.length < SAGE_EDITS + ZOHO_EDITS) {
    throw new Error(`only ${links.length} linked accounts; the bench edits distinct ones`);
  }
  sandbox.zohoSim.faults.setLatency(150);
  sandbox.sage.setLatency({ ebwsMs: 200, agentMs: 200 });
  const zohoName = (id: string) =>
    sandbox.zohoSim.records(sandbox.orgId, 'Accounts').find((r) => r.id === id)?.Account_Name;
  const sageName = (key: string) => {
    const [ARDivisionNo, CustomerNo] = key.split('-');
    return sandbox.sage.company.get('AR_Customer', { ARDivisionNo, CustomerNo })?.CustomerName;
  };

  // Sage → Zoho: edits at random moments over the window, each timed until Zoho has it.
  const sageLinks = links.slice(0, SAGE_EDITS);
  const offsets = sageLinks.map(() => Math.random() * SAGE_WINDOW_S * 1000).sort((a, b) => a - b);
  const started = performance.now();
  const pending = new Map<string, { zohoId: string; name: string; at: number }>();
  const sageToZoho: number[] = [];
  let made = 0;
  while (sageToZoho.length < SAGE_EDITS) {
    const elapsed = performance.now() - started;
    while (made < SAGE_EDITS && offsets[made]! <= elapsed) {
      const link = sageLinks[made]!;
      const name = `Edited in Sage ${made}`;
      const [ARDivisionNo, CustomerNo] = link.sageKey!.split('-');
      sandbox.sage.company.update(
        'AR_Customer',
        { ARDivisionNo, CustomerNo },
        { CustomerName: name },
      );
      pending.set(link.sageKey!, { zohoId: link.zohoId!, name, at: performance.now() });
      made++;
    }
    for (const [key, edit] of pending) {
      if (zohoName(edit.zohoId) === edit.name) {
        sageToZoho.push((performance.now() - edit.at) / 1000);
        pending.delete(key);
      }
    }
    if (elapsed > (SAGE_WINDOW_S + 180) * 1000) throw new Error('Sage edits did not reach Zoho');
    await sleep(100);
  }

  // Zoho → Sage: one edit at a time through the Zoho API, each timed until Sage has it.
  const records = backend.zoho!.client!.forTenant(tenantId).records;
  const zohoToSage: number[] = [];
  for (const [i, link] of links.slice(SAGE_EDITS, SAGE_EDITS + ZOHO_EDITS).entries()) {
    await sleep(Math.random() * 2000);
    const name = `Edited in Zoho ${i}`;
    const at = performance.now();
    await records.update('Accounts', [{ id: link.zohoId!, Account_Name: name }]);
    while (sageName(link.sageKey!) !== name) {
      if (performance.now() - at > 120_000) throw new Error('a Zoho edit did not reach Sage');
      await sleep(50);
    }
    zohoToSage.push((performance.now() - at) / 1000);
  }
  process.stdout.write(
    [
      `Sage → Zoho, Accounts every 30 s (JOBS_TICK_SECONDS ${config.jobs.tickSeconds}): ${summary(sageToZoho)}`,
      `Zoho → Sage through notifications: ${summary(zohoToSage)}`,
    ].join('\n') + '\n',
  );
  expectTarget('Sage edit in Zoho, 30 s schedule, p95', p95(sageToZoho), 's', { max: 60 });
  expectTarget('Zoho edit in Sage, notifications, p95', p95(zohoToSage), 's', { max: 10 });
} finally {
  await backend.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
