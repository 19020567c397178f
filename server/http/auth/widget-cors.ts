import { type RequestHandler, Router } from 'express';
import { isAllowedWidgetOrigin } from './widget-origins.js';

/**
 * CORS for the widget's API calls. Only widget origins are answered, with no credentials (the
 * session travels as a Bearer token, not a cookie); preflights end here.
 */
export function widgetCors(extraOrigins: string[]): RequestHandler {
  return (req, res, next) => {
    const origin = req.get('origin');
    if (!origin || !isAllowedWidgetOrigin(origin, extraOrigins)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.vary('Origin');
    res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id');
    if (req.method === 'OPTIONS') {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, PUT, PATCH, DELETE');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

/** Applies widgetCors to every API path (mounted before the feature routers). */
export function widgetCorsRouter(extraOrigins: string[]): Router {
  const router = Router();
  router.use(['/api', '/auth/session', '/auth/zoho/redeem'], widgetCors(extraOrigins));
  return router;
}
