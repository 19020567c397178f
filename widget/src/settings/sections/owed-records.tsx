import type { ModuleView } from '../api.js';
import { useT } from '../i18n.js';

/**
 * The module's failed records still owed (issue 10 item 3): an admin sees on the card that a
 * "partial" run is not finished business, and which records need them (a replay in Logs).
 */
export function OwedRecords({ retries }: { retries: ModuleView['retries'] }) {
  const t = useT();
  if (!retries || (retries.waiting === 0 && retries.exhausted === 0)) return null;
  return (
    <>
      {' '}
      {retries.waiting > 0 && (
        <span class="st-pill st-partial" data-testid="retries-waiting">
          {t('settings.modules.retriesWaiting', { count: retries.waiting })}
        </span>
      )}{' '}
      {retries.exhausted > 0 && (
        <span class="st-pill st-failed" data-testid="retries-exhausted">
          {t('settings.modules.retriesExhausted', { count: retries.exhausted })}
        </span>
      )}
    </>
  );
}
