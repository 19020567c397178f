import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { SimStore } from './store.js';
import type { SimTokens } from './tokens.js';

/**
 * The simulated Zoho Accounts server: authorize, token (code and refresh grants), revoke. Errors
 * look like Zoho's: token-endpoint failures are HTTP 200 with `{"error":"invalid_code"}`, and the
 * 10-per-10-minutes limit is a 400 "Access Denied".
 */

export interface AccountsOptions {
  store: SimStore;
  tokens: SimTokens;
  /** The base URL of a data centre's servers (accounts and API share it in the simulator). */
  baseFor(dc: string): string;
  /** When true, /oauth/v2/auth shows a consent page; otherwise it consents at once. */
  consentScreen(): boolean;
  /** The user "signed in to Zoho" in the browser, for the no-screen mode. */
  browserUserId(): string | undefined;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const param = (value: unknown): string => (typeof value === 'string' ? value : '');

export function accountsRouter(opts: AccountsOptions): Router {
  const { store, tokens } = opts;
  const router = Router({ mergeParams: true });
  router.use(express.urlencoded({ extended: false }));
  // Zoho's token endpoint takes multipart/form-data too (the official SDKs post that).
  router.use(
    express.raw({ type: 'multipart/form-data', limit: '64kb' }),
    (req: Request, _res: Response, next: NextFunction) => {
      if (!Buffer.isBuffer(req.body)) return next();
      const form = new globalThis.Response(new Uint8Array(req.body), {
        headers: { 'content-type': req.get('content-type') ?? '' },
      });
      form
        .formData()
        .then((data) => {
          const fields: Record<string, string> = {};
          data.forEach((value, key) => {
            if (typeof value === 'string') fields[key] = value;
          });
          req.body = fields;
          next();
        })
        .catch(() => {
          req.body = {};
          next();
        });
    },
  );

  const dcOf = (res: Response) => param(res.locals.dc) || 'us';

  function authorizeRequest(req: Request, res: Response) {
    const q = { ...req.query, ...(req.method === 'POST' ? req.body : {}) } as Record<
      string,
      unknown
    >;
    const client = tokens.clients.get(param(q.client_id));
    if (!client) {
      res.status(400).type('html').send('<h1>Invalid Client</h1>');
      return undefined;
    }
    const redirectUri = param(q.redirect_uri);
    if (!client.redirectUris.includes(redirectUri)) {
      res.status(400).type('html').send('<h1>Invalid Redirect Uri</h1>');
      return undefined;
    }
    if (param(q.response_type) !== 'code' || !param(q.scope)) {
      res.status(400).type('html').send('<h1>Invalid Request</h1>');
      return undefined;
    }
    return {
      client,
      redirectUri,
      scope: param(q.scope),
      state: param(q.state),
      offline: param(q.access_type) === 'offline',
    };
  }

  function grant(
    res: Response,
    auth: NonNullable<ReturnType<typeof authorizeRequest>>,
    userId: string | undefined,
  ) {
    const found = userId ? store.findUser(userId) : undefined;
    if (!found) {
      res.status(400).type('html').send('<h1>No user is signed in to Zoho</h1>');
      return;
    }
    const { org } = found;
    const code = tokens.issueCode({
      clientId: auth.client.clientId,
      redirectUri: auth.redirectUri,
      orgId: org.id,
      userId: found.user.id,
      scope: auth.scope,
      offline: auth.offline,
      dc: org.dc,
    });
    const target = new URL(auth.redirectUri);
    target.searchParams.set('code', code);
    target.searchParams.set('location', org.dc);
    target.searchParams.set('accounts-server', opts.baseFor(org.dc));
    if (auth.state) target.searchParams.set('state', auth.state);
    res.redirect(302, target.toString());
  }

  router.get('/oauth/v2/auth', (req, res) => {
    const auth = authorizeRequest(req, res);
    if (!auth) return;
    if (!opts.consentScreen()) {
      grant(res, auth, opts.browserUserId());
      return;
    }
    const users = [...store.orgs.values()].flatMap((org) =>
      [...org.users.values()].map((u) => ({ org, u })),
    );
    const hidden = Object.entries(req.query)
      .map(
        ([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(param(v))}">`,
      )
      .join('');
    res.type('html').send(`<!doctype html><title>Zoho Accounts (simulator)</title>
<h1>Allow access?</h1><p>An application asks for: ${escapeHtml(auth.scope)}</p>
<form method="post" action="auth/consent">${hidden}
<label>Sign in as <select name="user_id">${users
      .map(
        ({ org, u }) =>
          `<option value="${u.id}"${u.id === opts.browserUserId() ? ' selected' : ''}>${escapeHtml(u.full_name)} (${escapeHtml(u.profile.name)}, ${escapeHtml(org.company_name)})</option>`,
      )
      .join('')}</select></label>
<button name="decision" value="accept">Accept</button><button name="decision" value="deny">Deny</button></form>`);
  });

  router.post('/oauth/v2/auth/consent', (req, res) => {
    const auth = authorizeRequest(req, res);
    if (!auth) return;
    if (param(req.body.decision) !== 'accept') {
      const target = new URL(auth.redirectUri);
      target.searchParams.set('error', 'access_denied');
      if (auth.state) target.searchParams.set('state', auth.state);
      res.redirect(302, target.toString());
      return;
    }
    grant(res, auth, param(req.body.user_id));
  });

  router.post('/oauth/v2/token', (req, res) => {
    const body = { ...req.query, ...req.body } as Record<string, unknown>;
    const client = tokens.clients.get(param(body.client_id));
    if (!client || client.clientSecret !== param(body.client_secret)) {
      res.json({ error: 'invalid_client' });
      return;
    }
    const dc = dcOf(res);
    const grantType = param(body.grant_type);
    if (grantType === 'authorization_code') {
      const code = tokens.takeCode(param(body.code));
      if (!code || code.clientId !== client.clientId || code.dc !== dc) {
        res.json({ error: 'invalid_code' });
        return;
      }
      if (code.redirectUri !== param(body.redirect_uri)) {
        res.json({ error: 'invalid_redirect_uri' });
        return;
      }
      const rt = code.offline
        ? tokens.mintRefreshToken({
            clientId: client.clientId,
            orgId: code.orgId,
            userId: code.userId,
            scope: code.scope,
            dc,
          })
        : undefined;
      const at = tokens.mintAccessToken({
        orgId: code.orgId,
        userId: code.userId,
        scope: code.scope,
        dc,
        refreshToken: rt?.token,
      });
      if (rt) rt.mintedAtMs.push(store.now());
      res.json({
        access_token: at.token,
        ...(rt ? { refresh_token: rt.token } : {}),
        scope: code.scope,
        api_domain: opts.baseFor(dc),
        token_type: 'Bearer',
        expires_in: tokens.accessTokenTtlSeconds,
      });
      return;
    }
    if (grantType === 'refresh_token') {
      const rt = tokens.refreshTokens.get(param(body.refresh_token));
      if (!rt || rt.revoked || rt.clientId !== client.clientId || rt.dc !== dc) {
        res.json({ error: 'invalid_code' });
        return;
      }
      if (!tokens.allowMint(rt)) {
        res.status(400).json({
          error_description:
            'You have made too many requests continuously. Please try again after some time.',
          error: 'Access Denied',
          status: 'failure',
        });
        return;
      }
      rt.mintedAtMs.push(store.now());
      tokens.refreshGrants++;
      tokens.refreshGrantsByOrg.set(rt.orgId, (tokens.refreshGrantsByOrg.get(rt.orgId) ?? 0) + 1);
      const at = tokens.mintAccessToken({
        orgId: rt.orgId,
        userId: rt.userId,
        scope: rt.scope,
        dc,
        refreshToken: rt.token,
      });
      res.json({
        access_token: at.token,
        scope: rt.scope,
        api_domain: opts.baseFor(dc),
        token_type: 'Bearer',
        expires_in: tokens.accessTokenTtlSeconds,
      });
      return;
    }
    res.json({ error: 'unsupported_grant_type' });
  });

  router.post('/oauth/v2/token/revoke', (req, res) => {
    const token = param(req.query.token) || param(req.body?.token);
    if (!tokens.revoke(token)) {
      res.status(400).json({ error: 'invalid_token' });
      return;
    }
    res.json({ status: 'success' });
  });

  return router;
}
