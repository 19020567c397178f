import { Router } from 'express';
import { CATALOG } from '../../sync/catalog/index.js';
import { DEFAULT_ATTEMPT_LIMIT } from '../../sync/run/pending.js';
import { missingRecordReason } from '../../sync/run/records-run.js';
import type { RecordAction } from '../../sync/vocabulary.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { syncRecordWithDeadline } from './record-sync.js';
import type { PanelAgent } from './panel-agent.js';
import { sageAccountStatus } from './sage-account-status.js';
import {
  isSageTransportError,
  isSageTransportReason,
  sageUnavailable,
} from './sage-unavailable.js';
import { recordSyncBody } from './schemas.js';
import { reportView, runSummary, withoutTenant } from './views.js';
import { moduleParam, parseInput } from './validate.js';

/** How many of a record's latest events the status panel shows. */
const RECENT_EVENTS = 10;

/** The status panel's words for a failure that was Sage 100 not answering. */
const SAGE_UNREACHABLE = 'Sage 100 could not be reached.';

/** Events that say where the record stands: it failed, or it was written or found in agreement. */
const SETTLING = new Set<RecordAction>(['failed', 'created', 'updated', 'unchanged']);

/**
 * A linked pair whose Sage record is gone is skipped, not failed, until a run applies the delete
 * policy (the brake can stop it, "Sync to Sage" leaves it for later): the panel said "linked"
 * with no error. Said while that skip is the record's newest sync.
 */
function sageGoneSkip(
  newest: { action: RecordAction; reason?: string } | undefined,
): string | null {
  if (newest?.action !== 'skipped' || !newest.reason?.startsWith(SAGE_GONE)) return null;
  return (
    `Skipped by the last sync: ${SAGE_GONE}. The module's delete policy applies when a sync ` +
    'next meets this record, or at the next reconciliation.'
  );
}
const SAGE_GONE = 'the linked Sage record no longer exists';

/** The record page: "Sync to Sage" and the status panel. Any signed-in user of the org. */
export function recordRoutes(deps: ApiDeps, panels: PanelAgent): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  router.post('/records/:module/sync', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const { zohoId } = parseInput(recordSyncBody, req.body, 'body');
    if (!CATALOG[module].allowedDirections.some((d) => d === 'zoho_to_sage' || d === 'both')) {
      throw new HttpProblem(
        422,
        'Read-only in Sage',
        `${module} flow from Sage to Zoho only: there is nothing to send to Sage.`,
        { code: 'read_only_in_sage' },
      );
    }
    const answer = await syncRecordWithDeadline(deps, tid, module, zohoId).catch((err: unknown) => {
      throw isSageTransportError(err) ? sageUnavailable() : err;
    });
    if ('run' in answer) {
      // Still running at the deadline: the widget follows the run.
      const location = `/api/v1/runs/${answer.run.id}`;
      res
        .status(202)
        .location(location)
        .json({
          module,
          zohoId,
          runId: answer.run.id,
          location,
          run: runSummary(answer.run),
        });
      return;
    }
    const { report } = answer;
    const link = await repos.links.findByZohoId(tid, module, zohoId);
    const events = await repos.events.query(tid, { runId: report.runId });
    const own = events.filter((e) => e.module === module && e.zohoId === zohoId).at(-1);
    const outcome = report.records.find((r) => r.zohoId === zohoId) ?? own;
    // Unlinked parents synced first so this record could go (a contact's account).
    const broughtAlong = events
      .filter((e) => !(e.module === module && e.zohoId === zohoId))
      .map((e) => ({
        module: e.module,
        zohoId: e.zohoId ?? null,
        sageKey: e.sageKey ?? null,
        action: e.action,
        reason: e.reason ?? null,
      }));
    if (outcome?.action === 'failed' && isSageTransportReason(outcome.reason))
      throw sageUnavailable();
    // An id the org does not have (mistyped, deleted, or another org's record) is not found,
    // as a Deal the org lacks is; its run stays in the log with the reason.
    const missing = missingRecordReason('zoho', module, zohoId);
    if (outcome?.action === 'failed' && outcome.reason === missing)
      throw new HttpProblem(404, 'Not found', missing, { runId: report.runId });
    res.json({
      module,
      zohoId,
      sageKey: link?.sageKey ?? null,
      // A run that failed before reaching the record (Zoho refused the grant) left no event: the
      // record's link from an earlier sync does not make this one a success.
      action:
        outcome?.action ??
        (report.status === 'failed'
          ? 'failed'
          : link?.state === 'linked'
            ? 'synced'
            : 'not_synced'),
      reason: outcome?.reason ?? report.reason ?? null,
      broughtAlong,
      report: reportView(report),
    });
  });

  router.get('/records/:module/:zohoId/status', requireSession(), async (req, res) => {
    const { tid } = sessionOf(res);
    const module = moduleParam(req.params.module);
    const zohoId = String(req.params.zohoId);
    if (!/^\d{1,30}$/.test(zohoId)) {
      throw new HttpProblem(400, 'Invalid request path', 'zohoId: a Zoho record id (digits)');
    }
    const link = await repos.links.findByZohoId(tid, module, zohoId);
    const byZoho = await repos.events.query(tid, {
      module,
      zohoId,
      newestFirst: true,
      limit: RECENT_EVENTS,
    });
    const bySage = link?.sageKey
      ? await repos.events.query(tid, {
          module,
          sageKey: link.sageKey,
          newestFirst: true,
          limit: RECENT_EVENTS,
        })
      : [];
    const events = [...new Map([...byZoho, ...bySage].map((e) => [e.id, e])).values()]
      .sort((a, b) => b.id - a.id)
      .slice(0, RECENT_EVENTS);
    // A failure is the record's last error only while no sync has put it right since: the
    // newest event that wrote or compared the record decides (a record that failed while Sage
    // was down and was then created showed "Last sync failed" beside "Linked").
    const settled = events.find((e) => SETTLING.has(e.action));
    // lastSyncedAt moves only when something was written: a "Sync to Sage" that found the two
    // sides in agreement (echo, unchanged) says when it looked, so the rep sees it was checked.
    const checked = events.find((e) => SETTLING.has(e.action) || e.action === 'echo');
    // The record's newest sync, written or skipped: what the rep's latest edit came to.
    const newest = events.find((e) => SETTLING.has(e.action) || e.action === 'skipped');
    const recorded =
      link?.lastError ??
      (settled?.action === 'failed' ? (settled.reason ?? null) : null) ??
      (link?.state === 'linked' ? sageGoneSkip(newest) : null);
    // What that write had to change or leave out (a name cut to Sage's length, a type Sage has no
    // code for): the record reads "Synced", but not exactly as typed, and the rep should know.
    const lastNote =
      !recorded && (newest?.action === 'created' || newest?.action === 'updated')
        ? (newest.reason ?? null)
        : null;
    // A sync that skipped the record (its account cleared, a value Sage refuses, outside the
    // filters): nothing failed, but the edit did not go through, and the panel says why not.
    const lastSkipped = !recorded && newest?.action === 'skipped' ? (newest.reason ?? null) : null;
    // A socket error ("connect ECONNREFUSED 10.0.0.5:443") says nothing to a sales rep; the
    // audit log keeps it for the admin.
    const lastError = isSageTransportReason(recorded) ? SAGE_UNREACHABLE : recorded;
    // A failed sync later runs still owe this record: when the next try is, or that none is left.
    const owed = [
      ...(await repos.pendingRecords.list(tid, module, 'zoho')).filter((p) => p.id === zohoId),
      ...(link?.sageKey
        ? (await repos.pendingRecords.list(tid, module, 'sage')).filter(
            (p) => p.id === link.sageKey,
          )
        : []),
    ].find((p) => p.kind === 'retry');
    const retry = owed
      ? {
          attempts: owed.attempts,
          nextAttemptAt:
            owed.attempts >= DEFAULT_ATTEMPT_LIMIT ? null : (owed.nextAttemptAt ?? null),
          exhausted: owed.attempts >= DEFAULT_ATTEMPT_LIMIT,
          reason: owed.reason,
        }
      : null;
    // Edited on both sides: the record waits for an admin's choice in the settings tab's Review.
    const open = await repos.conflicts.openOf(tid, module, { zohoId, sageKey: link?.sageKey });
    const conflict = open
      ? { id: open.id, fields: open.fields.map((f) => f.field), openedAt: open.createdAt }
      : null;
    let sage: unknown;
    if (module === 'Accounts') {
      sage =
        link?.sageKey && link.state === 'linked'
          ? await sageAccountStatus(await repos.sageConnections.get(tid), link.sageKey, panels)
          : { available: false, reason: 'This account is not linked to a Sage customer yet.' };
    }
    res.json({
      module,
      zohoId,
      linked: link?.state === 'linked',
      sageKey: link?.sageKey ?? null,
      state: link?.state ?? null,
      lastSyncedAt: link?.lastSyncedAt ?? null,
      lastCheckedAt: checked?.createdAt ?? null,
      lastError,
      lastNote,
      lastSkipped,
      retry,
      conflict,
      recentEvents: events.map(withoutTenant),
      ...(sage ? { sage } : {}),
    });
  });

  return router;
}
