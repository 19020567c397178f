import { Router } from 'express';
import { z } from 'zod';
import type { Repositories } from '../../db/repositories/index.js';
import { HttpProblem } from '../problem.js';
import { inputStatus } from '../api/validate.js';
import { sessionOf, type RequireSession } from '../auth/require-session.js';

/**
 * The Zoho profiles whose users are admins in the extension, besides the configured ones
 * (`Administrator` by default). Admins read and replace the list; it applies at the next sign-in.
 */
const body = z.object({
  profiles: z.array(z.string().trim().min(1).max(100)).max(20),
});

export function adminProfileRoutes(deps: {
  requireSession: RequireSession;
  repos: Pick<Repositories, 'zohoAdminProfiles'>;
  configured: string[];
}): Router {
  const router = Router();
  router.get(
    '/api/zoho/admin-profiles',
    deps.requireSession({ admin: true }),
    async (_req, res) => {
      res.json({
        profiles: await deps.repos.zohoAdminProfiles.list(sessionOf(res).tid),
        configured: deps.configured,
      });
    },
  );
  router.put('/api/zoho/admin-profiles', deps.requireSession({ admin: true }), async (req, res) => {
    const parsed = body.safeParse(req.body, { reportInput: true });
    if (!parsed.success) {
      throw new HttpProblem(
        inputStatus(parsed.error.issues, 'body'),
        'Invalid admin profiles',
        'Send {"profiles": ["Profile name", ...]} (at most 20).',
        {
          issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
        },
      );
    }
    const { tid } = sessionOf(res);
    await deps.repos.zohoAdminProfiles.replace(tid, parsed.data.profiles);
    res.json({
      profiles: await deps.repos.zohoAdminProfiles.list(tid),
      configured: deps.configured,
    });
  });
  return router;
}
