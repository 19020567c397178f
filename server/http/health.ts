import { Router } from 'express';
import type { Db } from '../db/knex.js';
import { databaseReadiness } from '../db/readiness.js';

/** Liveness (the process answers) and readiness (the database answers, is current and writable). */
export function healthRoutes(db: Db): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    const { ready, checks } = await databaseReadiness(db);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks });
  });
  return router;
}
