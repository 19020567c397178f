import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { SecretBox } from '../security/secret-box.js';
import { runTenantCommand } from './tenant-command.js';

/** `npm run tenant -- runs`: the operator's view of the last runs and of one run's records. */
describe('tenant runs', () => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let failedId: string;
  let partialId: string;

  beforeEach(async () => {
    t = await openTestDb('sqlite');
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '65001', name: 'Acme' })).id;
    const other = (await repos.tenants.create({ zohoOrgId: '65002', name: 'Other' })).id;
    const ran = async (
      tenant: string,
      module: 'Accounts' | 'Contacts',
      at: string,
      result: { status: 'succeeded' | 'partial' | 'failed'; reason?: string },
      counts: Record<string, number> = {},
    ) => {
      const run = await repos.runs.start(
        { tenantId: tenant, module, direction: 'both', kind: 'incremental', dryRun: false },
        at,
      );
      await repos.runs.finish(tenant, run.id, { ...result, counts }, at.replace(':00.', ':42.'));
      return run.id;
    };
    await ran(
      tenantId,
      'Accounts',
      '2026-12-02T01:00:00.000Z',
      { status: 'succeeded' },
      {
        created: 3,
        unchanged: 2,
      },
    );
    partialId = await ran(
      tenantId,
      'Contacts',
      '2026-12-02T02:00:00.000Z',
      { status: 'partial', reason: '1 failed, 0 in review, 0 skipped' },
      { updated: 4, failed: 1 },
    );
    failedId = await ran(tenantId, 'Accounts', '2026-12-02T03:00:00.000Z', {
      status: 'failed',
      reason: 'Sage 100 could not be reached',
    });
    await ran(other, 'Accounts', '2026-12-02T03:30:00.000Z', { status: 'failed', reason: 'x' });
    await repos.events.append([
      {
        tenantId,
        runId: partialId,
        module: 'Contacts',
        direction: 'zoho_to_sage',
        action: 'updated',
        zohoId: '5001',
        sageKey: '01-ABF-1',
        changes: [],
        attempts: [],
        attempt: 1,
      },
      {
        tenantId,
        runId: partialId,
        module: 'Contacts',
        direction: 'zoho_to_sage',
        action: 'failed',
        zohoId: '5002',
        reason: 'EmailAddress: not a valid address',
        changes: [],
        attempts: [],
        attempt: 1,
      },
    ]);
  });
  afterEach(async () => t.destroy());

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runTenantCommand(
      argv,
      { out: (l) => out.push(l), err: (l) => err.push(l) },
      repos,
    );
    return { code, out, err };
  };

  it('lists the newest runs first, with status, times, counts and reason, within the tenant', async () => {
    const res = await run(['runs', '--tenant', tenantId]);
    expect(res).toEqual({
      code: 0,
      err: [],
      out: [
        `${failedId}  Accounts  incremental  failed  2026-12-02T03:00:00.000Z → 2026-12-02T03:00:42.000Z  no records  reason: Sage 100 could not be reached`,
        `${partialId}  Contacts  incremental  partial  2026-12-02T02:00:00.000Z → 2026-12-02T02:00:42.000Z  updated 4, failed 1  reason: 1 failed, 0 in review, 0 skipped`,
        expect.stringMatching(
          /^\S+ {2}Accounts {2}incremental {2}succeeded {2}2026-12-02T01:00:00\.000Z → 2026-12-02T01:00:42\.000Z {2}created 3, unchanged 2$/,
        ),
      ],
    });
    const accounts = await run(['runs', '--tenant', tenantId, '--module', 'Contacts']);
    expect(accounts.out).toHaveLength(1);
    expect((await run(['runs', '--tenant', tenantId, '--limit', '1'])).out).toHaveLength(1);
  });

  it("shows one run's records that did not go through, then the rest by action", async () => {
    const res = await run(['runs', '--tenant', tenantId, '--run', partialId]);
    expect(res.code).toBe(0);
    expect(res.out).toEqual([
      expect.stringContaining(`${partialId}  Contacts  incremental  partial`),
      '  failed  zoho_to_sage  Zoho 5002: EmailAddress: not a valid address',
      '  updated  zoho_to_sage  Zoho 5001 / Sage 01-ABF-1',
    ]);
  });

  it('names what it cannot find', async () => {
    expect(await run(['runs'])).toMatchObject({
      code: 1,
      err: [expect.stringMatching(/^runs needs --tenant <id>\n/)],
    });
    expect((await run(['runs', '--tenant', 'nope'])).err[0]).toMatch(/^unknown tenant "nope"/);
    expect((await run(['runs', '--tenant', tenantId, '--module', 'Leads'])).err[0]).toMatch(
      /^unknown module "Leads"/,
    );
    expect((await run(['runs', '--tenant', tenantId, '--limit', '0'])).err[0]).toMatch(
      /^--limit "0" is not a whole number from 1 to 500/,
    );
    const missing = crypto.randomUUID();
    expect((await run(['runs', '--tenant', tenantId, '--run', missing])).err[0]).toBe(
      `tenant ${tenantId} has no run ${missing}`,
    );
  });

  it('cancels a queued run at once and asks a running one to stop after its page', async () => {
    const queued = await repos.runs.enqueue({
      tenantId,
      module: 'Accounts',
      direction: 'both',
      kind: 'manual',
      dryRun: false,
    });
    expect(await run(['cancel', '--tenant', tenantId, '--run', queued.id])).toEqual({
      code: 0,
      err: [],
      out: [`run ${queued.id} cancelled before it started`],
    });
    expect((await repos.runs.get(tenantId, queued.id))?.status).toBe('cancelled');

    const running = await repos.runs.start(
      { tenantId, module: 'Contacts', direction: 'both', kind: 'manual', dryRun: false },
      '2026-12-02T04:00:00.000Z',
    );
    expect((await run(['cancel', '--tenant', tenantId, '--run', running.id])).out).toEqual([
      `run ${running.id} will stop after the page it is on (npm run tenant -- runs --tenant ${tenantId} --run ${running.id} follows it)`,
    ]);
    expect(await repos.runs.cancelRequested(tenantId, running.id)).toBe(true);
    expect((await repos.runs.get(tenantId, running.id))?.status).toBe('running');

    expect(await run(['cancel', '--tenant', tenantId, '--run', failedId])).toEqual({
      code: 1,
      out: [],
      err: [`run ${failedId} has already ended failed`],
    });
    expect((await run(['cancel', '--tenant', tenantId, '--run', queued.id])).err).toEqual([
      `run ${queued.id} has already been cancelled`,
    ]);
    expect((await run(['cancel', '--tenant', tenantId])).err[0]).toMatch(
      /^cancel needs --tenant <id> and --run <run id>\n/,
    );
  });
});
