import { render, type ComponentChildren } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiClient } from '../platform/api.js';
import { backendUrl } from '../platform/backend.js';
import { t } from '../platform/i18n.js';
import { ReloadHandoff, takeHandoff } from '../platform/handoff.js';
import { PeerSessions } from '../platform/peer-session.js';
import { SessionManager, type Session } from '../platform/session.js';
import { TimeoutError } from '../platform/timeout.js';
import {
  connectToZoho,
  SdkUnavailableError,
  type CrmModule,
  type ZohoPage,
} from '../platform/zoho-sdk.js';
import { Notice } from './notice.js';
import { SignIn } from './sign-in.js';
import './styles.css';

/** What every location's screen gets once CRM answered and the user is signed in. */
export interface WidgetContext {
  page: ZohoPage;
  api: ApiClient;
  session: SessionManager;
  current: Session;
}

export interface LocationDefinition {
  /** Button and related-list locations need the record Zoho opened them on. */
  requiresRecord: boolean;
  /** The modules the location serves (all of CRM_MODULES when absent). */
  recordModules?: readonly CrmModule[];
  /** Resize the frame to the content (related list); popups have a fixed size. */
  autoResize: boolean;
  screen(ctx: WidgetContext): ComponentChildren;
}

type Boot =
  | { state: 'connecting' }
  | { state: 'ready'; page: ZohoPage }
  | { state: 'failed'; reason: 'no-sdk' | 'timeout' | 'no-record' | 'no-backend' };

function Shell(props: { location: LocationDefinition }) {
  const [boot, setBoot] = useState<Boot>({ state: 'connecting' });
  const services = useRef<
    | { session: SessionManager; api: ApiClient; handoff: ReloadHandoff; peers: PeerSessions }
    | undefined
  >(undefined);
  const [, setVersion] = useState(0);
  const [expired, setExpired] = useState(false);

  if (!services.current) {
    try {
      const base = backendUrl();
      const session = new SessionManager(base);
      const api = new ApiClient({
        baseUrl: base,
        token: () => session.token(),
        onUnauthorized: () => {
          setExpired(true);
          session.expire();
        },
      });
      services.current = {
        session,
        api,
        handoff: new ReloadHandoff(base, session),
        peers: new PeerSessions(base, session),
      };
    } catch {
      /* rendered below as no-backend */
    }
  }

  useEffect(() => {
    const s = services.current;
    if (!s) {
      setBoot({ state: 'failed', reason: 'no-backend' });
      return;
    }
    const off = s.session.subscribe(() => setVersion((v) => v + 1));
    // A code this frame left before CRM reloaded the page signs it in again (platform/handoff.ts).
    const code = takeHandoff();
    // Otherwise a signed-in widget frame on the page (the status panel beside a freshly opened
    // popup) may pass this one a session (platform/peer-session.ts), saving a sign-in.
    const resumed = code ? s.session.redeemCode(code).catch(() => undefined) : s.peers.ask();
    Promise.all([connectToZoho(), resumed])
      .then(([zohoPage]) => {
        // closeReload reloads every frame on the record page: hand the sessions on first.
        const page: ZohoPage = {
          ...zohoPage,
          closeReload: async () => {
            await s.handoff.announce();
            await zohoPage.closeReload();
          },
        };
        const served = props.location.recordModules;
        const record = page.record && (!served || served.includes(page.record.module));
        if (props.location.requiresRecord && !record) {
          setBoot({ state: 'failed', reason: 'no-record' });
        } else setBoot({ state: 'ready', page });
      })
      .catch((error: unknown) => {
        setBoot({
          state: 'failed',
          reason:
            error instanceof SdkUnavailableError
              ? 'no-sdk'
              : error instanceof TimeoutError
                ? 'timeout'
                : 'no-sdk',
        });
      });
    // A timer re-renders when the session reaches its renewal window or expires.
    const tick = setInterval(() => setVersion((v) => v + 1), 30_000);
    return () => {
      off();
      clearInterval(tick);
    };
  }, []);

  const page = boot.state === 'ready' ? boot.page : undefined;
  useEffect(() => {
    if (!page || !props.location.autoResize) return;
    const fit = () =>
      void page.resize(Math.ceil(document.body.scrollHeight) + 2).catch(() => undefined);
    const observer = new ResizeObserver(fit);
    observer.observe(document.body);
    fit();
    return () => observer.disconnect();
  }, [page]);

  if (boot.state === 'connecting') {
    return (
      <p class="muted loading" role="status">
        {t('shell.connecting')}
      </p>
    );
  }
  if (boot.state === 'failed') {
    const key = {
      'no-sdk': 'shell.noSdk',
      timeout: 'shell.timeout',
      'no-record': 'shell.noRecord',
      'no-backend': 'shell.noBackend',
    } as const;
    return <Notice tone="error">{t(key[boot.reason])}</Notice>;
  }
  const { session, api } = services.current!;
  const current = session.current();
  if (!current) {
    // The settings tab has no record: its prompt says what the tab is for.
    const why = props.location.requiresRecord ? 'signIn.why' : 'signIn.whySettings';
    return <SignIn session={session} expired={expired} why={why} />;
  }
  return (
    <>
      {session.needsRenewal() && (
        <div class="renew" role="status">
          <span>{t('shell.renewSoon')}</span>
          <button type="button" class="link" onClick={() => session.begin('signin')}>
            {t('shell.renewButton')}
          </button>
        </div>
      )}
      {props.location.screen({ page: boot.page, api, session, current })}
    </>
  );
}

/** Mounts a location's screen into `#app` inside the shell (SDK, sign-in, errors, resizing). */
export function mountLocation(location: LocationDefinition): void {
  const root = document.getElementById('app');
  if (root) render(<Shell location={location} />, root);
}
