import crypto from 'node:crypto';
import type { SigninCodeRepository } from '../../db/repositories/signin-codes.js';
import type { SessionClaims, SessionRole, SessionTokens } from './session-token.js';

/**
 * The fallback for a sign-in popup that cannot post back to the widget (`window.opener` is null
 * when Zoho's iframe sandbox or a Cross-Origin-Opener-Policy cuts the link): the popup shows a
 * one-time code, the user types it into the widget, and the widget redeems it here for the same
 * session the message would have carried. Codes live five minutes, are redeemed once, only from
 * the widget origin the flow started at, and only their hash is stored.
 */

/** Crockford-style alphabet without look-alikes (no I, L, O, U, 0, 1). */
const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
const LENGTH = 8;
export const SIGNIN_CODE_TTL_MS = 5 * 60_000;
/** A reload takes a second or two; a handoff code left unused is worthless after this. */
export const HANDOFF_TTL_MS = 60_000;

const hash = (code: string) => crypto.createHash('sha256').update(code).digest('hex');

/** Upper-cases and drops spaces and dashes, so "abcd efgh" and "ABCD-EFGH" are the same code. */
export const normaliseCode = (input: string): string => input.toUpperCase().replace(/[\s-]/g, '');

export class SigninCodes {
  constructor(
    private readonly repo: SigninCodeRepository,
    private readonly sessions: SessionTokens,
    private readonly now: () => number = Date.now,
  ) {}

  /** A new code for this identity, formatted for reading aloud: `ABCD-EFGH`. */
  async issue(grant: {
    tenantId: string;
    zohoUserId: string;
    zohoOrgId: string;
    role: SessionRole;
    returnOrigin: string;
  }): Promise<string> {
    let code = '';
    for (const byte of crypto.randomBytes(LENGTH)) code += ALPHABET[byte % ALPHABET.length];
    await this.repo.purgeExpired(new Date(this.now()).toISOString());
    await this.repo.create(hash(code), {
      ...grant,
      expiresAt: new Date(this.now() + SIGNIN_CODE_TTL_MS).toISOString(),
    });
    return `${code.slice(0, 4)}-${code.slice(4)}`;
  }

  /**
   * A code that hands this session to the same widget frame after a reload (Zoho's
   * `closeReload` reloads every frame, and a frame keeps its session in memory only): redeemable
   * once, within a minute, only from `origin`, for a session that ends when this one does.
   */
  async handoff(
    claims: SessionClaims,
    origin: string,
  ): Promise<{ code: string; expiresAt: string }> {
    let code = '';
    for (const byte of crypto.randomBytes(LENGTH)) code += ALPHABET[byte % ALPHABET.length];
    const expiresAt = new Date(
      Math.min(this.now() + HANDOFF_TTL_MS, claims.exp * 1000),
    ).toISOString();
    await this.repo.purgeExpired(new Date(this.now()).toISOString());
    await this.repo.create(hash(code), {
      tenantId: claims.tid,
      zohoUserId: claims.uid,
      zohoOrgId: claims.oid,
      role: claims.role,
      returnOrigin: origin,
      expiresAt,
      sessionExpiresAt: new Date(claims.exp * 1000).toISOString(),
    });
    return { code, expiresAt };
  }

  /** The session for a code typed at `origin`, or undefined (unknown, used, expired, elsewhere). */
  async redeem(
    input: string,
    origin: string,
  ): Promise<{ token: string; claims: SessionClaims } | undefined> {
    const code = normaliseCode(input);
    if (code.length !== LENGTH) return undefined;
    const grant = await this.repo.consume(hash(code), new Date(this.now()).toISOString());
    if (!grant || grant.returnOrigin !== origin) return undefined;
    return this.sessions.issue({
      tenantId: grant.tenantId,
      userId: grant.zohoUserId,
      orgId: grant.zohoOrgId,
      role: grant.role,
      ...(grant.sessionExpiresAt
        ? { notAfter: Math.floor(Date.parse(grant.sessionExpiresAt) / 1000) }
        : {}),
    });
  }
}
