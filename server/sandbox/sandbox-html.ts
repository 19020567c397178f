import type { MatchProposal } from '../db/repositories/match-proposals.js';
import type { RunReport } from '../sync/engine.js';
import { CATALOG } from '../sync/catalog/index.js';
import { MODULES } from '../sync/vocabulary.js';

/** HTML pieces of the sandbox page. Everything interpolated goes through `esc`. */

export const esc = (value: unknown): string =>
  String(value ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function page(title: string, body: string): string {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>` +
    `<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:70rem}td,th{padding:.3rem .7rem;border-bottom:1px solid #ddd;text-align:left;vertical-align:top}` +
    `code{background:#f4f4f4;padding:.1rem .3rem}.failed{color:#a00}.partial{color:#a60}.succeeded{color:#070}form.inline{display:inline}</style></head>` +
    `<body>${body}</body></html>`
  );
}

export const table = (rows: unknown[][], head?: string[]): string =>
  `<table>${head ? `<tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr>` : ''}` +
  rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('') +
  `</table>`;

export function syncForm(): string {
  const modules = MODULES.map((m) => `<option value="${m}">${m}</option>`).join('');
  const directions = ['both', 'sage_to_zoho', 'zoho_to_sage']
    .map((d) => `<option value="${d}">${d}</option>`)
    .join('');
  const allowed = MODULES.map(
    (m) => `${m}: ${CATALOG[m].allowedDirections.filter((d) => d !== 'disabled').join(', ')}`,
  ).join('; ');
  return (
    `<form method="post" action="/sandbox/sync">` +
    `<label>Module <select name="module">${modules}</select></label> ` +
    `<label>Direction (when enabling) <select name="direction">${directions}</select></label> ` +
    `<label><input type="checkbox" name="dryRun" value="1"> dry run</label> ` +
    `<button type="submit">Sync</button></form>` +
    `<p><small>Directions Sage allows: ${esc(allowed)}</small></p>`
  );
}

export function reportHtml(report: RunReport): string {
  const counts =
    Object.entries(report.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || 'nothing to do';
  const head =
    `<h2>${esc(report.module)} — <span class="${esc(report.status)}">${esc(report.status)}</span>` +
    `${report.dryRun ? ' (dry run)' : ''}</h2>` +
    `<p>Run <code>${esc(report.runId)}</code>, ${esc(report.direction)}: ${esc(counts)}.</p>` +
    (report.reason ? `<p class="failed">${esc(report.reason)}</p>` : '') +
    (report.flags.length ? `<p>Flags: ${esc(report.flags.join(', '))}</p>` : '');
  const rows = report.records
    .slice(0, 100)
    .map((r) => [
      r.action,
      r.direction,
      r.sageKey ?? '',
      r.zohoId ?? '',
      r.reason ?? '',
      r.changes
        .map((c) => `${c.field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`)
        .join('; '),
    ]);
  return (
    head +
    (rows.length
      ? table(rows, ['action', 'direction', 'Sage key', 'Zoho id', 'reason', 'changes'])
      : '')
  );
}

export function proposalsHtml(proposals: MatchProposal[]): string {
  if (proposals.length === 0) return '';
  const rows = proposals
    .map(
      (p) =>
        `<tr><td>${esc(p.module)}</td><td>${esc(p.score)}</td><td>${esc(p.reasons.join(', '))}</td>` +
        `<td>${esc(JSON.stringify(p.summary.zoho))}</td><td>${esc(JSON.stringify(p.summary.sage))}</td><td>` +
        `<form class="inline" method="post" action="/sandbox/matches/${p.id}/confirm"><button>Link</button></form> ` +
        `<form class="inline" method="post" action="/sandbox/matches/${p.id}/reject"><button>Not the same</button></form></td></tr>`,
    )
    .join('');
  return (
    `<h2>Initial match: proposals to review</h2><p>Before a module's first sync, records that look alike ` +
    `on both sides wait here so the first sync creates no duplicates.</p>` +
    `<table><tr><th>module</th><th>score</th><th>why</th><th>Zoho</th><th>Sage</th><th></th></tr>${rows}</table>`
  );
}
