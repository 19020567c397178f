import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox } from '../../security/secret-box.js';
import { createRepositories, type Repositories } from './index.js';
import type { NewRecordEvent } from './record-events.js';

/** One record's events, newest first: what the status panel of a record page reads. */
describeEngines('record events of one record on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let otherTenantId: string;
  let runId: string;
  let otherRunId: string;

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '61001', name: 'Acme' })).id;
    otherTenantId = (await repos.tenants.create({ zohoOrgId: '61002', name: 'Other' })).id;
    const run = { module: 'Accounts', direction: 'both', kind: 'manual', dryRun: false } as const;
    runId = (await repos.runs.start({ tenantId, ...run })).id;
    otherRunId = (await repos.runs.start({ tenantId: otherTenantId, ...run })).id;
  });
  afterEach(async () => t.destroy());

  const event = (over: Partial<NewRecordEvent>): NewRecordEvent => ({
    tenantId,
    runId,
    module: 'Accounts',
    direction: 'zoho_to_sage',
    action: 'updated',
    changes: [],
    attempts: [],
    attempt: 1,
    ...over,
  });

  it('filters by Zoho id or Sage key, newest first, within the tenant', async () => {
    await repos.events.append([
      event({ zohoId: '100', sageKey: '01-A', action: 'created' }),
      event({ zohoId: '200', sageKey: '01-B' }),
      event({ sageKey: '01-A', direction: 'sage_to_zoho', action: 'unchanged' }),
      event({ zohoId: '100', action: 'failed', reason: 'locked' }),
      event({ tenantId: otherTenantId, runId: otherRunId, zohoId: '100', action: 'deleted' }),
    ]);
    const byZoho = await repos.events.query(tenantId, { zohoId: '100', newestFirst: true });
    expect(byZoho.map((e) => e.action)).toEqual(['failed', 'created']);
    const bySage = await repos.events.query(tenantId, {
      sageKey: '01-A',
      limit: 1,
      newestFirst: true,
    });
    expect(bySage.map((e) => e.action)).toEqual(['unchanged']);
    const oldestFirst = await repos.events.query(tenantId, { sageKey: '01-A' });
    expect(oldestFirst.map((e) => e.action)).toEqual(['created', 'unchanged']);
  });

  it('pages a run’s events by id: afterId gives the ones after it, oldest first', async () => {
    await repos.events.append(
      ['01-A', '01-B', '01-C', '01-D', '01-E'].map((sageKey) => event({ sageKey })),
    );
    await repos.events.append([event({ tenantId: otherTenantId, runId: otherRunId })]);
    const first = await repos.events.query(tenantId, { runId, limit: 2 });
    expect(first.map((e) => e.sageKey)).toEqual(['01-A', '01-B']);
    const second = await repos.events.query(tenantId, { runId, limit: 2, afterId: first[1]!.id });
    expect(second.map((e) => e.sageKey)).toEqual(['01-C', '01-D']);
    const last = await repos.events.query(tenantId, { runId, limit: 2, afterId: second[1]!.id });
    expect(last.map((e) => e.sageKey)).toEqual(['01-E']);
  });
  it('reads a record’s history through an index on its key, not every event of the tenant', async () => {
    await repos.events.append([event({ zohoId: '100', sageKey: '01-A' })]);
    const reads: Array<{ sql: string; bindings: unknown[] }> = [];
    const seen = (q: { sql: string; bindings: unknown[] }) => reads.push(q);
    t.db.on('query', seen);
    // As the status panel asks: the module's record by each of its keys, newest first, a few.
    await repos.events.query(tenantId, {
      module: 'Accounts',
      zohoId: '100',
      newestFirst: true,
      limit: 20,
    });
    await repos.events.query(tenantId, {
      module: 'Accounts',
      sageKey: '01-A',
      newestFirst: true,
      limit: 20,
    });
    t.db.off('query', seen);
    expect(reads).toHaveLength(2);
    // SQLite's plan is fixed by the schema (Postgres plans by statistics; a table this small
    // is read whole whatever its indexes).
    if (engine !== 'sqlite') return;
    const plans = await Promise.all(
      reads.map(async ({ sql, bindings }) =>
        (
          (await t.db.raw(`explain query plan ${sql}`, bindings as never)) as Array<{
            detail: string;
          }>
        ).map((r) => r.detail),
      ),
    );
    expect(plans[0]).toEqual([
      expect.stringMatching(/USING INDEX \S+ \(tenant_id=\? AND module=\? AND zoho_id=\?\)/),
    ]);
    expect(plans[1]).toEqual([
      expect.stringMatching(/USING INDEX \S+ \(tenant_id=\? AND module=\? AND sage_key=\?\)/),
    ]);
  });
});
