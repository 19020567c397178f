import crypto from 'node:crypto';
import type { SimStore } from './store.js';

/** OAuth clients, grant codes, refresh tokens and access tokens of the simulated accounts server. */

export interface SimClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

interface GrantCode {
  clientId: string;
  redirectUri: string;
  orgId: string;
  userId: string;
  scope: string;
  offline: boolean;
  dc: string;
  expiresMs: number;
}

export interface SimRefreshToken {
  token: string;
  clientId: string;
  orgId: string;
  userId: string;
  scope: string;
  dc: string;
  revoked: boolean;
  /** Access tokens minted from it: the 10-per-10-minutes limit counts these. */
  mintedAtMs: number[];
}

export interface SimAccessToken {
  token: string;
  orgId: string;
  userId: string;
  scope: string;
  dc: string;
  expiresMs: number;
  refreshToken?: string;
  revoked: boolean;
}

const random = (prefix: string) => `${prefix}.${crypto.randomBytes(16).toString('hex')}`;

export const ACCESS_TOKENS_PER_WINDOW = 10;
export const ACCESS_TOKEN_WINDOW_MS = 10 * 60_000;

export class SimTokens {
  readonly clients = new Map<string, SimClient>();
  readonly codes = new Map<string, GrantCode>();
  readonly refreshTokens = new Map<string, SimRefreshToken>();
  readonly accessTokens = new Map<string, SimAccessToken>();
  /** Refresh-token grants served, for tests that count refreshes. */
  refreshGrants = 0;
  /** The same, per org: how many access tokens each tenant's product asked for. */
  readonly refreshGrantsByOrg = new Map<string, number>();
  accessTokenTtlSeconds = 3600;

  constructor(private readonly store: SimStore) {}

  issueCode(input: Omit<GrantCode, 'expiresMs'>): string {
    const code = random('1000');
    // Zoho's grant codes live two minutes.
    this.codes.set(code, { ...input, expiresMs: this.store.now() + 120_000 });
    return code;
  }

  takeCode(code: string): GrantCode | undefined {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    if (!grant || grant.expiresMs < this.store.now()) return undefined;
    return grant;
  }

  mintRefreshToken(input: {
    clientId: string;
    orgId: string;
    userId: string;
    scope: string;
    dc: string;
  }): SimRefreshToken {
    const rt: SimRefreshToken = { ...input, token: random('1000'), revoked: false, mintedAtMs: [] };
    this.refreshTokens.set(rt.token, rt);
    return rt;
  }

  mintAccessToken(input: Omit<SimAccessToken, 'token' | 'expiresMs' | 'revoked'>): SimAccessToken {
    const at: SimAccessToken = {
      ...input,
      token: random('1000'),
      expiresMs: this.store.now() + this.accessTokenTtlSeconds * 1000,
      revoked: false,
    };
    this.accessTokens.set(at.token, at);
    return at;
  }

  /** False when the refresh token already minted 10 access tokens in the last 10 minutes. */
  allowMint(rt: SimRefreshToken): boolean {
    const from = this.store.now() - ACCESS_TOKEN_WINDOW_MS;
    rt.mintedAtMs = rt.mintedAtMs.filter((t) => t > from);
    return rt.mintedAtMs.length < ACCESS_TOKENS_PER_WINDOW;
  }

  validAccessToken(token: string): SimAccessToken | undefined {
    const at = this.accessTokens.get(token);
    if (!at || at.revoked || at.expiresMs <= this.store.now()) return undefined;
    return at;
  }

  revoke(token: string): boolean {
    const rt = this.refreshTokens.get(token);
    if (rt) {
      rt.revoked = true;
      for (const at of this.accessTokens.values()) if (at.refreshToken === token) at.revoked = true;
      return true;
    }
    const at = this.accessTokens.get(token);
    if (at) at.revoked = true;
    return Boolean(at);
  }

  /** Makes every access token (of one org, or all) expire now, as after an hour. */
  expireAccessTokens(orgId?: string): number {
    let n = 0;
    for (const at of this.accessTokens.values()) {
      if (!orgId || at.orgId === orgId) {
        at.expiresMs = this.store.now() - 1;
        n++;
      }
    }
    return n;
  }
}
