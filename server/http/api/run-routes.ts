import { Router, type Response } from 'express';
import type { Run } from '../../db/repositories/runs.js';
import { dependencyOrder } from '../../sync/catalog/index.js';
import { isFinalStatus } from '../../sync/vocabulary.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { withEngine } from './engine-access.js';
import { streamRun } from './run-stream.js';
import { emptyBody, eventsQuery, runBody, runsQuery } from './schemas.js';
import { pageOf, reportView, runSummary, withoutTenant } from './views.js';
import { idParam, parseInput } from './validate.js';

const runLocation = (id: string) => `/api/v1/runs/${id}`;

/** Answers 202 with the queued runs; `Location` is the first (the parents' run when several). */
const accepted = (res: Response, runs: Run[], extra: Record<string, unknown> = {}) => {
  res
    .status(202)
    .location(runLocation(runs[0]!.id))
    .json({
      ...extra,
      runIds: runs.map((r) => r.id),
      runs: runs.map((r) => ({ ...runSummary(r), location: runLocation(r.id) })),
    });
};

/**
 * Runs are jobs (ADR 0051): manual, historical and dry runs and replays of a run are queued and
 * answered 202 at once; the job runner carries them out under the tenant's lock. The run log,
 * a run's progress (polled or streamed), its pages and events, and cancelling.
 */
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
    const modules = dependencyOrder(body.modules);
    // What would stop the run at its start is refused now, not queued: no connection (opening
    // the tenant's engine checks it), a disabled module, a direction Sage does not allow, a
    // module the Zoho org lacks (its edition, the GL module not installed).
    await withEngine(deps.openEngine, tid, async (engine) => {
      for (const module of modules) await engine.checkRunnable(tid, module, body.direction);
    });
    if (body.continueFrom) {
      const earlier = await runOf(tid, body.continueFrom);
      if (modules.length !== 1 || earlier.module !== modules[0]) {
        throw new HttpProblem(
          422,
          'Cannot continue',
          'continueFrom: a run of the one module asked for',
        );
      }
      if (earlier.status !== 'cancelled' && earlier.status !== 'failed') {
        throw new HttpProblem(
          409,
          'Cannot continue',
          `Run ${earlier.id} is ${earlier.status}: only a cancelled or failed run can be continued.`,
        );
      }
    }
    const kind = body.since ? 'backfill' : 'manual';
    const runs: Run[] = [];
    for (const module of modules) {
      runs.push(
        await repos.runs.enqueue({
          tenantId: tid,
          module,
          direction: body.direction ?? 'both',
          kind,
          dryRun: body.dryRun,
          options: {
            direction: body.direction,
            since: body.since,
            continueFrom: body.continueFrom,
          },
        }),
      );
    }
    await deps.jobs.submit(
      tid,
      runs.map((r) => r.id),
    );
    accepted(res, runs);
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

  router.get('/runs/:id/pages', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    const run = await runOf(tid, req.params.id);
    res.json({ runId: run.id, pages: await repos.runs.pages(tid, run.id) });
  });

  router.get('/runs/:id/stream', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    const run = await runOf(tid, req.params.id);
    streamRun(req, res, run, () => repos.runs.get(tid, run.id), deps.runs.streamPollMs);
  });

  router.post('/runs/:id/cancel', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const before = await runOf(tid, req.params.id);
    if (isFinalStatus(before.status)) {
      throw new HttpProblem(
        409,
        'Run finished',
        `Run ${before.id} has already ${before.status === 'cancelled' ? 'been cancelled' : `ended ${before.status}`}.`,
        { status_of_run: before.status },
      );
    }
    const run = (await repos.runs.requestCancel(tid, before.id))!;
    // Queued: cancelled now (200). Running: it stops after the page it is on (202, follow it).
    res
      .status(isFinalStatus(run.status) ? 200 : 202)
      .location(runLocation(run.id))
      .json(runSummary(run));
  });

  router.get('/runs/:id/events', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const run = await runOf(tid, req.params.id);
    const { action, limit, after } = parseInput(eventsQuery, req.query, 'query');
    // One more than asked tells whether a next page exists, so the last page says null.
    const events = await repos.events.query(tid, {
      runId: run.id,
      action,
      afterId: after,
      limit: limit + 1,
    });
    const { page, nextAfter } = pageOf(events, limit);
    res.json({ runId: run.id, events: page.map(withoutTenant), nextAfter });
  });

  router.post('/runs/:id/replay', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const of = await runOf(tid, req.params.id);
    if (of.dryRun) {
      throw new HttpProblem(
        409,
        'Nothing to replay',
        `Run ${of.id} was a dry run: nothing to replay.`,
        { code: 'dry_run' },
      );
    }
    const replay = await repos.runs.enqueue({
      tenantId: tid,
      module: of.module,
      direction: of.direction,
      kind: 'replay',
      dryRun: false,
      options: { replayOf: of.id },
    });
    await deps.jobs.submit(tid, [replay.id]);
    accepted(res, [replay], { replayOf: of.id });
  });

  // One event's record: quick, so answered in the request, under the tenant's lock.
  router.post('/events/:id/replay', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const id = idParam(req.params.id, 'event', Number.MAX_SAFE_INTEGER); // a 64-bit id
    if (!(await repos.events.get(tid, id)))
      throw new HttpProblem(404, 'Not found', `No event ${id}.`);
    const report = await deps.lock.run(
      tid,
      () => withEngine(deps.openEngine, tid, (e) => e.replayEvent(tid, id)),
      { waitMs: deps.runs.lockWaitMs },
    );
    deps.onRunFinished?.(tid, report.runId);
    res.json({ replayOf: id, report: reportView(report) });
  });

  return router;
}
