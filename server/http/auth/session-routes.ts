import { Router } from 'express';
import { sessionOf, type RequireSession } from './require-session.js';

/** The signed-in user's session, as the server sees it (the widget shows who and what role). */
export function sessionRoutes(requireSession: RequireSession): Router {
  const router = Router();
  router.get('/auth/session', requireSession(), (_req, res) => {
    const s = sessionOf(res);
    res.json({
      tenantId: s.tid,
      userId: s.uid,
      orgId: s.oid,
      role: s.role,
      expiresAt: new Date(s.exp * 1000).toISOString(),
    });
  });
  return router;
}
