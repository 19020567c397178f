import { Router } from 'express';
import request from 'supertest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openTestDb, type TestDb } from '../../test/db.js';
import { idParam } from './api/validate.js';
import { createApp } from './app.js';
import { HttpProblem } from './problem.js';

/** Bad input gets a 4xx problem, never a 500: undecodable bodies and paths, any error's 4xx. */

class StatusError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

describe('bad input is a 4xx problem', () => {
  let t: TestDb;
  let app: ReturnType<typeof createApp>;
  beforeEach(async () => {
    t = await openTestDb('sqlite');
    const r = Router();
    r.post('/echo', (req, res) => {
      res.json({ got: req.body });
    });
    r.get('/things/:id', (req, res) => {
      res.json({ id: req.params.id });
    });
    r.get('/typed-4xx', () => {
      throw new StatusError(422, 'a library said no');
    });
    r.get('/typed-5xx', () => {
      throw new StatusError(503, 'internal detail');
    });
    app = createApp({
      config: { http: { port: 0, host: '127.0.0.1', bodyLimit: '1kb' } },
      db: t.db,
      logger: pino({ level: 'silent' }),
      routers: [r],
    });
  });
  afterEach(() => t.destroy());

  for (const encoding of ['gzip', 'br', 'deflate']) {
    it(`a body claiming Content-Encoding: ${encoding} that does not decompress is 400`, async () => {
      const res = await request(app)
        .post('/echo')
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', encoding)
        .send(Buffer.from('{"not":"compressed"}'));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.body).toMatchObject({
        status: 400,
        title: 'Undecodable body',
        detail: `The request body is not valid ${encoding} data.`,
      });
    });
  }

  it('invalid percent-encoding in a path is 400', async () => {
    for (const path of ['/things/%E0%A4%A', '/things/%FF', '/things/%']) {
      const res = await request(app).get(path);
      expect(res.status, path).toBe(400);
      expect(res.body).toMatchObject({ status: 400, title: 'Bad path' });
    }
    expect((await request(app).get('/things/caf%C3%A9')).body).toEqual({ id: 'café' });
  });

  it("honours any error's 4xx status, and hides a 5xx one", async () => {
    const typed = await request(app).get('/typed-4xx');
    expect(typed.status).toBe(422);
    expect(typed.body).toMatchObject({ status: 422, detail: 'a library said no' });
    const hidden = await request(app).get('/typed-5xx');
    expect(hidden.status).toBe(500);
    expect(JSON.stringify(hidden.body)).not.toContain('internal detail');
  });

  it('a NUL character anywhere in the body, query or path is 400 (Postgres cannot store it)', async () => {
    const body = await request(app)
      .post('/echo')
      .set('Content-Type', 'application/json')
      .send('{"name":"a\\u0000b","nested":{"ok":"fine"}}');
    expect(body.status).toBe(400);
    expect(body.body).toMatchObject({
      title: 'NUL character',
      detail: 'body.name holds a NUL character (U+0000), which no value may contain.',
    });
    const query = await request(app).get('/things/1?filter=a%00b');
    expect(query.status).toBe(400);
    expect(query.body.detail).toContain('query.filter');
    expect((await request(app).get('/things/a%00b')).status).toBe(400);
    expect((await request(app).post('/echo').send({ name: 'ok' })).body).toEqual({
      got: { name: 'ok' },
    });
  });

  it('an id beyond a 32-bit column names no row: 404, never a database error', () => {
    expect(idParam('2147483647', 'conflict')).toBe(2147483647);
    expect(() => idParam('2147483648', 'conflict')).toThrow('No conflict 2147483648.');
    expect(() => idParam('999999999999999', 'match proposal')).toThrow(HttpProblem);
    expect(idParam('999999999999999', 'event', Number.MAX_SAFE_INTEGER)).toBe(999999999999999);
  });
});
