import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, testEngines, type TestDb } from '../../../test/db.js';
import { SecretBox } from '../../security/secret-box.js';
import { TABLES } from '../tables.js';
import { createRepositories, type Repositories } from './index.js';
import type { NewRecordEvent } from './record-events.js';

/** The activity chart's numbers: events per UTC day, module and action, dry runs left out. */
describe.each(testEngines())('activity per day on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let otherTenantId: string;

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '62001', name: 'Acme' })).id;
    otherTenantId = (await repos.tenants.create({ zohoOrgId: '62002', name: 'Other' })).id;
  });
  afterEach(async () => t.destroy());

  const runOf = async (tenant: string, dryRun = false) =>
    (
      await repos.runs.start({
        tenantId: tenant,
        module: 'Accounts',
        direction: 'both',
        kind: 'manual',
        dryRun,
      })
    ).id;

  /** Appends events and dates them (the repository stamps "now"). */
  const add = async (events: Array<Partial<NewRecordEvent> & { runId: string; at: string }>) => {
    for (const e of events) {
      const { at, ...rest } = e;
      await repos.events.append([
        {
          tenantId: rest.tenantId ?? tenantId,
          module: 'Accounts',
          direction: 'sage_to_zoho',
          action: 'created',
          changes: [],
          attempts: [],
          attempt: 1,
          ...rest,
        },
      ]);
      const [last] = await t.db(TABLES.recordEvents).max({ id: 'id' });
      await t.db(TABLES.recordEvents).where({ id: last!.id }).update({ created_at: at });
    }
  };

  it('counts per day, module and action within the tenant, without dry runs', async () => {
    const run = await runOf(tenantId);
    const dry = await runOf(tenantId, true);
    const other = await runOf(otherTenantId);
    await add([
      { runId: run, at: '2026-11-29T23:59:59.000Z' },
      { runId: run, at: '2026-11-30T00:00:00.000Z' },
      { runId: run, at: '2026-11-30T12:00:00.000Z', action: 'updated' },
      { runId: run, at: '2026-11-30T13:00:00.000Z', action: 'failed' },
      { runId: run, at: '2026-11-30T14:00:00.000Z', action: 'failed', module: 'Contacts' },
      { runId: dry, at: '2026-11-30T15:00:00.000Z' },
      { runId: other, tenantId: otherTenantId, at: '2026-11-30T15:00:00.000Z' },
      { runId: run, at: '2026-11-20T10:00:00.000Z' },
    ]);
    const rows = await repos.activity.perDay(tenantId, { from: '2026-11-29T00:00:00.000Z' });
    expect(rows).toEqual([
      { day: '2026-11-29', module: 'Accounts', action: 'created', count: 1 },
      { day: '2026-11-30', module: 'Accounts', action: 'created', count: 1 },
      { day: '2026-11-30', module: 'Accounts', action: 'failed', count: 1 },
      { day: '2026-11-30', module: 'Accounts', action: 'updated', count: 1 },
      { day: '2026-11-30', module: 'Contacts', action: 'failed', count: 1 },
    ]);
    const contacts = await repos.activity.perDay(tenantId, {
      from: '2026-11-01T00:00:00.000Z',
      module: 'Contacts',
    });
    expect(contacts).toEqual([
      { day: '2026-11-30', module: 'Contacts', action: 'failed', count: 1 },
    ]);
    expect(
      await repos.activity.perDay(otherTenantId, { from: '2026-11-30T00:00:00.000Z' }),
    ).toEqual([{ day: '2026-11-30', module: 'Accounts', action: 'created', count: 1 }]);
  });
});
