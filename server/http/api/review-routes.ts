import { Router } from 'express';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { conflictsQuery, emptyBody, matchesQuery, resolveBody } from './schemas.js';
import { pageOf, reportView, withoutTenant } from './views.js';
import { idParam, parseInput } from './validate.js';

/** The admin's review lists: open conflicts, and initial-match proposals. */
export function reviewRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  router.get('/conflicts', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const { module, limit, after } = parseInput(conflictsQuery, req.query, 'query');
    // One more than asked tells whether a next page exists, so the last page says null.
    const found = await repos.conflicts.listOpen(tid, module, { afterId: after, limit: limit + 1 });
    const { page, nextAfter } = pageOf(found, limit);
    res.json({ conflicts: page.map(withoutTenant), nextAfter });
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
    const { module, status, limit, after } = parseInput(matchesQuery, req.query, 'query');
    // Pages run by score then id: the page after a proposal continues below its score.
    const last = after === undefined ? undefined : await repos.matchProposals.get(tid, after);
    if (after !== undefined && last?.module !== module) {
      throw new HttpProblem(
        400,
        'Invalid request query',
        `after: no match proposal ${after} of ${module}`,
      );
    }
    const found = await repos.matchProposals.list(tid, module, status ?? 'open', {
      after: last && { score: last.score, id: last.id },
      limit: limit + 1,
    });
    const { page, nextAfter } = pageOf(found, limit);
    res.json({ module, proposals: page.map(withoutTenant), nextAfter });
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
