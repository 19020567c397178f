import type { RunReport } from '../api.js';
import { useT } from '../i18n.js';
import { show } from '../ui.js';

/** Per-record, per-field diffs of a dry run (also used by Sync now). */
export function RecordDiffs({ report }: { report: RunReport }) {
  const t = useT();
  const echoHint = t('settings.syncNow.echoHint');
  if (report.records.length === 0)
    return <p class="st-hint">{t('settings.syncNow.nothing', { module: report.module })}</p>;
  return (
    <div
      class="st-diffs"
      role="region"
      aria-label={t('settings.syncNow.diffsOf', { module: report.module })}
    >
      {report.records.map((r, i) => (
        <div class={`st-diff st-${r.action}`} key={i} data-record={r.zohoId ?? r.sageKey}>
          <p>
            <strong title={r.action === 'echo' ? echoHint : undefined}>
              {t(`settings.action.${r.action}`)}
            </strong>{' '}
            · {t(`settings.direction.${r.direction}`)} · {r.zohoId ? `Zoho ${r.zohoId}` : ''}{' '}
            {r.sageKey ? `Sage ${r.sageKey}` : ''}
            {r.reason && <span class="st-reason"> — {r.reason}</span>}
          </p>
          {/* An echo means nothing to a new admin: the label says it, the hint says why. */}
          {r.action === 'echo' && (
            <p class="st-hint" data-testid="echo-hint">
              {echoHint}
            </p>
          )}
          {r.changes.length > 0 && (
            <table class="grid st-table st-compact">
              <caption class="st-sr">{t('settings.syncNow.changes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('settings.syncNow.field')}</th>
                  <th scope="col">{t('settings.syncNow.before')}</th>
                  <th scope="col">{t('settings.syncNow.after')}</th>
                </tr>
              </thead>
              <tbody>
                {r.changes.map((c) => (
                  <tr key={c.field}>
                    <th scope="row">{c.field}</th>
                    <td>{show(c.before)}</td>
                    <td>{show(c.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      ))}
    </div>
  );
}
