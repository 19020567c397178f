import { afterEach, expect, it } from 'vitest';
import { cacheStatements, createDb, SQLITE_STATEMENT_CACHE, type Db } from './knex.js';

/**
 * SQLite connections reuse prepared statements: a sync's page statements are the same text page
 * after page, and preparing a 500-row insert cost more than running it.
 */
let db: Db | undefined;
afterEach(async () => {
  await db?.destroy();
  db = undefined;
});

it('prepares a repeated statement once and keeps at most the cache size', () => {
  const prepared: string[] = [];
  const conn = {
    pragma: () => undefined,
    prepare: (sql: string) => {
      prepared.push(sql);
      return { sql };
    },
  };
  cacheStatements(conn);
  const a = conn.prepare('select 1');
  expect(conn.prepare('select 1')).toBe(a);
  expect(prepared).toEqual(['select 1']);
  for (let i = 0; i < SQLITE_STATEMENT_CACHE; i++) conn.prepare(`select ${i + 2}`);
  // 'select 1' was the least recently used: it went when the cache filled up.
  expect(conn.prepare('select 1')).not.toBe(a);
  expect(prepared.filter((s) => s === 'select 1')).toHaveLength(2);
  // The most recent ones are still there.
  const before = prepared.length;
  conn.prepare(`select ${SQLITE_STATEMENT_CACHE + 1}`);
  expect(prepared).toHaveLength(before);
});

it('gives the same results through knex with the cache on a real SQLite connection', async () => {
  db = createDb({ client: 'sqlite', filename: ':memory:' });
  await db.schema.createTable('t', (t) => {
    t.integer('id').primary();
    t.string('name');
  });
  for (let round = 0; round < 3; round++) {
    await db('t').insert([
      { id: round * 2, name: `a${round}` },
      { id: round * 2 + 1, name: `b${round}` },
    ]);
  }
  expect(await db('t').where('id', '>', 1).orderBy('id').pluck('name')).toEqual([
    'a1',
    'b1',
    'a2',
    'b2',
  ]);
  expect(await db('t').where('id', '>', 3).orderBy('id').pluck('name')).toEqual(['a2', 'b2']);
  await expect(db('t').insert({ id: 0, name: 'again' })).rejects.toThrow(/UNIQUE/);
  expect(await db('t').count({ n: '*' })).toEqual([{ n: 6 }]);
});
