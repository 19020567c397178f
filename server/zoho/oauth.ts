import diagnostics from 'node:diagnostics_channel';
import {
  ZohoAuthError,
  ZohoResponseError,
  ZohoTokenLimitError,
  ZohoUnavailableError,
} from './errors.js';
import { tokenResponse } from './schemas.js';

/** Refresh-grant refusals that only a new connection mends. */
const DEAD_GRANT = new Set(['invalid_code', 'invalid_grant']);

/**
 * Each token request Zoho refused, as `{reason}` (its error code): Zoho answers HTTP 200, so the
 * metrics' view of HTTP calls counts them as fine; /metrics counts these instead.
 */
export const TOKEN_REFUSED_CHANNEL = diagnostics.channel('sage100-sync:zoho-token-refused');

/** Zoho's window for the 10-access-tokens-per-refresh-token limit. */
const TOKEN_WINDOW_MS = 10 * 60_000;

/** The Zoho Accounts side of OAuth: the authorize URL, code exchange, refresh and revoke. */

export interface ZohoOAuthConfig {
  clientId: string;
  clientSecret: string;
  /** The default accounts server (https://accounts.zoho.com); Zoho redirects to the user's own. */
  accountsUrl: string;
  redirectUrl: string;
  scopes: string[];
}

export interface TokenGrant {
  accessToken: string;
  refreshToken?: string;
  apiDomain: string;
  expiresInSeconds: number;
  scope?: string;
}

export class ZohoOAuthClient {
  constructor(
    private readonly config: ZohoOAuthConfig,
    private readonly fetchImpl: typeof fetch = fetch,
  ) {}

  get defaultAccountsServer(): string {
    return this.config.accountsUrl.replace(/\/+$/, '');
  }

  /** `offline` for the admin's connect (a refresh token), `online` for a user's sign-in. */
  authorizeUrl(input: {
    state: string;
    accessType: 'offline' | 'online';
    scopes?: string[];
  }): string {
    const url = new URL('oauth/v2/auth', withSlash(this.config.accountsUrl));
    url.searchParams.set('scope', (input.scopes ?? this.config.scopes).join(','));
    url.searchParams.set('client_id', this.config.clientId);
    url.searchParams.set('response_type', 'code');
    url.searchParams.set('access_type', input.accessType);
    url.searchParams.set('redirect_uri', this.config.redirectUrl);
    url.searchParams.set('state', input.state);
    // Without prompt=consent Zoho issues no new refresh token to a returning admin.
    if (input.accessType === 'offline') url.searchParams.set('prompt', 'consent');
    return url.toString();
  }

  exchangeCode(accountsServer: string, code: string): Promise<TokenGrant> {
    return this.tokenCall(accountsServer, {
      grant_type: 'authorization_code',
      client_id: this.config.clientId,
      client_secret: this.config.clientSecret,
      redirect_uri: this.config.redirectUrl,
      code,
    });
  }

  async refresh(accountsServer: string, refreshToken: string): Promise<TokenGrant> {
    try {
      return await this.tokenCall(accountsServer, {
        grant_type: 'refresh_token',
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret,
        refresh_token: refreshToken,
      });
    } catch (err) {
      // Zoho's word for a refresh token it no longer honours (revoked by the org's admin, or
      // dropped past Zoho's per-user token limit) is a bare code; every run's reason showed it.
      if (err instanceof ZohoAuthError && DEAD_GRANT.has(err.reason)) {
        throw new ZohoAuthError(
          err.reason,
          undefined,
          `Zoho no longer accepts this organisation's connection (${err.reason}): its grant was revoked or has expired. An administrator reconnects Zoho CRM in the settings tab (Connect as administrator).`,
        );
      }
      throw err;
    }
  }

  /** Revokes a refresh token (and the access tokens minted from it). */
  async revoke(accountsServer: string, refreshToken: string): Promise<void> {
    const url = new URL('oauth/v2/token/revoke', withSlash(accountsServer));
    url.searchParams.set('token', refreshToken);
    const res = await this.post(url, new URLSearchParams());
    if (!res.ok) throw new ZohoAuthError('revoke_failed', `HTTP ${res.status}`);
  }

  private async tokenCall(
    accountsServer: string,
    form: Record<string, string>,
  ): Promise<TokenGrant> {
    const url = new URL('oauth/v2/token', withSlash(accountsServer));
    // Zoho asks for the secrets in the body, form-encoded, not in the query string.
    const res = await this.post(url, new URLSearchParams(form));
    if (res.status >= 500) throw new ZohoUnavailableError(res.status, 'accounts server');
    let json: unknown;
    try {
      json = await res.json();
    } catch {
      throw new ZohoResponseError('oauth/v2/token', `HTTP ${res.status}, not JSON`);
    }
    const parsed = tokenResponse.safeParse(json);
    if (!parsed.success) throw new ZohoResponseError('oauth/v2/token', parsed.error.message);
    const body = parsed.data;
    if ('error' in body) {
      TOKEN_REFUSED_CHANNEL.publish({ reason: body.error });
      // Past 10 access tokens per refresh token in 10 minutes, Zoho blocks the rest of the window.
      if (
        body.error === 'Access Denied' &&
        /too many requests/i.test(body.error_description ?? '')
      ) {
        throw new ZohoTokenLimitError(TOKEN_WINDOW_MS);
      }
      // Zoho answers most refusals with HTTP 200 and an "error" member.
      throw new ZohoAuthError(body.error, body.error_description);
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      apiDomain: body.api_domain.replace(/\/+$/, ''),
      expiresInSeconds: body.expires_in,
      scope: body.scope,
    };
  }

  private async post(url: URL, body: URLSearchParams): Promise<Response> {
    try {
      return await this.fetchImpl(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      throw new ZohoUnavailableError(undefined, (err as Error).message);
    }
  }
}

/** The accounts server may carry a path (a simulator's data centre): keep it when joining. */
const withSlash = (base: string) => (base.endsWith('/') ? base : `${base}/`);
