import express, { type Express, type Router } from 'express';
import helmet from 'helmet';
import type { Config } from '../config.js';
import type { Db } from '../db/knex.js';
import type { Logger } from '../logging.js';
import { errorHandler, notFoundHandler } from './error-handler.js';
import { refuseNulBytes } from './nul-guard.js';
import { healthRoutes } from './health.js';
import { requestContext } from './request-context.js';

export interface AppDeps {
  config: Pick<Config, 'http'>;
  db: Db;
  logger: Logger;
  /** Feature routers mounted after the basics (API, OAuth, widget assets). */
  routers?: Router[];
}

export function createApp({ config, db, logger, routers = [] }: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(requestContext(logger));
  app.use(helmet());
  app.use(express.json({ limit: config.http.bodyLimit }));
  app.use(refuseNulBytes);
  app.use(healthRoutes(db));
  for (const router of routers) app.use(router);
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
