import http from 'node:http';
import https from 'node:https';
import nodemailer from 'nodemailer';
import type { EmailMessage } from './message.js';
import { SIGNATURE_HEADER, signBody } from './signature.js';
import { guardedLookup, internalHostReason, type Lookup } from './webhook-address.js';

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

export interface WebhookOptions {
  timeoutMs: number;
  now: Date;
  /** Loopback, private and metadata addresses may be posted to (NOTIFY_ALLOW_PRIVATE_WEBHOOKS). */
  allowInternal: boolean;
  /** The resolver (tests give one that answers as a rebinding DNS server would). */
  lookup?: Lookup;
}

/** Posts a signed JSON body; 2xx is delivered, 4xx (but 408/429) will not get better. */
export async function postWebhook(
  url: string,
  secret: string,
  body: unknown,
  deliveryId: number,
  options: WebhookOptions,
): Promise<AttemptResult> {
  const text = JSON.stringify(body);
  if (!options.allowInternal) {
    const reason = internalHostReason(url);
    if (reason)
      return { ok: false, error: `the webhook may not be sent to ${reason}`, retryable: false };
  }
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      const req = send(
        target,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(text),
            'user-agent': 'sage100-zoho-sync',
            'x-sync-delivery': String(deliveryId),
            [SIGNATURE_HEADER]: signBody(secret, text, options.now),
          },
          // The address connected to is the one checked (no second resolution to rebind).
          lookup: options.allowInternal ? options.lookup : guardedLookup(options.lookup),
          signal: AbortSignal.timeout(options.timeoutMs),
        },
        (res) => {
          res.resume(); // redirects are not followed; the body is read and dropped
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(text);
    });
    if (status >= 200 && status < 300) return { ok: true, responseStatus: status };
    const retryable = status >= 500 || status === 408 || status === 429;
    return {
      ok: false,
      error: `the receiver answered HTTP ${status}`,
      retryable,
      responseStatus: status,
    };
  } catch (err) {
    const e = err as { code?: string; name?: string; message?: string };
    if (e.code === 'EINTERNALADDRESS') {
      return { ok: false, error: `the webhook may not be sent to ${e.message}`, retryable: false };
    }
    const why =
      e.name === 'AbortError' || e.name === 'TimeoutError'
        ? 'timed out'
        : (e.code ?? e.message ?? String(err));
    return { ok: false, error: `the receiver could not be reached: ${why}`, retryable: true };
  }
}
