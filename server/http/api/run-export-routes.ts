import { Router } from 'express';
import type { RecordEvent } from '../../db/repositories/record-events.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';

const COLUMNS = [
  'event_id',
  'module',
  'direction',
  'action',
  'zoho_id',
  'sage_key',
  'reason',
  'changes',
  'attempt',
  'replay_of',
  'created_at',
] as const;

/**
 * One CSV cell. Quoted when it holds a separator, quote or line break; a leading = + - @ (or tab
 * / CR) gets an apostrophe so a spreadsheet shows the text instead of running it as a formula.
 */
export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const show = (v: unknown) =>
  v === null || v === undefined || v === ''
    ? '(empty)'
    : typeof v === 'string'
      ? v
      : JSON.stringify(v);

export function eventsCsv(events: RecordEvent[]): string {
  const lines = [COLUMNS.join(',')];
  for (const e of events) {
    const changes = e.changes
      .map((c) => `${c.field}: ${show(c.before)} -> ${show(c.after)}`)
      .join('; ');
    lines.push(
      [
        e.id,
        e.module,
        e.direction,
        e.action,
        e.zohoId,
        e.sageKey,
        e.reason,
        changes,
        e.attempt,
        e.replayOf,
        e.createdAt,
      ]
        .map(csvCell)
        .join(','),
    );
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A run's records as CSV (every event the run stored: what it did to each record and why). */
export function runExportRoutes(deps: ApiDeps): Router {
  const router = Router();
  router.get('/runs/:id/records.csv', deps.requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const id = String(req.params.id);
    const run = await deps.repos.runs.get(tid, id);
    if (!run) throw new HttpProblem(404, 'Not found', `No run ${id}.`);
    const events = await deps.repos.events.query(tid, { runId: run.id });
    const day = run.startedAt.slice(0, 10);
    res
      .status(200)
      .type('text/csv; charset=utf-8')
      .attachment(`${run.module}-${day}-${run.id.slice(0, 8)}.csv`)
      .send(`\uFEFF${eventsCsv(events)}`);
  });
  return router;
}
