import crypto from 'node:crypto';

/**
 * Webhook signatures: `X-Sync-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`
 * with the tenant's webhook secret. The timestamp is signed too, so a receiver can refuse
 * replays of old deliveries.
 */
export const SIGNATURE_HEADER = 'x-sync-signature';

export function signBody(secret: string, body: string, at: Date): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

/**
 * What a receiver does: true when `header` signs `body` with `secret` and is no older than
 * `toleranceSeconds`. Compares in constant time.
 */
export function verifySignature(
  secret: string,
  body: string,
  header: string | undefined,
  now: Date = new Date(),
  toleranceSeconds = 300,
): boolean {
  const parts = Object.fromEntries(
    (header ?? '').split(',').map((p) => p.split('=', 2) as [string, string]),
  );
  const t = Number(parts.t);
  if (!Number.isInteger(t) || typeof parts.v1 !== 'string') return false;
  if (Math.abs(now.getTime() / 1000 - t) > toleranceSeconds) return false;
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest();
  const given = Buffer.from(parts.v1, 'hex');
  return given.length === expected.length && crypto.timingSafeEqual(given, expected);
}
