import { Router } from 'express';
import { connectionRoutes } from './connection-routes.js';
import type { ApiDeps } from './deps.js';
import { moduleRoutes } from './module-routes.js';
import { openApiDocument } from './openapi.js';
import { recordRoutes } from './record-routes.js';
import { reviewRoutes } from './review-routes.js';
import { runRoutes } from './run-routes.js';

export type { ApiDeps } from './deps.js';
export type { TenantEngineOpener } from './engine-access.js';

export const API_PREFIX = '/api/v1';

/** The routers /api/v1 is made of, unmounted (the OpenAPI test walks them). */
export const apiRouters = (deps: ApiDeps): Router[] => [
  moduleRoutes(deps),
  connectionRoutes(deps),
  runRoutes(deps),
  recordRoutes(deps),
  reviewRoutes(deps),
];

/** The widget's API under /api/v1; the tenant of every call is the session's. */
export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  const api = Router();
  const document = openApiDocument();
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  for (const r of apiRouters(deps)) api.use(r);
  router.use(API_PREFIX, api);
  return router;
}
