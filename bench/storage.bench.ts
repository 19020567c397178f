import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../server/db/knex.js';
import { migrateLatest } from '../server/db/migrate.js';
import { createRepositories } from '../server/db/repositories/index.js';
import { SecretBox } from '../server/security/secret-box.js';
import type { DatabaseTarget } from '../server/config.js';
import { expectTarget } from './targets.js';

/**
 * Storage throughput on the audit log and link lookups, the two hot paths of a sync run.
 * Targets (2-core machine): append >= 5,000 events/s; link lookup of a 200-key batch <= 20 ms.
 */
const EVENTS = 20_000;
const LINKS = 10_000;

async function bench(label: string, target: DatabaseTarget, schema?: string) {
  const db = createDb(target, { schema });
  if (schema) await db.raw('CREATE SCHEMA IF NOT EXISTS ??', [schema]);
  await migrateLatest(db);
  const repos = createRepositories(db, new SecretBox('k1', crypto.randomBytes(32)));
  const tenant = await repos.tenants.create({ zohoOrgId: `bench-${Date.now()}`, name: 'Bench' });
  const run = await repos.runs.start({
    tenantId: tenant.id,
    module: 'Accounts',
    direction: 'sage_to_zoho',
    kind: 'backfill',
    dryRun: false,
  });

  let started = performance.now();
  for (let i = 0; i < EVENTS; i += 500) {
    await repos.events.append(
      Array.from({ length: 500 }, (_, j) => ({
        tenantId: tenant.id,
        runId: run.id,
        module: 'Accounts' as const,
        direction: 'sage_to_zoho' as const,
        sageKey: `01-${i + j}`,
        action: 'created' as const,
        changes: [{ field: 'name', before: null, after: `Customer ${i + j}` }],
        attempts: [],
        attempt: 1,
      })),
    );
  }
  const appendMs = performance.now() - started;

  for (let i = 0; i < LINKS; i += 1) {
    await repos.links.create(tenant.id, 'Accounts', {
      state: 'linked',
      sageKey: `01-${i}`,
      zohoId: `${5_000_000 + i}`,
    });
  }
  const keys = Array.from({ length: 200 }, (_, i) => `01-${(i * 37) % LINKS}`);
  started = performance.now();
  const rounds = 50;
  for (let r = 0; r < rounds; r += 1)
    await repos.links.findManyBySageKeys(tenant.id, 'Accounts', keys);
  const lookupMs = (performance.now() - started) / rounds;

  process.stdout.write(
    `${label}: append ${EVENTS} events in ${appendMs.toFixed(0)} ms = ${Math.round((EVENTS / appendMs) * 1000)} events/s (target >= 5000); ` +
      `200-key link lookup among ${LINKS} = ${lookupMs.toFixed(2)} ms (target <= 20)\n`,
  );
  expectTarget(`${label}: event append`, (EVENTS / appendMs) * 1000, 'events/s', { min: 5000 });
  expectTarget(`${label}: 200-key link lookup`, lookupMs, 'ms', { max: 20 });
  if (schema) await db.raw('DROP SCHEMA ?? CASCADE', [schema]);
  await db.destroy();
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
await bench('sqlite', { client: 'sqlite', filename: path.join(dir, 'bench.db') });
fs.rmSync(dir, { recursive: true, force: true });
if (process.env.TEST_DATABASE_URL) {
  await bench(
    'postgres',
    { client: 'postgres', connectionString: process.env.TEST_DATABASE_URL },
    `bench_${Date.now()}`,
  );
}
