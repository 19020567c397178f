import { Router } from 'express';
import { isFailing } from '../../db/repositories/module-outcomes.js';
import { MODULES, type ModuleName } from '../../sync/vocabulary.js';
import { sessionOf } from '../auth/require-session.js';
import type { ApiDeps } from './deps.js';
import { creditsResumeAt } from './credit-window.js';
import { activityQuery } from './settings-schemas.js';
import { parseInput } from './validate.js';
import { runSummary } from './views.js';

/** Actions that changed a record on the other side: what the chart counts as "synced". */
const SYNCED = new Set(['created', 'updated', 'deleted']);

const DAY_MS = 86_400_000;

/** The UTC days from `days - 1` days ago to today, oldest first. */
export function dayRange(now: Date, days: number): string[] {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  return Array.from({ length: days }, (_, i) =>
    new Date(today - (days - 1 - i) * DAY_MS).toISOString().slice(0, 10),
  );
}

/** The activity chart and the connections' health, from the audit log and the run log. */
export function activityRoutes(deps: ApiDeps, now: () => Date = () => new Date()): Router {
  const router = Router();
  const { repos, requireSession } = deps;
  const admin = requireSession({ admin: true });

  router.get('/activity', admin, async (req, res) => {
    const { tid } = sessionOf(res);
    const { days, module } = parseInput(activityQuery, req.query, 'query');
    const range = dayRange(now(), days);
    const rows = await repos.activity.perDay(tid, { from: `${range[0]}T00:00:00.000Z`, module });
    const index = new Map(range.map((d, i) => [d, i]));
    const series = new Map<ModuleName, { synced: number[]; failed: number[]; skipped: number[] }>();
    for (const row of rows) {
      const i = index.get(row.day);
      if (i === undefined) continue;
      let s = series.get(row.module);
      if (!s) {
        s = { synced: range.map(() => 0), failed: range.map(() => 0), skipped: range.map(() => 0) };
        series.set(row.module, s);
      }
      if (SYNCED.has(row.action)) s.synced[i]! += row.count;
      else if (row.action === 'failed') s.failed[i]! += row.count;
      else if (row.action === 'skipped') s.skipped[i]! += row.count;
    }
    res.json({
      days: range,
      modules: MODULES.filter((m) => series.has(m)).map((m) => ({ module: m, ...series.get(m)! })),
    });
  });

  router.get('/health', admin, async (_req, res) => {
    const { tid } = sessionOf(res);
    const [zoho, sage, runs, outcomes] = await Promise.all([
      repos.zohoConnections.get(tid),
      repos.sageConnections.get(tid),
      repos.runs.listRecent(tid, { limit: 200 }),
      repos.moduleOutcomes.ofTenant(tid),
    ]);
    const real = runs.filter((r) => !r.dryRun && r.status !== 'running');
    const lastOk = real.find((r) => r.status === 'succeeded' || r.status === 'partial');
    const lastFailed = real.find((r) => r.status === 'failed');
    const latest = real[0];
    // Per module: one module's good run, or a rep's "Sync to Sage", must not hide another's failure.
    const failingModules = outcomes.filter(isFailing).map((o) => o.module);
    // This product's share of the day's credits: once exhausted, runs wait (409). The standing
    // counts the credits the ledger has not written yet (ADR 0071), so it is the figure to show.
    const standing = zoho && deps.creditCap ? await deps.creditCap.standing(tid) : null;
    // Spent: when the oldest calls leave Zoho's rolling window and runs go again.
    const credits = standing && {
      ...standing,
      resumesAt:
        standing.exhausted && standing.budget !== null
          ? (creditsResumeAt(
              await repos.zohoCredits.hoursInLast24h(tid, now()),
              standing.used,
              standing.budget,
              now(),
            )?.toISOString() ?? null)
          : null,
    };
    res.json({
      zoho: zoho
        ? {
            connected: true,
            dataCentre: zoho.dataCentre,
            connectedAt: zoho.connectedAt,
            creditsUsed24h: credits?.used ?? (await repos.zohoCredits.usedInLast24h(tid, now())),
            credits,
          }
        : { connected: false },
      sage: sage
        ? { configured: true, companyCode: sage.companyCode, agent: Boolean(sage.agentUrl) }
        : { configured: false },
      sync: {
        // Without Zoho nothing is scheduled (planDue): say so once, not as a failed run a slot.
        state: !zoho
          ? 'not_connected'
          : !latest
            ? 'never_run'
            : failingModules.length > 0
              ? 'failing'
              : 'ok',
        failingModules,
        lastSucceeded: lastOk ? runSummary(lastOk) : null,
        lastFailed: lastFailed ? runSummary(lastFailed) : null,
        failedLast24h: real.filter(
          (r) => r.status === 'failed' && Date.parse(r.startedAt) > now().getTime() - DAY_MS,
        ).length,
      },
    });
  });

  return router;
}
