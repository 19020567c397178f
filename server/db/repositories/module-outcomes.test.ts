import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, testEngines, type TestDb } from '../../../test/db.js';
import { SecretBox } from '../../security/secret-box.js';
import type { FinalRunStatus, ModuleName, RunKind } from '../../sync/vocabulary.js';
import { createRepositories, type Repositories } from './index.js';

/** The newest good and failed run ends per module, within one tenant, without dry or record runs. */
describe.each(testEngines())('module outcomes on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let otherTenantId: string;

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '63001', name: 'Acme' })).id;
    otherTenantId = (await repos.tenants.create({ zohoOrgId: '63002', name: 'Other' })).id;
  });
  afterEach(async () => t.destroy());

  const ran = async (
    status: FinalRunStatus,
    at: string,
    o: { tenant?: string; module?: ModuleName; kind?: RunKind; dryRun?: boolean } = {},
  ) => {
    const run = await repos.runs.start(
      {
        tenantId: o.tenant ?? tenantId,
        module: o.module ?? 'Accounts',
        direction: 'both',
        kind: o.kind ?? 'incremental',
        dryRun: o.dryRun ?? false,
      },
      at,
    );
    await repos.runs.finish(run.tenantId, run.id, { status, counts: {} }, at);
  };

  it('gives per module the newest succeeded-or-partial end and the newest failed end', async () => {
    await ran('succeeded', '2026-12-01T01:00:00.000Z');
    await ran('partial', '2026-12-01T02:00:00.000Z');
    await ran('failed', '2026-12-01T03:00:00.000Z');
    await ran('cancelled', '2026-12-01T04:00:00.000Z');
    // Neither a dry run nor a "Sync to Sage" says the module syncs.
    await ran('succeeded', '2026-12-01T05:00:00.000Z', { dryRun: true });
    await ran('succeeded', '2026-12-01T06:00:00.000Z', { kind: 'record' });
    await ran('succeeded', '2026-12-01T07:00:00.000Z', { module: 'Contacts' });
    await ran('failed', '2026-12-01T08:00:00.000Z', { tenant: otherTenantId });

    expect(await repos.moduleOutcomes.ofTenant(tenantId)).toEqual([
      {
        module: 'Accounts',
        lastSuccessAt: '2026-12-01T02:00:00.000Z',
        lastFailureAt: '2026-12-01T03:00:00.000Z',
      },
      { module: 'Contacts', lastSuccessAt: '2026-12-01T07:00:00.000Z' },
    ]);
    expect(await repos.moduleOutcomes.ofTenant(otherTenantId)).toEqual([
      { module: 'Accounts', lastFailureAt: '2026-12-01T08:00:00.000Z' },
    ]);
  });
});
