import { Router } from 'express';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { conflictsQuery, emptyBody, matchesQuery, resolveBody } from './schemas.js';
import { reportView, withoutTenant } from './views.js';
import { idParam, parseInput } from './validate.js';

/** The admin's review lists: open conflicts, and initial-match proposals. */
export function reviewRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  router.get('/conflicts', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const { module } = parseInput(conflictsQuery, req.query, 'query');
    const conflicts = await repos.conflicts.listOpen(tid, module);
    res.json({ conflicts: conflicts.map(withoutTenant) });
  });

  router.post('/conflicts/:id/resolve', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const id = idParam(req.params.id, 'conflict');
    const { winner } = parseInput(resolveBody, req.body, 'body');
    if (!(await repos.conflicts.get(tid, id))) {
      throw new HttpProblem(404, 'Not found', `No conflict ${id}.`);
    }
    const report = await deps.lock.run(
      tid,
      () => withEngine(deps.openEngine, tid, (e) => e.resolveConflict(tid, id, winner)),
      { waitMs: deps.runs.lockWaitMs },
    );
    deps.onRunFinished?.(tid, report.runId);
    const conflict = await repos.conflicts.get(tid, id);
    res.json({ conflict: conflict && withoutTenant(conflict), report: reportView(report) });
  });

  router.get('/matches', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const { module, status } = parseInput(matchesQuery, req.query, 'query');
    const proposals = await repos.matchProposals.list(tid, module, status ?? 'open');
    res.json({ module, proposals: proposals.map(withoutTenant) });
  });

  for (const decision of ['confirm', 'reject'] as const) {
    router.post(`/matches/:id/${decision}`, requireSession({ admin: true }), async (req, res) => {
      const { tid } = sessionOf(res);
      const id = idParam(req.params.id, 'match proposal');
      parseInput(emptyBody, req.body, 'body');
      if (!(await repos.matchProposals.get(tid, id))) {
        throw new HttpProblem(404, 'Not found', `No match proposal ${id}.`);
      }
      await deps.lock.run(
        tid,
        () =>
          withEngine(deps.openEngine, tid, (e) =>
            decision === 'confirm' ? e.confirmMatch(tid, id) : e.rejectMatch(tid, id),
          ),
        { waitMs: deps.runs.lockWaitMs },
      );
      const proposal = await repos.matchProposals.get(tid, id);
      res.json({ proposal: proposal && withoutTenant(proposal) });
    });
  }

  return router;
}
