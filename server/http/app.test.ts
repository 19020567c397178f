import { Writable } from 'node:stream';
import { Router } from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { describeWith, postgres } from '../../test/requirements.js';
import { createDb } from '../db/knex.js';
import { createLogger } from '../logging.js';
import { createApp } from './app.js';
import { HttpProblem } from './problem.js';

function captureLogs() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(String(chunk));
      cb();
    },
  });
  return { lines, logger: createLogger('info', stream) };
}

describe('HTTP basics', () => {
  let t: TestDb;
  let logs: ReturnType<typeof captureLogs>;
  let app: ReturnType<typeof createApp>;

  beforeEach(async () => {
    t = await openTestDb('sqlite');
    logs = captureLogs();
    const boom = Router();
    boom.get('/boom', () => {
      throw new Error('connect ECONNREFUSED internal-db:5432 password=hunter2');
    });
    boom.get('/teapot', () => {
      throw new HttpProblem(409, 'Module needed', 'Contacts needs Accounts.', {
        needs: ['Accounts'],
      });
    });
    boom.post('/echo', (req, res) => {
      res.json({ got: req.body });
    });
    // Feature routers mount their routes under a prefix, as /api/v1 is.
    const runs = Router();
    runs.get('/runs/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    boom.use('/api/v1', runs);
    app = createApp({
      config: { http: { port: 0, host: '127.0.0.1', bodyLimit: '1kb' } },
      db: t.db,
      logger: logs.logger,
      routers: [boom],
    });
  });
  afterEach(async () => t.destroy());

  it('answers /healthz and /readyz', async () => {
    const health = await request(app).get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok', migrations: 'ok' } });
  });

  it('is not ready when migrations are pending', async () => {
    await t.db.raw('delete from knex_migrations');
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.migrations).toMatch(/^pending: 20261121000000_initial_schema/);
  });

  it('is not ready when the database answers reads but refuses writes (read-only, disk full)', async () => {
    await t.db.raw('PRAGMA query_only = 1');
    const ready = await request(app).get('/readyz');
    await t.db.raw('PRAGMA query_only = 0');
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'not ready',
      checks: { database: 'not writable (SQLITE_READONLY)', migrations: 'ok' },
    });
    expect((await request(app).get('/readyz')).status).toBe(200);
  });

  it('is not ready when the database is unreachable', async () => {
    await t.db.destroy();
    const ready = await request(app).get('/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body.checks.database).toBe('unreachable');
    t = await openTestDb('sqlite');
  });

  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await request(app)
      .post('/echo')
      .set('content-type', 'application/json')
      .send('{"a":');
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({
      status: 400,
      title: 'Malformed JSON',
      type: expect.stringContaining('/problems/malformed-json'),
    });
    expect(body.requestId).toBe(res.headers['x-request-id']);
  });

  it.each([
    ['null', 'null'],
    ['42', 'a number'],
    ['"yes"', 'a string'],
    ['true', 'true'],
  ])('answers a JSON body of %s with what is wrong: it must be an object', async (raw, what) => {
    const res = await request(app).post('/echo').set('content-type', 'application/json').send(raw);
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 400,
      title: 'Invalid request body',
      detail: `The request body must be a JSON object (it was ${what}).`,
    });
  });

  it('answers an unknown route with 404 problem+json', async () => {
    const res = await request(app).get('/nope');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(res.text)).toMatchObject({
      status: 404,
      title: 'Not found',
      detail: 'No route for GET /nope.',
    });
  });

  it('answers an oversize body with 413', async () => {
    const res = await request(app)
      .post('/echo')
      .send({ big: 'x'.repeat(2000) });
    expect(res.status).toBe(413);
    expect(JSON.parse(res.text)).toMatchObject({ status: 413, title: 'Payload too large' });
  });

  it('hides the internals of an unexpected error, and logs it with context', async () => {
    const res = await request(app).get('/boom').set('x-request-id', 'req-123');
    expect(res.status).toBe(500);
    const body = JSON.parse(res.text);
    expect(body).toMatchObject({
      status: 500,
      title: 'Internal server error',
      requestId: 'req-123',
    });
    expect(res.text).not.toContain('ECONNREFUSED');
    const logged = logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'unhandled error');
    expect(logged).toMatchObject({ requestId: 'req-123', path: '/boom', level: 50 });
  });

  it('passes typed problems through with their extensions', async () => {
    const res = await request(app).get('/teapot');
    expect(res.status).toBe(409);
    expect(JSON.parse(res.text)).toMatchObject({
      title: 'Module needed',
      detail: 'Contacts needs Accounts.',
      needs: ['Accounts'],
    });
  });

  it('sets security headers', async () => {
    const res = await request(app).get('/healthz');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('logs the path as requested, prefix included, for a route in a mounted router', async () => {
    const res = await request(app).get('/api/v1/runs/r-17?limit=5');
    expect(res.body).toEqual({ id: 'r-17' });
    const line = logs.lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'request');
    expect(line).toMatchObject({ method: 'GET', path: '/api/v1/runs/r-17', status: 200 });
  });

  it('never logs secrets or query strings', async () => {
    await request(app)
      .get('/healthz?code=1000.oauthcode&state=abc')
      .set('authorization', 'Bearer sess-token-xyz');
    logs.logger.info(
      {
        sage: { password: 'hunter2', username: 'web' },
        zoho: { refreshToken: '1000.rt', nested: { access_token: '1000.at' } },
        headers: { authorization: 'Zoho-oauthtoken 1000.at2' },
      },
      'connection saved',
    );
    const text = logs.lines.join('');
    expect(text).toContain('"username":"web"');
    for (const secret of ['hunter2', '1000.rt', '1000.at', '1000.oauthcode', 'sess-token-xyz']) {
      expect(text).not.toContain(secret);
    }
    expect(text).toContain('[redacted]');
  });
});

describeWith([postgres], '/readyz on Postgres', () => {
  let t: TestDb;
  beforeEach(async () => {
    t = await openTestDb('postgres');
  });
  afterEach(async () => t.destroy());

  it('is not ready when Postgres answers reads but refuses writes (a standby, a read-only database)', async () => {
    const url = new URL(t.target.client === 'postgres' ? t.target.connectionString : '');
    // Every transaction of these sessions is read-only, as on a hot standby or after
    // ALTER DATABASE ... SET default_transaction_read_only = on.
    url.searchParams.set('options', '-c default_transaction_read_only=on');
    const readOnly = createDb(
      { client: 'postgres', connectionString: url.toString() },
      { schema: t.schema },
    );
    try {
      const app = createApp({
        config: { http: { port: 0, host: '127.0.0.1', bodyLimit: '1kb' } },
        db: readOnly,
        logger: createLogger('silent'),
        routers: [],
      });
      const ready = await request(app).get('/readyz');
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({
        status: 'not ready',
        // 25006: read_only_sql_transaction.
        checks: { database: 'not writable (25006)', migrations: 'ok' },
      });
    } finally {
      await readOnly.destroy();
    }
    const writable = createApp({
      config: { http: { port: 0, host: '127.0.0.1', bodyLimit: '1kb' } },
      db: t.db,
      logger: createLogger('silent'),
      routers: [],
    });
    expect((await request(writable).get('/readyz')).body).toEqual({
      status: 'ready',
      checks: { database: 'ok', migrations: 'ok' },
    });
  });
});
