import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeWith, postgres } from '../../test/requirements.js';
import { parseConfig } from '../config.js';
import { createDb } from '../db/knex.js';
import { createJobRunner } from './index.js';
import { jobsWorld, silent, type JobsWorld } from './testing.js';

const url = process.env.TEST_DATABASE_URL;
const openEngine = () => Promise.reject(new Error('no engine in this test'));

describe('createJobRunner', () => {
  let world: JobsWorld;
  beforeEach(async () => {
    world = await jobsWorld();
  });
  afterEach(() => world.destroy());

  it('runs in process on SQLite', async () => {
    const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: 'sqlite:./unused.db' });
    const runner = createJobRunner({ config, repos: world.repos, logger: silent, openEngine });
    expect(runner.kind).toBe('in-process');
    await runner.stop();
  });

  describeWith([postgres], 'on Postgres', () => {
    it('uses pg-boss: starts in its own schema and stops', async () => {
      const config = parseConfig({ NODE_ENV: 'test', DATABASE_URL: url });
      const schema = `jobs_${crypto.randomBytes(5).toString('hex')}`;
      const runner = createJobRunner({
        config,
        repos: world.repos,
        logger: silent,
        openEngine,
        pgBossSchema: schema,
      });
      expect(runner.kind).toBe('pg-boss');
      const admin = createDb({ client: 'postgres', connectionString: url! }, { poolMax: 1 });
      try {
        await runner.start();
        const queues = await admin.raw('SELECT name FROM ??.queue', [schema]);
        expect((queues as { rows: Array<{ name: string }> }).rows.map((r) => r.name)).toEqual([
          'sync-jobs',
        ]);
        await runner.stop();
      } finally {
        await admin.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
        await admin.destroy();
      }
    });
  });
});
