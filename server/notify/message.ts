import type { Run } from '../db/repositories/runs.js';

/** What a notification says, rendered once and stored with its delivery (retries resend it). */
export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const COUNT_ORDER = ['created', 'updated', 'deleted', 'unchanged', 'skipped', 'failed', 'conflict'];

const escapeHtml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

/** The counts worth showing, in a fixed order (zero counts left out). */
export function countLines(counts: Record<string, number>): Array<[string, number]> {
  const names = [...COUNT_ORDER, ...Object.keys(counts).filter((k) => !COUNT_ORDER.includes(k))];
  return names.flatMap((k) => (counts[k] ? [[k, counts[k]] as [string, number]] : []));
}

const summaryOf = (counts: Record<string, number>) =>
  countLines(counts)
    .map(([k, n]) => `${n} ${k}`)
    .join(', ') || 'no records';

/** The JSON a webhook receives for a finished run. */
export function runPayload(run: Run, org: string, link: string, recovered = false) {
  return {
    type: 'run.finished',
    organisation: org,
    ...(recovered ? { recovered: true } : {}),
    run: {
      id: run.id,
      module: run.module,
      kind: run.kind,
      direction: run.direction,
      dryRun: run.dryRun,
      status: run.status,
      reason: run.reason ?? null,
      counts: run.counts,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt ?? null,
      link,
    },
  };
}

/** `recovered`: the module's runs had failed, and this one went well again. */
export function runEmail(run: Run, org: string, link: string, recovered = false): EmailMessage {
  const what = `${run.kind} run ${run.status}: ${summaryOf(run.counts)}`;
  const subject = `[Sage 100 Sync] ${run.module} ${recovered ? `recovered: ${what}` : what}`;
  const lines = countLines(run.counts);
  const back = recovered ? ' It had failed before: syncing works again.' : '';
  const text = [
    `${org}: the ${run.kind} run of ${run.module} (${run.direction}) ended ${run.status}.${back}`,
    ...(run.reason ? [`Reason: ${run.reason}`] : []),
    '',
    ...lines.map(([k, n]) => `  ${k}: ${n}`),
    '',
    `Started ${run.startedAt}, finished ${run.finishedAt ?? 'not yet'}.`,
    `The run: ${link}`,
  ].join('\n');
  const rows = lines
    .map(([k, n]) => `<tr><td>${escapeHtml(k)}</td><td align="right">${n}</td></tr>`)
    .join('');
  const html = [
    `<p>${escapeHtml(org)}: the ${escapeHtml(run.kind)} run of <b>${escapeHtml(run.module)}</b>`,
    ` (${escapeHtml(run.direction)}) ended <b>${escapeHtml(run.status)}</b>.${back}</p>`,
    run.reason ? `<p>Reason: ${escapeHtml(run.reason)}</p>` : '',
    `<table>${rows}</table>`,
    `<p>Started ${escapeHtml(run.startedAt)}, finished ${escapeHtml(run.finishedAt ?? 'not yet')}.</p>`,
    `<p><a href="${escapeHtml(link)}">Open the run</a></p>`,
  ].join('');
  return { subject, text, html };
}

/** A day of runs in one message: per status, and every run that did not succeed. */
export function digestEmail(
  runs: Run[],
  org: string,
  linkOf: (id: string) => string,
  period: { from: string; to: string },
): EmailMessage {
  const byStatus = new Map<string, number>();
  for (const r of runs) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
  const statusText = [...byStatus].map(([s, n]) => `${n} ${s}`).join(', ') || 'no runs';
  const trouble = runs.filter((r) => r.status !== 'succeeded');
  const subject = `[Sage 100 Sync] daily digest: ${runs.length} runs, ${statusText}`;
  const text = [
    `${org}: ${runs.length} runs from ${period.from} to ${period.to} (${statusText}).`,
    '',
    ...trouble.map(
      (r) => `  ${r.module} ${r.kind} ${r.status}: ${summaryOf(r.counts)}  ${linkOf(r.id)}`,
    ),
  ].join('\n');
  const html = [
    `<p>${escapeHtml(org)}: ${runs.length} runs from ${escapeHtml(period.from)} to `,
    `${escapeHtml(period.to)} (${escapeHtml(statusText)}).</p><ul>`,
    ...trouble.map(
      (r) =>
        `<li>${escapeHtml(r.module)} ${escapeHtml(r.kind)} <b>${escapeHtml(r.status)}</b>: ` +
        `${escapeHtml(summaryOf(r.counts))} <a href="${escapeHtml(linkOf(r.id))}">run</a></li>`,
    ),
    '</ul>',
  ].join('');
  return { subject, text, html };
}
