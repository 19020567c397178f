import type { Check } from '../api.js';
import { useT } from '../i18n.js';

/** Test Connection's answer: the overall result, then each check with its status and what to do. */
export function CheckList({ result }: { result: { ok: boolean; checks: Check[] } }) {
  const t = useT();
  const warnings = result.checks.filter((c) => c.status === 'warning').length;
  return (
    <div class="st-checks" role="group" aria-labelledby="checks-title">
      <h4 id="checks-title">{t('settings.connections.checksTitle')}</h4>
      <p role="status" class={`notice ${result.ok ? 'success' : 'error'}`}>
        {!result.ok
          ? t('settings.connections.checksFailed')
          : warnings > 0
            ? t('settings.connections.checksOkWarn', { n: warnings })
            : t('settings.connections.checksOk')}
      </p>
      <ul>
        {result.checks.map((c) => (
          <li key={c.id} class={`st-check st-${c.status}`} data-check={c.id}>
            <span class="st-badge">{t(`settings.check.status.${c.status}`)}</span>{' '}
            <strong>{t(`settings.check.${c.id}`)}</strong>: {c.message}
            {c.fix && (
              <p class="st-fix">
                {t('settings.connections.whatToDo')} {c.fix}
              </p>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
