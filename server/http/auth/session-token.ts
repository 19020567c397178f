import crypto from 'node:crypto';

/**
 * The widget's session token: `s1.<claims>.<HMAC-SHA256>`, base64url, short-lived. It carries
 * only what Zoho itself told the backend at sign-in (tenant, Zoho user, Zoho org, role), so nothing
 * the browser asserts can change who a request acts as.
 */

export type SessionRole = 'admin' | 'user';

export interface SessionClaims {
  /** Tenant id. */
  tid: string;
  /** Zoho user id. */
  uid: string;
  /** Zoho org id. */
  oid: string;
  role: SessionRole;
  /** Issued at / expires at, seconds since the epoch. */
  iat: number;
  exp: number;
}

export type SessionTokenFailure = 'malformed' | 'bad-signature' | 'expired';

export class SessionTokenError extends Error {
  constructor(readonly reason: SessionTokenFailure) {
    super(`session token rejected: ${reason}`);
    this.name = 'SessionTokenError';
  }
}

const VERSION = 's1';
/** Clocks of several backend processes may differ a little. */
const CLOCK_SKEW_SECONDS = 60;

/** Derives the signing key from the app's secret key, so no second secret is needed. */
export const deriveSessionKey = (secretKey: Buffer): Buffer =>
  Buffer.from(crypto.hkdfSync('sha256', secretKey, 'sage100-zoho-sync', 'session-token-v1', 32));

export class SessionTokens {
  constructor(
    private readonly key: Buffer,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
  ) {
    if (key.length < 32) throw new Error('a session key needs 32 bytes');
  }

  issue(input: {
    tenantId: string;
    userId: string;
    orgId: string;
    role: SessionRole;
    /** Epoch seconds the session must not outlive (a handed-off session keeps its end). */
    notAfter?: number;
  }): {
    token: string;
    claims: SessionClaims;
  } {
    const iat = Math.floor(this.now() / 1000);
    const claims: SessionClaims = {
      tid: input.tenantId,
      uid: input.userId,
      oid: input.orgId,
      role: input.role,
      iat,
      exp: Math.min(iat + this.ttlSeconds, input.notAfter ?? Infinity),
    };
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return { token: `${VERSION}.${payload}.${this.sign(payload)}`, claims };
  }

  verify(token: string): SessionClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== VERSION) throw new SessionTokenError('malformed');
    const [, payload = '', signature = ''] = parts;
    const expected = Buffer.from(this.sign(payload));
    const given = Buffer.from(signature);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      throw new SessionTokenError('bad-signature');
    }
    let claims: SessionClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as SessionClaims;
    } catch {
      throw new SessionTokenError('malformed');
    }
    if (
      typeof claims.tid !== 'string' ||
      typeof claims.uid !== 'string' ||
      typeof claims.oid !== 'string' ||
      (claims.role !== 'admin' && claims.role !== 'user') ||
      typeof claims.exp !== 'number' ||
      typeof claims.iat !== 'number'
    ) {
      throw new SessionTokenError('malformed');
    }
    const now = Math.floor(this.now() / 1000);
    // A token lives at most ttl from its issue: one signed with a longer life (an older setting,
    // a forged exp) dies when a token issued now would; one issued in the future is refused.
    if (claims.iat > now + CLOCK_SKEW_SECONDS) throw new SessionTokenError('malformed');
    if (Math.min(claims.exp, claims.iat + this.ttlSeconds) <= now) {
      throw new SessionTokenError('expired');
    }
    return claims;
  }

  private sign(payload: string): string {
    return crypto
      .createHmac('sha256', this.key)
      .update(`${VERSION}.${payload}`)
      .digest('base64url');
  }
}
