import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDb } from '../server/db/knex.js';
import { migrateLatest } from '../server/db/migrate.js';
import { createRepositories } from '../server/db/repositories/index.js';
import { createLogger } from '../server/logging.js';
import { SecretBox } from '../server/security/secret-box.js';
import { CATALOG } from '../server/sync/catalog/index.js';
import { SyncEngine } from '../server/sync/engine.js';
import { compileMappings } from '../server/sync/mapping/compile.js';
import { settingsOrDefault } from '../server/sync/modules.js';
import type { ModuleContext } from '../server/sync/plan/context.js';
import { planPair } from '../server/sync/plan/plan-pair.js';
import { FakeClock } from '../server/sync/testing/clock.js';
import { FakeCrm } from '../server/sync/testing/fake-crm.js';
import { FakeSage } from '../server/sync/testing/fake-sage.js';
import type { LookupResolver } from '../server/sync/mapping/transforms.js';
import { expectTarget } from './targets.js';

/**
 * The engine's own cost, without network: planning (classify, merge, map, validate, diff) and a
 * whole dry run over SQLite with in-memory gateways.
 * Targets (2-core machine): plan 10,000 linked Accounts pairs in <= 2 s; a dry run of 10,000 new
 * Sage customers (reads, planning, events) in <= 20 s; initial match of 5,000 x 5,000 accounts
 * (3,000 the same company) in <= 10 s; heap growth under 300 MB.
 */
const N = 10_000;

const customer = (i: number) => ({
  ARDivisionNo: '01',
  CustomerNo: `C${String(i).padStart(6, '0')}`,
  CustomerName: `Harbor Supply ${i} Incorporated of the Pacific Northwest Region`,
  AddressLine1: `${i} Harbor Boulevard`,
  AddressLine2: 'Building 4',
  City: 'Irvine',
  State: 'CA',
  ZipCode: '92618',
  TelephoneNo: '(949) 555-0100',
  EmailAddress: `ap${i}@harbor.example`,
  CreditLimit: 15000,
  CreditHold: 'N',
  CurrentBalance: 1234.5,
  CustomerType: 'RET',
  TermsCode: '01',
});

function planningBench(): void {
  const lookups: LookupResolver = {
    zohoIdFor: () => undefined,
    sageKeyFor: () => undefined,
    sageKeyFromValues: (_m, v) => v.join('-'),
    sageKeyValues: (_m, k) => k.split('-'),
  };
  const ctx: ModuleContext = {
    def: CATALOG.Accounts,
    settings: {
      ...settingsOrDefault('t', 'Accounts', undefined),
      direction: 'both',
      conflictPolicy: 'sage_wins',
    },
    mappings: compileMappings('Accounts', CATALOG.Accounts.defaultMappings),
    filters: [],
    sageLengths: CATALOG.Accounts.sageLengths['2023'],
    lookups,
  };
  const at = '2026-11-21T12:00:00.000Z';
  const pairs = Array.from({ length: N }, (_, i) => ({
    trigger: 'sage' as const,
    sage: { id: `01-C${i}`, version: at, fields: customer(i) },
    zoho: {
      id: String(9_000_000 + i),
      version: at,
      fields: { Account_Name: `Harbor Supply ${i}` },
    },
  }));
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  let writes = 0;
  for (const c of pairs) if (planPair(ctx, c).writes.zoho) writes++;
  const ms = performance.now() - started;
  console.log(
    `plan ${N} Accounts pairs: ${ms.toFixed(0)} ms (${((N / ms) * 1000).toFixed(0)} records/s), ${writes} writes planned, heap +${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(0)} MB`,
  );
  expectTarget(`plan ${N} pairs`, (N / ms) * 1000, 'records/s', { min: 5000 });
}

async function dryRunBench(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
  const db = createDb({ client: 'sqlite', filename: path.join(dir, 'bench.db') });
  await migrateLatest(db);
  const repos = createRepositories(db, new SecretBox('k1', crypto.randomBytes(32)));
  const tenant = await repos.tenants.create({ zohoOrgId: `bench${Date.now()}`, name: 'Bench' });
  await repos.moduleSettings.save({
    ...settingsOrDefault(tenant.id, 'Accounts', undefined),
    direction: 'sage_to_zoho',
    initialMatchDone: true,
  });
  const clock = new FakeClock();
  const sage = new FakeSage(clock);
  const crm = new FakeCrm(clock);
  for (let i = 0; i < N; i++) sage.seed('Accounts', customer(i));
  const engine = new SyncEngine({
    repos,
    gateways: { sage, crm },
    logger: createLogger('silent'),
    pageSize: 500,
  });
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  const started = performance.now();
  const report = await engine.dryRun(tenant.id, 'Accounts');
  const ms = performance.now() - started;
  console.log(
    `dry run of ${N} new Sage customers (SQLite, fake gateways): ${ms.toFixed(0)} ms (${((N / ms) * 1000).toFixed(0)} records/s), ${report.counts.created ?? 0} would be created, heap +${((process.memoryUsage().heapUsed - before) / 1e6).toFixed(0)} MB`,
  );
  expectTarget(`dry run of ${N} customers`, (N / ms) * 1000, 'records/s', { min: 500 });
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

async function matchBench(): Promise<void> {
  const M = 5000;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'match-bench-'));
  const db = createDb({ client: 'sqlite', filename: path.join(dir, 'bench.db') });
  await migrateLatest(db);
  const repos = createRepositories(db, new SecretBox('k1', crypto.randomBytes(32)));
  const tenant = await repos.tenants.create({ zohoOrgId: `match${Date.now()}`, name: 'Bench' });
  const clock = new FakeClock();
  const sage = new FakeSage(clock);
  const crm = new FakeCrm(clock);
  for (let i = 0; i < M; i++) {
    sage.seed('Accounts', {
      ARDivisionNo: '01',
      CustomerNo: `C${i}`,
      CustomerName: `Harbor Supply ${i} Inc.`,
      EmailAddress: `ap${i}@harbor${i}.example`,
      TelephoneNo: `(949) 55${String(i).padStart(5, '0')}`,
      ZipCode: '92618',
    });
    crm.seed('Accounts', {
      Account_Name: i < 3000 ? `HARBOR SUPPLY ${i}` : `Other Co ${i}`,
      Email: i < 3000 ? `AP${i}@harbor${i}.example` : `x${i}@other.example`,
      Phone:
        i < 3000 ? `949.55${String(i).padStart(5, '0')}` : `(714) 55${String(i).padStart(5, '0')}`,
      Billing_Code: '92618',
    });
  }
  const engine = new SyncEngine({ repos, gateways: { sage, crm }, logger: createLogger('silent') });
  const started = performance.now();
  const summary = await engine.proposeMatches(tenant.id, 'Accounts');
  const ms = performance.now() - started;
  console.log(
    `initial match of ${M} x ${M} accounts: ${ms.toFixed(0)} ms, ${summary.proposed} proposals (3000 expected)`,
  );
  expectTarget(`initial match ${M} x ${M}`, ms / 1000, 's', { max: 30 });
  expectTarget('initial match proposals', summary.proposed, 'proposals', { min: 3000 });
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
}

planningBench();
await dryRunBench();
await matchBench();
