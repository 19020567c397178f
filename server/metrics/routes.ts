import crypto from 'node:crypto';
import { Router } from 'express';
import { HttpProblem } from '../http/problem.js';
import type { Metrics } from './metrics.js';

const sameToken = (given: string, expected: string) => {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
};

/**
 * `GET /metrics` in Prometheus text format, for a scraper holding the bearer token
 * (`METRICS_TOKEN`). Without a configured token the route does not exist: metrics are never
 * public.
 */
export function metricsRouter(metrics: Metrics, token: string): Router {
  const router = Router();
  router.get('/metrics', async (req, res) => {
    const auth = req.get('authorization') ?? '';
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : '';
    if (!given || !sameToken(given, token)) {
      res.set('www-authenticate', 'Bearer realm="metrics"');
      throw new HttpProblem(401, 'Unauthorized', 'GET /metrics needs the metrics bearer token.');
    }
    res.set('content-type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  return router;
}
