import { errorEnvelope } from './schemas.js';

/** Reading Zoho's answers: the body, its error code, how long it asks to wait, per-item results. */

/** Bodies that carry per-item results even when Zoho answers 400 (every item failed). */
const PER_ITEM_KEYS = ['data', 'fields', 'watch'];

/** Zoho's codes for "too many calls": concurrency, sub-concurrency and credits. */
export const RATE_LIMIT_CODES = new Set(['TOO_MANY_REQUESTS', 'RATE_LIMIT_EXCEEDED']);

/** The longest `retry_after` honoured; past it the call fails and the run retries later. */
const MAX_RETRY_AFTER_MS = 60_000;

export async function readBody(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 304) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

export const errorCode = (body: unknown): string | undefined => {
  const env = errorEnvelope.safeParse(body);
  return env.success ? env.data.code : undefined;
};

/** How long Zoho asked to wait: `details.retry_after` or a Retry-After header, in seconds. */
export function retryAfterMs(body: unknown, res: Response): number {
  const env = errorEnvelope.safeParse(body);
  const fromBody = env.success ? Number(env.data.details.retry_after) : Number.NaN;
  const fromHeader = Number(res.headers.get('retry-after'));
  const seconds = Number.isFinite(fromBody) && fromBody > 0 ? fromBody : fromHeader;
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds * 1000, MAX_RETRY_AFTER_MS) : 0;
}

export const hasPerItemResults = (body: unknown): boolean =>
  typeof body === 'object' &&
  body !== null &&
  PER_ITEM_KEYS.some((k) => Array.isArray((body as Record<string, unknown>)[k]));
