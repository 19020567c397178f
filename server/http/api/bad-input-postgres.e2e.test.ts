import crypto from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb } from '../../db/knex.js';
import { describeWith, postgres } from '../../../test/requirements.js';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The bad input Postgres itself refuses, sent to the real backend on Postgres: a 32-bit id
 * column raises "out of range" for an id past 2^31 - 1, and a text column refuses U+0000. Both
 * must be the API's 4xx with nothing written, never the database's error as a 500.
 */
describeWith([postgres], 'bad input on Postgres is a 4xx, not a database error', () => {
  const url = process.env.TEST_DATABASE_URL!;
  const schema = `bad_input_${crypto.randomBytes(5).toString('hex')}`;
  let fx: ApiFixture;

  beforeAll(async () => {
    const admin = createDb({ client: 'postgres', connectionString: url }, { poolMax: 1 });
    await admin.raw('CREATE SCHEMA ??', [schema]);
    await admin.destroy();
    const inSchema = new URL(url);
    inSchema.searchParams.set('options', `-c search_path=${schema}`);
    fx = await startApiFixture({
      DATABASE_URL: inSchema.toString(),
      JOBS_PGBOSS_SCHEMA: `${schema}_jobs`,
    });
  });
  afterAll(async () => {
    await fx?.close();
    const admin = createDb({ client: 'postgres', connectionString: url }, { poolMax: 1 });
    await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
    await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [`${schema}_jobs`]);
    await admin.destroy();
  });

  it('runs on Postgres, in its own schema', async () => {
    const db = fx.backend.db;
    expect(db.client.config.client).toMatch(/^(pg|postgres)/);
    const tables = await db('pg_tables').where({ schemaname: schema }).pluck('tablename');
    expect(tables).toContain('links');
  });

  it('ids past 2^31 - 1 name no conflict, match proposal or run: 404', async () => {
    for (const [method, path, what] of [
      ['POST', '/conflicts/2147483648/resolve', 'conflict 2147483648'],
      ['POST', '/matches/999999999999999/confirm', 'match proposal 999999999999999'],
      ['POST', '/matches/2147483648/reject', 'match proposal 2147483648'],
    ] as const) {
      const res = await fx.call(method, path, fx.adminToken, { winner: 'zoho' });
      expect(res.status, path).toBe(404);
      expect(res.type).toContain('application/problem+json');
      expect(res.body.detail).toBe(`No ${what}.`);
    }
    // The largest 32-bit id reaches Postgres, which finds no such row.
    const inRange = await fx.call('POST', '/conflicts/2147483647/resolve', fx.adminToken, {
      winner: 'zoho',
    });
    expect(inRange.status).toBe(404);
    expect(inRange.body.detail).toBe('No conflict 2147483647.');
    const run = await fx.call('GET', '/runs/2147483648', fx.adminToken);
    expect(run.status).toBe(404);
  });

  it('a NUL character in a filter value is 400 and the stored filters stay as they were', async () => {
    const saved = [{ side: 'sage', field: 'CustomerName', operator: 'equals', value: 'Acme' }];
    const ok = await fx.call('PUT', '/modules/Accounts/filters', fx.adminToken, {
      filters: saved,
    });
    expect(ok.status).toBe(200);
    const res = await fx.call('PUT', '/modules/Accounts/filters', fx.adminToken, {
      filters: [{ ...saved[0], value: 'Ac\u0000me' }],
    });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      title: 'NUL character',
      detail: 'body.filters.0.value holds a NUL character (U+0000), which no value may contain.',
    });
    const after = await fx.call('GET', '/modules/Accounts/filters', fx.adminToken);
    expect(after.body.filters).toMatchObject(saved);
  });
});
