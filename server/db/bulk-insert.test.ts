import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { describeEngines } from '../../test/requirements.js';
import { SecretBox } from '../security/secret-box.js';
import { insertRows, ROWS_PER_INSERT } from './bulk-insert.js';
import { createRepositories, type Repositories } from './repositories/index.js';

/**
 * A page's rows in 500-row statements built without knex's compiler, on SQLite straight on knex's
 * connection: the rows land as given, in the caller's transaction, and show in knex's query
 * events, on both engines.
 */
describeEngines('bulk inserts on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  let statements: string[];
  const columns = [
    'tenant_id',
    'module',
    'sage_key',
    'zoho_id',
    'state',
    'created_at',
    'updated_at',
  ];
  const row = (i: number, zohoId?: string) => [
    tenantId,
    'Accounts',
    `01-${String(i).padStart(4, '0')}`,
    zohoId,
    'linked',
    '2026-12-01T00:00:00.000Z',
    '2026-12-01T00:00:00.000Z',
  ];

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '71001', name: 'Acme' })).id;
    statements = [];
    t.db.on('query', (q: { sql: string }) => statements.push(q.sql));
  });
  afterEach(async () => t.destroy());

  it('inserts every row, 500 to a statement, undefined stored as null', async () => {
    const rows = Array.from({ length: ROWS_PER_INSERT + 3 }, (_, i) =>
      row(i, i % 2 === 0 ? `z${i}` : undefined),
    );
    await insertRows(t.db, 'links', columns, rows);
    const links = await repos.links.list(tenantId, 'Accounts');
    expect(links).toHaveLength(503);
    expect(links.slice(0, 2).map((l) => [l.sageKey, l.zohoId, l.state])).toEqual([
      ['01-0000', 'z0', 'linked'],
      ['01-0001', undefined, 'linked'],
    ]);
    expect(links.at(-1)?.sageKey).toBe('01-0502');
    expect(statements.filter((s) => /^insert into "links"/.test(s))).toHaveLength(2);
  });

  it("takes part in the caller's transaction: a failure after it leaves no row", async () => {
    // The repositories' queries share the transaction (`transaction`); their inserts are these.
    await expect(
      repos.transaction(async () => {
        await repos.links.saveMany(tenantId, 'Accounts', [
          { patch: { state: 'linked', sageKey: '01-A', zohoId: 'z1' } },
          { patch: { state: 'linked', sageKey: '01-B', zohoId: 'z2' } },
        ]);
        await repos.events.append([]);
        expect(await repos.links.count(tenantId, 'Accounts', 'linked')).toBe(2);
        throw new Error('disk full');
      }),
    ).rejects.toThrow('disk full');
    expect(await repos.links.count(tenantId, 'Accounts', 'linked')).toBe(0);
    expect(statements.filter((s) => /^insert into "links"/.test(s))).toHaveLength(1);
  });

  it('refuses a row with the wrong number of values, and a duplicate key, inserting nothing', async () => {
    await expect(insertRows(t.db, 'links', columns, [row(1), row(2).slice(1)])).rejects.toThrow(
      'insert into links: a row has 6 values for 7 columns',
    );
    await expect(insertRows(t.db, 'links', columns, [row(1), row(1)])).rejects.toThrow(
      /unique|duplicate/i,
    );
    expect(await repos.links.count(tenantId, 'Accounts', 'linked')).toBe(0);
  });
});
