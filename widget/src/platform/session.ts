import { ApiError } from './api.js';

/**
 * Sign-in per ADR 0031, from inside the widget. A click opens a popup on the backend
 * (`/auth/zoho/start` for users, `/oauth/zoho/connect` for the admin's first connect) with this
 * frame's origin; the popup posts the session back and closes. The token is kept in memory only
 * (a third-party iframe gets no cookies or storage it can count on), renewed by a click before it
 * expires, and forgotten on any 401. When the popup cannot reach its opener (an iframe sandbox or
 * COOP), it shows a one-time code the user types here instead.
 */

export type Role = 'admin' | 'user';
export type Purpose = 'signin' | 'connect';

export interface Session {
  token: string;
  /** Milliseconds since the epoch. */
  expiresAt: number;
  role: Role;
  /** After an admin's connect: what the backend found checking the extension's fields. */
  connect?: { fieldsChecked: boolean; fieldsProblems: number; glModuleMissing: boolean };
}

/** Why a sign-in did not complete; the popup's `sage100-sync:failed` reasons plus our own. */
export type SignInFailure =
  | 'state-invalid'
  | 'denied'
  | 'accounts-server-not-allowed'
  | 'code-rejected'
  | 'not-admin'
  | 'not-connected'
  | 'tenant-suspended'
  | 'zoho-unavailable'
  | 'code-not-accepted'
  | 'network';

export class SignInError extends Error {
  constructor(readonly failure: SignInFailure) {
    super(`sign-in failed: ${failure}`);
    this.name = 'SignInError';
  }
}

const FAILURES: ReadonlySet<string> = new Set<SignInFailure>([
  'state-invalid',
  'denied',
  'accounts-server-not-allowed',
  'code-rejected',
  'not-admin',
  'not-connected',
  'tenant-suspended',
  'zoho-unavailable',
]);

/** Renew this long before the token's expiry (a click is needed to open the popup). */
export const RENEW_BEFORE_MS = 5 * 60_000;

export interface SignInAttempt {
  purpose: Purpose;
  /**
   * False when `window.open` gave no window: a blocked popup, or one opened without an opener
   * (a COOP page around this frame). The two look the same, so the prompt offers the code.
   */
  opened: boolean;
  /** Settles with the session the popup (or a redeemed code) delivers. */
  done: Promise<Session>;
  cancel(): void;
}

function readSession(data: Record<string, unknown>): Session | undefined {
  const { token, expiresAt, role } = data;
  const at = typeof expiresAt === 'string' ? Date.parse(expiresAt) : NaN;
  if (typeof token !== 'string' || !token.startsWith('s1.') || Number.isNaN(at)) return undefined;
  if (role !== 'admin' && role !== 'user') return undefined;
  const session: Session = { token, expiresAt: at, role };
  if (data.purpose === 'connect') {
    session.connect = {
      fieldsChecked: data.fieldsChecked === true,
      fieldsProblems: typeof data.fieldsProblems === 'number' ? data.fieldsProblems : 0,
      glModuleMissing: data.glModuleMissing === true,
    };
  }
  return session;
}

export class SessionManager {
  private session: Session | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly backendOrigin: string;
  private pending: { resolve(s: Session): void; reject(e: unknown): void } | undefined;

  constructor(
    private readonly backendUrl: string,
    private readonly win: Window = window,
    private readonly now: () => number = Date.now,
  ) {
    this.backendOrigin = new URL(backendUrl).origin;
    win.addEventListener('message', (event) => this.onMessage(event));
  }

  /** The session if it is still valid. */
  current(): Session | undefined {
    return this.session && this.session.expiresAt > this.now() ? this.session : undefined;
  }

  token(): string | undefined {
    return this.current()?.token;
  }

  /** True in the last minutes of a session: the next click signs in again first. */
  needsRenewal(): boolean {
    const s = this.current();
    return !s || s.expiresAt - this.now() < RENEW_BEFORE_MS;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The backend refused the token (401): forget it, so the sign-in prompt comes back. */
  expire(): void {
    if (!this.session) return;
    this.session = undefined;
    this.emit();
  }

  /**
   * Opens the sign-in popup. Must run inside a click handler (browsers block popups otherwise);
   * the popup is opened before anything is awaited.
   */
  begin(purpose: Purpose): SignInAttempt {
    const path = purpose === 'connect' ? '/oauth/zoho/connect' : '/auth/zoho/start';
    const url = `${this.backendUrl}${path}?origin=${encodeURIComponent(this.win.location.origin)}`;
    const popup = this.win.open(url, '_blank', 'popup,width=520,height=640');
    this.pending?.reject(new SignInError('state-invalid'));
    const done = new Promise<Session>((resolve, reject) => {
      this.pending = { resolve, reject };
    });
    done.catch(() => undefined);
    return {
      purpose,
      opened: popup !== null,
      done,
      cancel: () => {
        this.pending = undefined;
      },
    };
  }

  /**
   * Trades a one-time code for the session: the one the sign-in popup showed, this frame's own
   * from before a reload, or one another widget frame on the page passed on (`offeredBy`, its
   * origin as the browser reported it; the backend accepts only the widget's own, ADR 0077).
   */
  async redeemCode(code: string, offeredBy?: string): Promise<Session> {
    let res: Response;
    try {
      res = await fetch(`${this.backendUrl}/auth/zoho/redeem`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(offeredBy ? { code, offeredBy } : { code }),
        credentials: 'omit',
      });
    } catch {
      throw new SignInError('network');
    }
    if (!res.ok) throw new SignInError('code-not-accepted');
    const session = readSession((await res.json()) as Record<string, unknown>);
    if (!session) throw new SignInError('code-not-accepted');
    this.accept(session);
    return session;
  }

  /** For tests and for the API client: a 401 from the backend ends the session. */
  handleApiError(error: unknown): void {
    if (error instanceof ApiError && error.kind === 'unauthorized') this.expire();
  }

  private onMessage(event: MessageEvent): void {
    // Only the backend's own popup page speaks for the session; any other window is ignored.
    if (event.origin !== this.backendOrigin) return;
    const data = event.data as Record<string, unknown> | null;
    if (!data || typeof data !== 'object') return;
    if (data.type === 'sage100-sync:signed-in') {
      const session = readSession(data);
      if (session) this.accept(session);
    } else if (data.type === 'sage100-sync:failed') {
      const failure =
        typeof data.error === 'string' && FAILURES.has(data.error) ? data.error : 'denied';
      this.pending?.reject(new SignInError(failure as SignInFailure));
      this.pending = undefined;
    }
  }

  private accept(session: Session): void {
    this.session = session;
    this.pending?.resolve(session);
    this.pending = undefined;
    this.emit();
  }

  private emit(): void {
    for (const listener of this.listeners) listener();
  }
}
