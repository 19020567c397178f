import nodemailer from 'nodemailer';
import type { EmailMessage } from './message.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';

/** One attempt's outcome: delivered, or the reason it was not (and whether to try again). */
export type AttemptResult =
  | { ok: true; responseStatus?: number }
  | { ok: false; error: string; retryable: boolean; responseStatus?: number };

export interface EmailSender {
  send(to: string[], message: EmailMessage): Promise<AttemptResult>;
}

/** Email through the configured SMTP server (`SMTP_URL`), with a plain-text and an HTML body. */
export function smtpSender(smtpUrl: string | undefined, from: string): EmailSender {
  if (!smtpUrl) {
    return {
      send: () =>
        Promise.resolve({
          ok: false,
          error: 'no mail server is configured (SMTP_URL)',
          retryable: false,
        }),
    };
  }
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(to, message) {
      try {
        await transport.sendMail({ from, to, ...message });
        return { ok: true };
      } catch (err) {
        const e = err as { message?: string; responseCode?: number };
        // 5xx from the server is a permanent refusal (bad address); anything else may pass later.
        const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
        return {
          ok: false,
          error: e.message ?? String(err),
          retryable: !permanent,
          responseStatus: e.responseCode,
        };
      }
    },
  };
}

/** Posts a signed JSON body; 2xx is delivered, 4xx (but 408/429) will not get better. */
export async function postWebhook(
  url: string,
  secret: string,
  body: unknown,
  deliveryId: number,
  options: { timeoutMs: number; now: Date },
): Promise<AttemptResult> {
  const text = JSON.stringify(body);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'sage100-zoho-sync',
        'x-sync-delivery': String(deliveryId),
        [SIGNATURE_HEADER]: signBody(secret, text, options.now),
      },
      body: text,
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    await res.arrayBuffer().catch(() => undefined);
    if (res.status >= 200 && res.status < 300) return { ok: true, responseStatus: res.status };
    const retryable = res.status >= 500 || res.status === 408 || res.status === 429;
    return {
      ok: false,
      error: `the receiver answered HTTP ${res.status}`,
      retryable,
      responseStatus: res.status,
    };
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    const why = cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
    return { ok: false, error: `the receiver could not be reached: ${why}`, retryable: true };
  }
}
