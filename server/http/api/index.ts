import { Router } from 'express';
import { activityRoutes } from './activity-routes.js';
import { connectionCheckRoutes } from './connection-check-routes.js';
import { connectionRoutes } from './connection-routes.js';
import { dealRoutes } from './deal-routes.js';
import type { ApiDeps } from './deps.js';
import { moduleRoutes } from './module-routes.js';
import { notificationRoutes } from './notification-routes.js';
import { requireJsonBody } from '../json-body.js';
import { openApiDocument } from './openapi.js';
import { PanelAgent } from './panel-agent.js';
import { recordRoutes } from './record-routes.js';
import { reviewBulkRoutes } from './review-bulk-routes.js';
import { reviewRoutes } from './review-routes.js';
import { runExportRoutes } from './run-export-routes.js';
import { runRoutes } from './run-routes.js';
import { settingsRoutes } from './settings-routes.js';

export type { ApiDeps } from './deps.js';
export type { TenantEngineOpener } from './engine-access.js';

export const API_PREFIX = '/api/v1';

/** The routers /api/v1 is made of, unmounted (the OpenAPI test walks them). */
export function apiRouters(deps: ApiDeps): Router[] {
  // One for the process's panels, so "Sage is away" learnt on one panel spares the next.
  const panels = new PanelAgent(deps);
  return [
    // Settings-tab routes first where a path could read as another's parameter (confirm-above).
    settingsRoutes(deps),
    moduleRoutes(deps),
    connectionCheckRoutes(deps),
    connectionRoutes(deps),
    runExportRoutes(deps),
    runRoutes(deps),
    // A Deal's panel before the generic record routes: Deals are not a module pair.
    dealRoutes(deps, panels),
    recordRoutes(deps, panels),
    reviewBulkRoutes(deps),
    reviewRoutes(deps),
    activityRoutes(deps),
    notificationRoutes(deps),
  ];
}

/** The widget's API under /api/v1; the tenant of every call is the session's. */
export function apiRouter(deps: ApiDeps): Router {
  const router = Router();
  const api = Router();
  const document = openApiDocument();
  api.use(requireJsonBody);
  api.get('/openapi.json', (_req, res) => {
    res.json(document);
  });
  for (const r of apiRouters(deps)) api.use(r);
  router.use(API_PREFIX, api);
  return router;
}
