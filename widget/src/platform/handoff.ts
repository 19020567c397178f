import type { SessionManager } from './session.js';

/**
 * Keeping the session across CRM's reload (Zoho's `Popup.closeReload` reloads the record page
 * and so every widget frame on it; each frame keeps its session in memory only). The frame that
 * is about to call closeReload tells every frame on the page (`sage100-sync:reloading`, no
 * secret in it); each signed-in widget frame asks the backend for a one-time code
 * (`POST /auth/session/handoff`: a minute, once, redeemable only from that frame's own origin,
 * for a session that ends when its own does) and keeps the code — never the token — in its own
 * sessionStorage. After the reload the frame redeems the code and is signed in again without a
 * click. Where storage is blocked, the frame simply asks for sign-in as before.
 */

const KEY = 'sage100-sync:handoff';
const RELOADING = 'sage100-sync:reloading';
const HEARD = 'sage100-sync:reloading-heard';
const READY = 'sage100-sync:reloading-ready';

/** How long the announcer waits for frames to say they heard, then for them to be ready. */
const HEAR_MS = 300;
const READY_MS = 3000;

function storage(win: Window): Storage | undefined {
  try {
    return win.sessionStorage;
  } catch {
    return undefined; // storage blocked for this frame
  }
}

/** Takes (and removes) a code left by this frame before a reload. */
export function takeHandoff(win: Window = window): string | undefined {
  const s = storage(win);
  const code = s?.getItem(KEY) ?? undefined;
  s?.removeItem(KEY);
  return code ?? undefined;
}

/** Every window in the page below `top`, depth first (cross-origin `frames` can be walked). */
/** A frame mints at most one code this often, whoever asks (a reload, another frame). */
export const MINT_EVERY_MS = 2000;

/**
 * A one-minute, single-use code for this session (ADR 0064), redeemable at `forOrigin` only
 * when given (ADR 0077), else at this frame's own origin; undefined when the backend refuses
 * or cannot be reached.
 */
export async function mintHandoffCode(
  backendUrl: string,
  token: string,
  forOrigin?: string,
): Promise<string | undefined> {
  try {
    const res = await fetch(`${backendUrl}/auth/session/handoff`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        ...(forOrigin ? { 'content-type': 'application/json' } : {}),
      },
      ...(forOrigin ? { body: JSON.stringify({ for: forOrigin }) } : {}),
      credentials: 'omit',
    });
    if (!res.ok) return undefined;
    const { code } = (await res.json()) as { code?: unknown };
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

export function allFrames(top: Window): Window[] {
  const out: Window[] = [];
  const walk = (w: Window) => {
    for (let i = 0; i < w.frames.length; i++) {
      const f = w.frames[i];
      if (!f) continue;
      out.push(f);
      walk(f);
    }
  };
  walk(top);
  return out;
}

export class ReloadHandoff {
  private lastMintAt = 0;

  constructor(
    private readonly backendUrl: string,
    private readonly session: SessionManager,
    private readonly win: Window = window,
  ) {
    win.addEventListener('message', (event) => void this.onMessage(event));
  }

  /** Stores a code for this frame's session; false when there is none or it failed. */
  async prepare(): Promise<boolean> {
    const token = this.session.token();
    const s = storage(this.win);
    if (!token || !s) return false;
    // Any frame may announce a reload; one code per few seconds is all a reload needs.
    if (Date.now() - this.lastMintAt < MINT_EVERY_MS) return true;
    this.lastMintAt = Date.now();
    const code = await mintHandoffCode(this.backendUrl, token);
    if (!code) return false;
    s.setItem(KEY, code);
    return true;
  }

  /**
   * Before closeReload: tells every frame on the page, waits (briefly) for the widget frames
   * that heard to have stored their code. Resolves in any case; the reload must not hang on it.
   */
  async announce(): Promise<void> {
    const id = Math.random().toString(36).slice(2);
    const heard = new Set<MessageEventSource>();
    const ready = new Set<MessageEventSource>();
    let settle: () => void = () => undefined;
    const allReady = new Promise<void>((resolve) => (settle = resolve));
    const onReply = (event: MessageEvent) => {
      const d = event.data as { type?: string; id?: string } | null;
      if (!d || d.id !== id || !event.source) return;
      if (d.type === HEARD) heard.add(event.source);
      if (d.type === READY) ready.add(event.source);
      if (heard.size > 0 && [...heard].every((w) => ready.has(w))) settle();
    };
    this.win.addEventListener('message', onReply);
    const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
    try {
      let top: Window;
      try {
        top = this.win.top ?? this.win;
      } catch {
        top = this.win;
      }
      for (const f of allFrames(top)) {
        if (f !== this.win) f.postMessage({ type: RELOADING, id }, '*');
      }
      await wait(HEAR_MS);
      if (heard.size > 0) await Promise.race([allReady, wait(READY_MS)]);
    } finally {
      this.win.removeEventListener('message', onReply);
    }
  }

  private async onMessage(event: MessageEvent): Promise<void> {
    const d = event.data as { type?: string; id?: unknown } | null;
    if (!d || d.type !== RELOADING || typeof d.id !== 'string' || !event.source) return;
    if (!this.session.current()) return;
    const reply = (type: string) =>
      (event.source as Window).postMessage({ type, id: d.id }, event.origin || '*');
    reply(HEARD);
    await this.prepare();
    reply(READY);
  }
}
