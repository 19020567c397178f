import crypto from 'node:crypto';
import type { Response } from 'express';

/**
 * The page the OAuth popup ends on. It hands its message to the widget that opened it, only at
 * the origin recorded when the flow started, and closes. Inline script is allowed by a nonce.
 */

export type PopupMessage =
  | {
      type: 'sage100-sync:signed-in';
      token: string;
      expiresAt: string;
      role: string;
      purpose: string;
      /** Connect only: false when the extension's fields could not be checked (rerun it). */
      fieldsChecked?: boolean;
      fieldsProblems?: number;
      glModuleMissing?: boolean;
    }
  | { type: 'sage100-sync:failed'; error: string };

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON that is safe inside a <script> element. */
const scriptJson = (v: unknown) =>
  JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028|\u2029/g, '');

export function sendCallbackPage(
  res: Response,
  status: number,
  input: {
    title: string;
    text: string;
    targetOrigin?: string;
    message?: PopupMessage;
    /** One-time code for a widget this page cannot post to (no `window.opener`). */
    code?: string;
  },
): void {
  const nonce = crypto.randomBytes(16).toString('base64');
  // Shown always: when the script below can post, the window closes before anyone reads it.
  const codeBlock = input.code
    ? `<p>If this window stays open, type this code into the Sage 100 Sync panel in Zoho CRM within five minutes:</p>` +
      `<p id="signin-code" style="font:600 1.6rem ui-monospace,monospace;letter-spacing:.12em">${escapeHtml(input.code)}</p>`
    : '';
  const script =
    input.targetOrigin && input.message
      ? `<script nonce="${nonce}">if (window.opener) { window.opener.postMessage(${scriptJson(input.message)}, ${scriptJson(input.targetOrigin)}); window.close(); }</script>`
      : '';
  res
    .status(status)
    .setHeader(
      'Content-Security-Policy',
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'unsafe-inline'`,
    )
    .setHeader('Cache-Control', 'no-store')
    .setHeader('Referrer-Policy', 'no-referrer')
    // helmet's default (same-origin) would cut the popup off from the widget that opened it.
    .setHeader('Cross-Origin-Opener-Policy', 'unsafe-none')
    .type('html')
    .send(
      `<!doctype html><html lang="en"><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>` +
        `<body style="font-family:system-ui,sans-serif;margin:2rem;color:#1f2937"><h1 style="font-size:1.3rem">${escapeHtml(input.title)}</h1><p>${escapeHtml(input.text)}</p>${codeBlock}${script}</body></html>`,
    );
}
