import { Router } from 'express';
import type { Db } from '../db/knex.js';
import { pendingMigrations } from '../db/migrate.js';

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
    } catch {
      checks.database = 'unreachable';
      ready = false;
    }
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
