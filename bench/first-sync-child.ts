// First, as in server/main.ts: the V8 settings production runs with.
import '../server/runtime/v8-flags.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../server/db/knex.js';
import { migrateLatest } from '../server/db/migrate.js';
import { createRepositories } from '../server/db/repositories/index.js';
import { createLogger } from '../server/logging.js';
import { SecretBox } from '../server/security/secret-box.js';
import { SyncEngine } from '../server/sync/engine.js';
import { settingsOrDefault } from '../server/sync/modules.js';
import { GeneratedSage, SinkCrm } from './generated-gateways.js';
import { startProbes } from './first-sync-probes.js';

/**
 * One first sync of N generated Sage customers into Zoho, over SQLite, in a process of its own
 * (memory.bench.ts starts one per size): prints one JSON line with the run's figures and the
 * process's peak RSS.
 */
const n = Number(process.argv[2]);
/**
 * `--warm <records>`: first a sync of that many records for another tenant, unmeasured, as in a
 * backend that has synced before (its code compiled); the figures are then the second run's.
 */
const warm = process.argv[3] === '--warm' ? Number(process.argv[4]) : 0;
if (!Number.isInteger(n) || n <= 0 || !Number.isInteger(warm) || warm < 0) {
  throw new Error(`usage: first-sync-child.ts <records> [--warm <records>]`);
}
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'first-sync-'));
const db = createDb({ client: 'sqlite', filename: path.join(dir, 'bench.db') });
try {
  await migrateLatest(db);
  const repos = createRepositories(db, new SecretBox('k1', crypto.randomBytes(32)));
  const firstSync = async (records: number, name: string) => {
    const tenant = await repos.tenants.create({ zohoOrgId: `bench-${name}`, name });
    await repos.moduleSettings.save({
      ...settingsOrDefault(tenant.id, 'Accounts', undefined),
      direction: 'sage_to_zoho',
      initialMatchDone: true,
    });
    const crm = new SinkCrm();
    const engine = new SyncEngine({
      repos,
      gateways: { sage: new GeneratedSage(records), crm },
      logger: createLogger('silent'),
    });
    return { tenant, crm, run: () => engine.run(tenant.id, 'Accounts') };
  };
  if (warm > 0) await (await firstSync(warm, 'Warm-up')).run();
  const { tenant, crm, run } = await firstSync(n, 'Bench');
  // Off unless asked for (first-sync-probes.ts): what the run holds, not only its peak.
  const probes = await startProbes({ records: n, dir, crm });
  const cpu = process.cpuUsage();
  const started = performance.now();
  const report = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  await probes.stop();
  const links = await repos.links.count(tenant.id, 'Accounts', 'linked');
  // What the run left behind once garbage is collected (memory.bench.ts starts this process with
  // --expose-gc): streaming page by page, it does not grow with the number of records.
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapAfterGcMb = process.memoryUsage().heapUsed / 1024 / 1024;
  process.stdout.write(
    `${JSON.stringify({
      records: n,
      status: report.status,
      created: report.counts.created ?? 0,
      links,
      upserted: crm.upserted,
      ms: Math.round(ms),
      cpuUsPerRecord: (used.user + used.system) / n,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
      ...(gc ? { heapAfterGcMb } : {}),
    })}\n`,
  );
} finally {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}
