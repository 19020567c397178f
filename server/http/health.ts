import { Router } from 'express';
import type { Db } from '../db/knex.js';
import { pendingMigrations } from '../db/migrate.js';
import { TABLES } from '../db/tables.js';

/** Liveness (the process answers) and readiness (the database answers and its schema is current). */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const checks: Record<string, string> = {};
    let ready = true;
    try {
      await db.raw('select 1');
      checks.database = 'ok';
      const pending = await pendingMigrations(db);
      checks.migrations = pending.length === 0 ? 'ok' : `pending: ${pending.join(', ')}`;
      ready = pending.length === 0;
      // Reads alone do not say runs can store their work: a read-only or full database answers
      // `select 1` while every write fails. The probe's table exists once migrations are current.
      if (ready) {
        const refused = await writeRefused(db);
        if (refused) {
          checks.database = refused;
          ready = false;
        }
      }
    } catch {
      checks.database = 'unreachable';
      ready = false;
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}

/** Rewrites the probe row; undefined when the write went through, else why (the driver's code). */
async function writeRefused(db: Db): Promise<string | undefined> {
  try {
    await db(TABLES.healthProbe).where({ id: 1 }).update({ checked_at: new Date().toISOString() });
    return undefined;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `not writable (${code})` : 'not writable';
  }
}
