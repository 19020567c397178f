import type { ZohoModuleAvailability } from '../../zoho/module-availability.js';
import { type Request, type Response, Router } from 'express';
import type { Repositories } from '../../db/repositories/index.js';
import type { ZohoCrmClient } from '../../zoho/client.js';
import { ensureExtensionFields } from '../../zoho/extension-fields.js';
import {
  FlowError,
  type FlowFailure,
  type FlowPurpose,
  type ZohoAuthFlows,
} from '../../zoho/auth-flows.js';
import { HttpProblem } from '../problem.js';
import { sessionOf, type RequireSession } from '../auth/require-session.js';
import type { SessionTokens } from '../auth/session-token.js';
import type { SigninCodes } from '../auth/signin-codes.js';
import { isAllowedWidgetOrigin } from '../auth/widget-origins.js';
import { sendCallbackPage } from './callback-page.js';

/**
 * Connect (admin, offline access), sign-in start (any user, online access), the shared OAuth
 * callback, disconnect, and the connection's status. The browser that starts a flow gets a
 * short-lived HttpOnly cookie; the callback only completes in that browser.
 */

export interface ZohoOAuthRouteDeps {
  /** Undefined when ZOHO_CLIENT_ID/SECRET are not configured. */
  flows?: ZohoAuthFlows;
  client?: ZohoCrmClient;
  sessions: SessionTokens;
  codes: SigninCodes;
  requireSession: RequireSession;
  repos: Pick<Repositories, 'zohoConnections'>;
  /** Forgets a tenant's cached module list once the admin may have changed the org. */
  availability?: Pick<ZohoModuleAvailability, 'forget'>;
  widgetOrigins: string[];
  secureCookies: boolean;
}

const COOKIE = 'zs_oauth';
const COOKIE_PATH = '/oauth/zoho';

const FAILURE_TEXT: Record<FlowFailure, [number, string]> = {
  'state-invalid': [
    400,
    'This sign-in link has expired or was opened in another browser. Start again from the extension.',
  ],
  denied: [403, 'Access was not granted in Zoho.'],
  'accounts-server-not-allowed': [
    400,
    'Zoho sent this sign-in back from an unknown accounts server.',
  ],
  'code-rejected': [400, 'Zoho did not accept the sign-in. Start again from the extension.'],
  'not-admin': [403, 'Only a Zoho CRM administrator can connect the organisation.'],
  'not-connected': [409, 'An administrator has not connected this Zoho CRM organisation yet.'],
  'tenant-suspended': [403, 'This organisation is suspended.'],
  'zoho-unavailable': [502, 'Zoho could not be reached. Try again in a minute.'],
};

function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return undefined;
}

const q = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

export function zohoOAuthRoutes(deps: ZohoOAuthRouteDeps): Router {
  const router = Router();
  const cookieFlags = `Path=${COOKIE_PATH}; HttpOnly; SameSite=Lax${deps.secureCookies ? '; Secure' : ''}`;

  const flows = (): ZohoAuthFlows => {
    if (!deps.flows) {
      throw new HttpProblem(
        503,
        'Zoho not configured',
        'Set ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET to connect Zoho CRM.',
      );
    }
    return deps.flows;
  };

  const start = (purpose: FlowPurpose) => async (req: Request, res: Response) => {
    const origin = q(req.query.origin);
    if (origin && !isAllowedWidgetOrigin(origin, deps.widgetOrigins)) {
      throw new HttpProblem(
        400,
        'Origin not allowed',
        'The origin parameter is not a Zoho widget origin.',
      );
    }
    const { redirectUrl, binding } = await flows().start(purpose, origin);
    res.setHeader(
      'Set-Cookie',
      `${COOKIE}=${encodeURIComponent(binding)}; ${cookieFlags}; Max-Age=600`,
    );
    res.setHeader('Cache-Control', 'no-store');
    // The popup must stay reachable from its opener (the widget) through the whole flow.
    res.setHeader('Cross-Origin-Opener-Policy', 'unsafe-none');
    res.redirect(302, redirectUrl);
  };

  router.get('/oauth/zoho/connect', start('connect'));
  router.get('/auth/zoho/start', start('signin'));

  router.get('/oauth/zoho/callback', async (req, res) => {
    res.setHeader('Set-Cookie', `${COOKIE}=; ${cookieFlags}; Max-Age=0`);
    try {
      const done = await flows().complete({
        state: q(req.query.state),
        binding: readCookie(req, COOKIE),
        code: q(req.query.code),
        error: q(req.query.error),
        accountsServer: q(req.query['accounts-server']),
        location: q(req.query.location),
      });
      const { token, claims } = deps.sessions.issue({
        tenantId: done.tenantId,
        userId: done.userId,
        orgId: done.orgId,
        role: done.role,
      });
      const problems = done.fields?.modules.reduce((n, m) => n + m.problems.length, 0);
      // Checked again here: WIDGET_ORIGINS may have changed since the flow started.
      const targetOrigin =
        done.returnOrigin && isAllowedWidgetOrigin(done.returnOrigin, deps.widgetOrigins)
          ? done.returnOrigin
          : undefined;
      const code = targetOrigin
        ? await deps.codes.issue({
            tenantId: done.tenantId,
            zohoUserId: done.userId,
            zohoOrgId: done.orgId,
            role: claims.role,
            returnOrigin: targetOrigin,
          })
        : undefined;
      sendCallbackPage(res, 200, {
        code,
        title: done.purpose === 'connect' ? 'Zoho CRM connected' : 'Signed in',
        text:
          done.purpose === 'connect'
            ? 'Sage 100 Sync is connected to this Zoho CRM organisation. You can close this window.'
            : 'You are signed in to Sage 100 Sync. You can close this window.',
        targetOrigin,
        message: {
          type: 'sage100-sync:signed-in',
          token,
          expiresAt: new Date(claims.exp * 1000).toISOString(),
          role: claims.role,
          purpose: done.purpose,
          ...(done.purpose === 'connect'
            ? {
                fieldsChecked: done.fields !== undefined,
                fieldsProblems: problems ?? 0,
                glModuleMissing: done.fields ? !done.fields.glAccounts.present : undefined,
              }
            : {}),
        },
      });
    } catch (err) {
      if (!(err instanceof FlowError)) throw err;
      const [status, text] = FAILURE_TEXT[err.failure];
      sendCallbackPage(res, status, {
        title: 'Not signed in',
        text,
        targetOrigin: err.returnOrigin,
        message: { type: 'sage100-sync:failed', error: err.failure },
      });
    }
  });

  router.post('/api/zoho/disconnect', deps.requireSession({ admin: true }), async (_req, res) => {
    await flows().disconnect(sessionOf(res).tid);
    res.status(204).end();
  });

  router.get('/api/zoho/connection', deps.requireSession(), async (_req, res) => {
    const { tid } = sessionOf(res);
    const c = await deps.repos.zohoConnections.get(tid);
    if (!c) {
      res.json({ connected: false });
      return;
    }
    res.json({
      connected: true,
      dataCentre: c.dataCentre,
      apiDomain: c.apiDomain,
      connectedAt: c.connectedAt,
      connectedByUserId: c.connectedByUserId ?? null,
      edition: c.edition ?? null,
      creditsUsed24h: deps.client ? await deps.client.creditsUsed(tid) : null,
    });
  });

  /** Re-checks (and adds) the extension's fields; says what the admin must create by hand. */
  router.post('/api/zoho/fields/check', deps.requireSession({ admin: true }), async (_req, res) => {
    if (!deps.client) flows();
    const { tid } = sessionOf(res);
    // The admin may just have created the GL module: the next check asks Zoho again.
    deps.availability?.forget(tid);
    res.json(await ensureExtensionFields(deps.client!.forTenant(tid)));
  });

  return router;
}
