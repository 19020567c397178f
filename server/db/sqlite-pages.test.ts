import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createDb, SQLITE_PAGE_SIZE } from './knex.js';
import { migrateLatest } from './migrate.js';

const dirs: string[] = [];
const tempFile = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pages-'));
  dirs.push(dir);
  return path.join(dir, 'sync.db');
};
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const pragma = async (db: ReturnType<typeof createDb>, name: string) =>
  ((await db.raw(`PRAGMA ${name}`)) as Array<Record<string, unknown>>)[0]![name];

describe('SQLite page size (ADR 0097)', () => {
  it('creates a database with 16 KiB pages, in WAL mode', async () => {
    const db = createDb({ client: 'sqlite', filename: tempFile() });
    try {
      await migrateLatest(db);
      expect(SQLITE_PAGE_SIZE).toBe(16_384);
      expect(await pragma(db, 'page_size')).toBe(16_384);
      expect(await pragma(db, 'journal_mode')).toBe('wal');
    } finally {
      await db.destroy();
    }
  });

  it('opens a database made with 4 KiB pages as it is, and keeps working in it', async () => {
    const file = tempFile();
    const old = new Database(file);
    old.pragma('page_size = 4096');
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE kept (id INTEGER PRIMARY KEY, note TEXT)');
    old.prepare('INSERT INTO kept (note) VALUES (?)').run('from before');
    old.close();
    const db = createDb({ client: 'sqlite', filename: file });
    try {
      expect(await pragma(db, 'page_size')).toBe(4096);
      await db('kept').insert({ note: 'after' });
      expect((await db('kept').orderBy('id')).map((r: { note: string }) => r.note)).toEqual([
        'from before',
        'after',
      ]);
    } finally {
      await db.destroy();
    }
  });
});
