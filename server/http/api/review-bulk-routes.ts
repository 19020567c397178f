import { Router } from 'express';
import { SyncError } from '../../sync/errors.js';
import { sessionOf } from '../auth/require-session.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { confirmAboveBody, resolveFieldsBody } from './settings-schemas.js';
import { idParam, parseInput } from './validate.js';
import { reportView, withoutTenant } from './views.js';
import { HttpProblem } from '../problem.js';

/**
 * Review beyond one decision at a time: a conflict settled field by field, and every open match
 * proposal of a module at or above a score confirmed at once.
 */
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

  router.post(
    '/conflicts/:id/resolve-fields',
    requireSession({ admin: true }),
    async (req, res) => {
      const { tid } = sessionOf(res);
      const id = idParam(req.params.id, 'conflict');
      const { fields } = parseInput(resolveFieldsBody, req.body, 'body');
      if (!(await repos.conflicts.get(tid, id))) {
        throw new HttpProblem(404, 'Not found', `No conflict ${id}.`);
      }
      const report = await withEngine(deps.openEngine, tid, (e) =>
        e.resolveConflict(tid, id, fields),
      );
      const conflict = await repos.conflicts.get(tid, id);
      res.json({ conflict: conflict && withoutTenant(conflict), report: reportView(report) });
    },
  );

  return router;
}
