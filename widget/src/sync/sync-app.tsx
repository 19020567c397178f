import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../platform/i18n.js';
import {
  recordStatus,
  syncRecord,
  type RecordStatus,
  type SyncAccepted,
  type SyncResult,
} from '../platform/records.js';
import type { SyncModule } from '../platform/zoho-sdk.js';
import { Notice } from '../ui/notice.js';
import type { WidgetContext } from '../ui/shell.js';
import { followRun } from './follow-run.js';
import { nounOf, outcomeOf, refusalOf, type Outcome } from './outcome.js';

type Step =
  | { step: 'loading' }
  // No `status`: it could not be read, so the popup cannot say whether Sage has the record.
  | { step: 'confirm'; status?: RecordStatus }
  // `long`: the backend's deadline passed (202) and the popup follows the run; closing is fine.
  | { step: 'running'; long?: boolean }
  | { step: 'done'; outcome: Outcome; succeeded: boolean };

/**
 * The "Sync to Sage" popup (600×320): says what it will do for this record, runs it on request,
 * and shows the outcome in words; "Done" closes the popup and reloads the record.
 */
export function SyncApp(props: { ctx: WidgetContext }) {
  const { page, api, session } = props.ctx;
  // The shell opens this location only on the modules it sends (SYNC_MODULES), never a Deal.
  const record = page.record! as { module: SyncModule; recordId: string };
  const noun = nounOf(record.module);
  const [state, setState] = useState<Step>({ step: 'loading' });
  const focus = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    api
      .get<RecordStatus>(recordStatus(record.module, record.recordId))
      .then((status) => setState({ step: 'confirm', status }))
      .catch(() => setState({ step: 'confirm' }));
  }, []);
  useEffect(() => focus.current?.focus(), [state.step]);

  const run = async () => {
    // A session about to expire is renewed by this click (the popup needs the user's gesture).
    if (session.needsRenewal()) {
      await session.begin('signin').done.catch(() => undefined);
      if (!session.current()) return;
    }
    setState({ step: 'running' });
    try {
      const answer = await api.post<SyncResult | SyncAccepted>(syncRecord(record.module), {
        zohoId: record.recordId,
      });
      if ('runId' in answer) setState({ step: 'running', long: true });
      const result = 'runId' in answer ? await followRun(api, record, answer) : answer;
      // Still going after two minutes: the popup keeps saying so (closing is fine), not "not sent".
      if (!result) return;
      const outcome = outcomeOf(result);
      setState({ step: 'done', outcome, succeeded: outcome.tone === 'success' });
    } catch (error) {
      if (!session.current()) return; // a 401: the shell shows the sign-in prompt
      setState({ step: 'done', outcome: refusalOf(error, record.module), succeeded: false });
    }
  };

  const close = (reload: boolean) =>
    void (reload ? page.closeReload() : page.close()).catch(() => undefined);

  return (
    <main class="popup">
      <header class="popup-head">
        <h1 class="title">{t('sync.title')}</h1>
      </header>
      <div class="popup-body">
        {state.step === 'loading' && (
          <p class="muted" role="status">
            {t('common.loading')}
          </p>
        )}
        {state.step === 'confirm' && (
          <>
            <p>{t(`sync.intro.${record.module}`)}</p>
            {!state.status ? (
              <p class="muted">{t('sync.intro.unknown')}</p>
            ) : state.status.linked && state.status.sageKey ? (
              <p class="muted">{t('sync.intro.linked', { noun, key: state.status.sageKey })}</p>
            ) : (
              <p class="muted">{t('sync.intro.new', { noun })}</p>
            )}
          </>
        )}
        {state.step === 'running' && (
          <p role="status" class="running">
            <span class="spinner" aria-hidden="true" />
            {t(state.long ? 'sync.runningLong' : 'sync.running')}
          </p>
        )}
        {state.step === 'done' && (
          <Notice tone={state.outcome.tone} title={state.outcome.title}>
            <p>{state.outcome.text}</p>
            {state.outcome.sageKey && (
              <p>
                {t('sync.sageKey')} <strong class="key">{state.outcome.sageKey}</strong>
              </p>
            )}
            {state.outcome.note && <p class="note">{state.outcome.note}</p>}
            {state.outcome.broughtAlong.length > 0 && (
              <>
                <p>{t('sync.alongIntro')}</p>
                <ul>
                  {state.outcome.broughtAlong.map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              </>
            )}
            {state.outcome.next && <p class="next">{state.outcome.next}</p>}
          </Notice>
        )}
      </div>
      <footer class="popup-foot">
        {state.step === 'done' ? (
          <>
            {!state.succeeded && (
              <button type="button" class="btn" onClick={() => void run()}>
                {t('sync.tryAgain')}
              </button>
            )}
            <button
              ref={focus}
              type="button"
              class="btn primary"
              // A failure is news for the panel beside it too ("Last sync failed", when the
              // engine tries again): Done reloads the record either way.
              onClick={() => close(true)}
            >
              {t('sync.done')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              class="btn"
              onClick={() => close(false)}
              disabled={state.step === 'running' && !state.long}
            >
              {state.step === 'running' && state.long ? t('common.close') : t('common.cancel')}
            </button>
            <button
              ref={focus}
              type="button"
              class="btn primary"
              onClick={() => void run()}
              disabled={state.step !== 'confirm'}
            >
              {t('sync.button')}
            </button>
          </>
        )}
      </footer>
    </main>
  );
}
