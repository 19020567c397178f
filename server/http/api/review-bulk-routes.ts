import { Router } from 'express';
import { SyncError } from '../../sync/errors.js';
import { sessionOf } from '../auth/require-session.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { confirmAboveBody } from './settings-schemas.js';
import { parseInput } from './validate.js';

/** Review in bulk: confirm every open match proposal of a module at or above a score. */
export function reviewBulkRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  router.post('/matches/confirm-above', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const { module, minScore } = parseInput(confirmAboveBody, req.body, 'body');
    const open = (await repos.matchProposals.list(tid, module, 'open'))
      .filter((p) => p.score >= minScore)
      .sort((a, b) => b.score - a.score || a.id - b.id);
    const confirmed: number[] = [];
    const skipped: Array<{ id: number; reason: string }> = [];
    await withEngine(deps.openEngine, tid, async (engine) => {
      // Best score first: confirming a pair closes its other proposals, which are then skipped.
      for (const p of open) {
        try {
          await engine.confirmMatch(tid, p.id);
          confirmed.push(p.id);
        } catch (err) {
          if (!(err instanceof SyncError)) throw err;
          skipped.push({ id: p.id, reason: err.message });
        }
      }
    });
    res.json({ module, minScore, confirmed, skipped });
  });

  return router;
}
