import { allFrames, MINT_EVERY_MS, mintHandoffCode } from './handoff.js';
import type { SessionManager } from './session.js';

/**
 * A freshly opened widget frame (the "Sync to Sage" popup) signed in by another widget frame on
 * the same CRM page that already is (the status panel), instead of a second sign-in round trip
 * (ADR 0077). The new frame asks every frame on the page (`sage100-sync:session-wanted`, no
 * secret). A signed-in widget frame asks the backend for a one-time code redeemable only at the
 * asker's origin (`POST /auth/session/handoff {for}`, refused unless that origin is one of the
 * widget's), and posts the code to that origin only. The asker redeems it saying which frame
 * passed it (`offeredBy`), and the backend refuses codes passed on by any frame not the widget's,
 * so another vendor's frame on the page can neither get a session nor plant one. The token never
 * leaves memory; what travels is a code worth one minute and one redemption at one origin.
 */

const WANTED = 'sage100-sync:session-wanted';
const HEARD = 'sage100-sync:session-heard';
const OFFER = 'sage100-sync:session-offer';

/** How long the asker waits for a signed-in frame to answer at all, then for its code. */
const HEAR_MS = 300;
const OFFER_MS = 3000;

export class PeerSessions {
  private lastMintAt = 0;

  constructor(
    private readonly backendUrl: string,
    private readonly session: SessionManager,
    private readonly win: Window = window,
  ) {
    win.addEventListener('message', (event) => void this.onMessage(event));
  }

  /**
   * Asks the page's other frames for a session; true once one was redeemed. Resolves false
   * (the sign-in prompt then) when no signed-in frame answers in time or its code is refused.
   */
  async ask(): Promise<boolean> {
    const id = Math.random().toString(36).slice(2);
    let heard = false;
    let settle: (code: { code: string; from: string } | undefined) => void = () => undefined;
    const offered = new Promise<{ code: string; from: string } | undefined>((r) => (settle = r));
    const onReply = (event: MessageEvent) => {
      const d = event.data as { type?: string; id?: string; code?: unknown } | null;
      if (!d || d.id !== id) return;
      if (d.type === HEARD) heard = true;
      if (d.type === OFFER && typeof d.code === 'string')
        settle({ code: d.code, from: event.origin });
    };
    this.win.addEventListener('message', onReply);
    const wait = (ms: number) => new Promise<undefined>((r) => setTimeout(() => r(undefined), ms));
    try {
      let top: Window;
      try {
        top = this.win.top ?? this.win;
      } catch {
        top = this.win;
      }
      for (const f of allFrames(top)) {
        if (f !== this.win) f.postMessage({ type: WANTED, id }, '*');
      }
      const early = await Promise.race([offered, wait(HEAR_MS)]);
      const offer = early ?? (heard ? await Promise.race([offered, wait(OFFER_MS)]) : undefined);
      if (!offer) return false;
      await this.session.redeemCode(offer.code, offer.from);
      return true;
    } catch {
      return false;
    } finally {
      this.win.removeEventListener('message', onReply);
    }
  }

  private async onMessage(event: MessageEvent): Promise<void> {
    const d = event.data as { type?: string; id?: unknown } | null;
    if (!d || d.type !== WANTED || typeof d.id !== 'string' || !event.source) return;
    const token = this.session.token();
    // An opaque origin ("null") cannot be one of the widget's; nothing to mint for it.
    if (!token || !event.origin || event.origin === 'null') return;
    if (Date.now() - this.lastMintAt < MINT_EVERY_MS) return;
    this.lastMintAt = Date.now();
    const source = event.source as Window;
    // Only that origin can read what is posted to it; the backend mints for widget origins only.
    source.postMessage({ type: HEARD, id: d.id }, event.origin);
    // Without a code the asker signs in as before.
    const code = await mintHandoffCode(this.backendUrl, token, event.origin);
    if (code) source.postMessage({ type: OFFER, id: d.id, code }, event.origin);
  }
}
