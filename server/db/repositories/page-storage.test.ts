import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox } from '../../security/secret-box.js';
import { createRepositories, type Repositories } from './index.js';

/**
 * A sync page's storage: its links in one batch (`saveMany`), and its links, events, held records
 * and cursor in one transaction (`transaction`), on SQLite and Postgres.
 */
describeEngines('page storage on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let otherTenantId: string;
  const statements: string[] = [];

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '61001', name: 'Acme' })).id;
    otherTenantId = (await repos.tenants.create({ zohoOrgId: '61002', name: 'Other' })).id;
    statements.length = 0;
    t.db.on('query', (q: { sql: string }) => statements.push(q.sql));
  });
  afterEach(async () => t.destroy());

  const byKey = async (tenant = tenantId) =>
    (await repos.links.list(tenant, 'Accounts')).map((l) => [
      l.sageKey,
      l.zohoId,
      l.state,
      l.sageHash ?? null,
      l.lastError ?? null,
    ]);

  it('stores a batch of links in one lookup, one insert and one update', async () => {
    const kept = await repos.links.create(tenantId, 'Accounts', {
      state: 'intent',
      intentSide: 'sage',
      sageKey: '01-KEPT',
      zohoId: '900',
      sageHash: 'h-kept',
    });
    // Made by an earlier page of the same run: the batch only knows its keys.
    await repos.links.create(tenantId, 'Accounts', { state: 'linked', sageKey: '01-LATE' });
    statements.length = 0;

    await repos.links.saveMany(tenantId, 'Accounts', [
      ...Array.from({ length: 150 }, (_, i) => ({
        patch: { state: 'linked' as const, sageKey: `01-N${i}`, zohoId: `${1000 + i}` },
      })),
      // Only the error changes: everything else the link holds stays as it was.
      { current: kept, patch: { state: kept.state, lastError: 'CI_Locked: record in use' } },
      { patch: { state: 'linked', sageKey: '01-LATE', zohoId: '777', sageHash: 'h-late' } },
      // The same new pair twice in one batch ends as one row, the later write on top.
      { patch: { state: 'linked', sageKey: '01-N0', zohoId: '1000', sageHash: 'h-twice' } },
    ]);
    const made = statements.map((s) => s.split(' ')[0]!.toLowerCase());

    const rows = await byKey();
    expect(rows).toHaveLength(152);
    expect(rows.find((r) => r[0] === '01-KEPT')).toEqual([
      '01-KEPT',
      '900',
      'intent',
      'h-kept',
      'CI_Locked: record in use',
    ]);
    expect(rows.find((r) => r[0] === '01-LATE')).toEqual([
      '01-LATE',
      '777',
      'linked',
      'h-late',
      null,
    ]);
    expect(rows.find((r) => r[0] === '01-N0')).toEqual([
      '01-N0',
      '1000',
      'linked',
      'h-twice',
      null,
    ]);
    expect(rows.find((r) => r[0] === '01-N149')).toEqual(['01-N149', '1149', 'linked', null, null]);
    const intent = (await repos.links.get(tenantId, kept.id))!;
    expect(intent.intentSide).toBe('sage');
    // One lookup (by Sage key or Zoho id), one insert of the 150 new rows, one update of 2.
    expect(made).toEqual(['select', 'insert', 'insert']);
  });

  it("finds a page's links through their indexes, not a search of every link of the module", async () => {
    const lookups: Array<{ sql: string; bindings: unknown[] }> = [];
    t.db.on('query', (q: { sql: string; bindings: unknown[] }) => {
      if (/^select/i.test(q.sql)) lookups.push(q);
    });
    await repos.links.saveMany(tenantId, 'Accounts', [
      { patch: { state: 'linked', sageKey: '01-A', zohoId: '1' } },
      { patch: { state: 'linked', sageKey: '01-B', zohoId: '2' } },
    ]);
    expect(lookups).toHaveLength(1);
    const { sql, bindings } = lookups[0]!;
    const plan =
      engine === 'sqlite'
        ? (
            (await t.db.raw(`explain query plan ${sql}`, bindings as never)) as Array<{
              detail: string;
            }>
          ).map((r) => r.detail)
        : [];
    // SQLite shows whether each key list uses its own unique index (Postgres plans by statistics).
    if (engine === 'sqlite') {
      expect(
        plan.filter((d) =>
          /USING INDEX .*\((tenant_id=\? AND module=\? AND (sage_key|zoho_id)=\?)\)/.test(d),
        ),
      ).toHaveLength(2);
    }
  });

  it("never touches another tenant's link, even given its id", async () => {
    const theirs = await repos.links.create(otherTenantId, 'Accounts', {
      state: 'linked',
      sageKey: '01-THEIRS',
      zohoId: '500',
    });
    await repos.links.saveMany(tenantId, 'Accounts', [
      { current: theirs, patch: { state: 'deleted', lastError: 'not yours' } },
    ]);
    expect(await byKey(otherTenantId)).toEqual([['01-THEIRS', '500', 'linked', null, null]]);
    expect(await byKey()).toEqual([]);
  });

  it('lands all of a transaction or none of it', async () => {
    const run = await repos.runs.start({
      tenantId,
      module: 'Accounts',
      direction: 'sage_to_zoho',
      kind: 'incremental',
      dryRun: false,
    });
    const page = (n: string) => async () => {
      await repos.links.saveMany(tenantId, 'Accounts', [
        { patch: { state: 'linked', sageKey: `01-${n}`, zohoId: n } },
      ]);
      await repos.events.append([
        {
          tenantId,
          runId: run.id,
          module: 'Accounts',
          direction: 'sage_to_zoho',
          sageKey: `01-${n}`,
          action: 'created',
          changes: [],
          attempts: [],
          attempt: 1,
        },
      ]);
      await repos.pendingRecords.put(tenantId, 'Accounts', 'sage', [
        { id: `01-${n}`, kind: 'parent', reason: 'waiting', attempts: 0 },
      ]);
      await repos.cursors.set(tenantId, 'Accounts', 'sage', `cursor-${n}`);
    };
    await repos.transaction(page('1'));
    await expect(
      repos.transaction(async () => {
        await page('2')();
        throw new Error('the process died here');
      }),
    ).rejects.toThrow('the process died here');

    expect((await byKey()).map((r) => r[0])).toEqual(['01-1']);
    expect((await repos.events.query(tenantId)).map((e) => e.sageKey)).toEqual(['01-1']);
    expect(
      (await repos.pendingRecords.list(tenantId, 'Accounts', 'sage')).map((p) => p.id),
    ).toEqual(['01-1']);
    expect(await repos.cursors.get(tenantId, 'Accounts', 'sage')).toBe('cursor-1');
  });

  it('stores held records in one statement, the last entry for a record winning', async () => {
    await repos.pendingRecords.put(
      tenantId,
      'Accounts',
      'sage',
      Array.from({ length: 120 }, (_, i) => ({
        id: `01-P${i}`,
        kind: 'retry' as const,
        reason: 'CI_Locked',
        attempts: 1,
      })),
    );
    statements.length = 0;
    await repos.pendingRecords.put(tenantId, 'Accounts', 'sage', [
      { id: '01-P0', kind: 'retry', reason: 'first', attempts: 2 },
      { id: '01-P0', kind: 'retry', reason: 'second', attempts: 3 },
      { id: '01-P200', kind: 'parent', reason: 'waiting for 01-X', attempts: 0 },
    ]);
    expect(statements).toHaveLength(1);
    const held = await repos.pendingRecords.list(tenantId, 'Accounts', 'sage');
    expect(held).toHaveLength(121);
    expect(held.find((p) => p.id === '01-P0')).toMatchObject({ reason: 'second', attempts: 3 });
    expect(held.find((p) => p.id === '01-P200')).toMatchObject({ kind: 'parent', attempts: 0 });
  });
});
