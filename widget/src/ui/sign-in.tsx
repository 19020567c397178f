import { useState } from 'preact/hooks';
import { t, type MessageKey } from '../platform/i18n.js';
import {
  SignInError,
  type Purpose,
  type SessionManager,
  type SignInFailure,
} from '../platform/session.js';

const FAILURE_TEXT: Record<SignInFailure, MessageKey> = {
  'state-invalid': 'signIn.failed.stateInvalid',
  denied: 'signIn.failed.denied',
  'accounts-server-not-allowed': 'signIn.failed.generic',
  'code-rejected': 'signIn.failed.generic',
  'not-admin': 'signIn.failed.notAdmin',
  'not-connected': 'signIn.failed.notConnected',
  'tenant-suspended': 'signIn.failed.suspended',
  'zoho-unavailable': 'signIn.failed.zohoUnavailable',
  'code-not-accepted': 'signIn.failed.codeNotAccepted',
  network: 'signIn.failed.network',
};

type State =
  | { step: 'idle' }
  | { step: 'waiting'; purpose: Purpose; opened: boolean }
  | { step: 'failed'; failure: SignInFailure; purpose: Purpose };

/**
 * The sign-in prompt every location shows without a session: one button opens the popup; while
 * it is open, a field takes the one-time code the popup shows when it cannot post back.
 */
export function SignIn(props: {
  session: SessionManager;
  expired?: boolean;
  compact?: boolean;
  /** What signing in is for here (a record's places, or the settings tab). */
  why?: MessageKey;
}) {
  const [state, setState] = useState<State>({ step: 'idle' });
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);

  const start = (purpose: Purpose) => {
    const attempt = props.session.begin(purpose);
    setState({ step: 'waiting', purpose, opened: attempt.opened });
    attempt.done.catch((error: unknown) => {
      if (error instanceof SignInError)
        setState({ step: 'failed', failure: error.failure, purpose });
    });
  };

  const redeem = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      await props.session.redeemCode(code);
    } catch (error) {
      const failure = error instanceof SignInError ? error.failure : 'code-not-accepted';
      setState({ step: 'failed', failure, purpose: 'signin' });
    } finally {
      setBusy(false);
    }
  };

  const failed = state.step === 'failed' ? state : undefined;
  return (
    <section class="card sign-in" aria-labelledby="sign-in-title">
      <h1 id="sign-in-title" class="title">
        {t(props.expired ? 'signIn.expiredTitle' : 'signIn.title')}
      </h1>
      {state.step !== 'waiting' && <p class="muted">{t(props.why ?? 'signIn.why')}</p>}
      {failed && (
        <p class="notice error" role="alert">
          {t(FAILURE_TEXT[failed.failure])}
        </p>
      )}
      {state.step === 'waiting' ? (
        <>
          <p role="status">{t('signIn.waiting')}</p>
          {!state.opened && <p class="muted">{t('signIn.maybeBlocked')}</p>}
          <form class="code-form" onSubmit={redeem}>
            <label for="signin-code-input">{t('signIn.codeLabel')}</label>
            <div class="row">
              <input
                id="signin-code-input"
                value={code}
                autocomplete="one-time-code"
                spellcheck={false}
                placeholder="ABCD-EFGH"
                onInput={(e) => setCode((e.target as HTMLInputElement).value)}
              />
              <button type="submit" class="btn" disabled={busy || code.trim() === ''}>
                {t('signIn.useCode')}
              </button>
            </div>
          </form>
          <p>
            <button type="button" class="link" onClick={() => start(state.purpose)}>
              {t('signIn.openAgain')}
            </button>
          </p>
        </>
      ) : (
        <div class="actions">
          <button type="button" class="btn primary" onClick={() => start('signin')}>
            {t('signIn.button')}
          </button>
          {failed?.failure === 'not-connected' && (
            <button type="button" class="btn" onClick={() => start('connect')}>
              {t('signIn.connectButton')}
            </button>
          )}
        </div>
      )}
    </section>
  );
}
