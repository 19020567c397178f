import { Router } from 'express';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { emptyBody, eventsQuery, runBody, runsQuery } from './schemas.js';
import { reportView, runSummary, withoutTenant } from './views.js';
import { idParam, parseInput } from './validate.js';

/** Manual runs and dry runs, the run log, its audit events, and replays. */
export function runRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  const runOf = async (tenantId: string, raw: unknown) => {
    const id = typeof raw === 'string' ? raw : undefined;
    const run = id ? await repos.runs.get(tenantId, id) : undefined;
    if (!run) throw new HttpProblem(404, 'Not found', `No run ${id}.`);
    return run;
  };

  router.post('/runs', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const body = parseInput(runBody, req.body, 'body');
    const options = { direction: body.direction, since: body.since };
    const reports = await withEngine(deps.openEngine, tid, async (engine) => {
      if (!body.dryRun) return engine.runMany(tid, body.modules, options);
      const out = [];
      for (const module of body.modules) out.push(await engine.dryRun(tid, module, options));
      return out;
    });
    res.json({ reports: reports.map(reportView) });
  });

  router.get('/runs', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    const query = parseInput(runsQuery, req.query, 'query');
    const runs = await repos.runs.listRecent(tid, query);
    res.json({ runs: runs.map(runSummary) });
  });

  router.get('/runs/:id', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    res.json(runSummary(await runOf(tid, req.params.id)));
  });

  router.get('/runs/:id/events', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const run = await runOf(tid, req.params.id);
    const query = parseInput(eventsQuery, req.query, 'query');
    const events = await repos.events.query(tid, { runId: run.id, ...query });
    res.json({ runId: run.id, events: events.map(withoutTenant) });
  });

  router.post('/runs/:id/replay', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const run = await runOf(tid, req.params.id);
    const reports = await withEngine(deps.openEngine, tid, (e) => e.replayRun(tid, run.id));
    res.json({ replayOf: run.id, reports: reports.map(reportView) });
  });

  router.post('/events/:id/replay', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const id = idParam(req.params.id, 'event');
    if (!(await repos.events.get(tid, id)))
      throw new HttpProblem(404, 'Not found', `No event ${id}.`);
    const report = await withEngine(deps.openEngine, tid, (e) => e.replayEvent(tid, id));
    res.json({ replayOf: id, report: reportView(report) });
  });

  return router;
}
