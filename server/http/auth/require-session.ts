import type { RequestHandler, Response } from 'express';
import type { TenantRepository } from '../../db/repositories/tenants.js';
import { HttpProblem } from '../problem.js';
import { SessionTokenError, type SessionClaims, type SessionTokens } from './session-token.js';

/**
 * Guards API routes with the widget's session token (`Authorization: Bearer s1...`). The tenant,
 * user and org a handler may act for are the token's, read with `sessionOf(res)`; ids sent in
 * headers, query or body are never consulted for identity.
 */

export interface SessionGuardDeps {
  sessions: SessionTokens;
  tenants: Pick<TenantRepository, 'get'>;
}

export const sessionOf = (res: Response): SessionClaims => {
  const claims = res.locals.session as SessionClaims | undefined;
  if (!claims) throw new Error('sessionOf() used on a route without requireSession()');
  return claims;
};

const unauthorized = (detail: string) => new HttpProblem(401, 'Not signed in', detail);

export function sessionGuard(deps: SessionGuardDeps) {
  return function requireSession(options: { admin?: boolean } = {}): RequestHandler {
    return async (req, res, next) => {
      const header = req.get('authorization') ?? '';
      const match = /^Bearer\s+(\S+)$/i.exec(header);
      if (!match?.[1]) {
        res.setHeader('WWW-Authenticate', 'Bearer');
        throw unauthorized('Sign in with Zoho first: send the session token as a Bearer token.');
      }
      let claims: SessionClaims;
      try {
        claims = deps.sessions.verify(match[1]);
      } catch (err) {
        if (!(err instanceof SessionTokenError)) throw err;
        res.setHeader('WWW-Authenticate', `Bearer error="invalid_token"`);
        throw unauthorized(
          err.reason === 'expired'
            ? 'The session has expired: sign in again.'
            : 'The session token is not valid.',
        );
      }
      const tenant = await deps.tenants.get(claims.tid);
      // A tenant that was removed or whose org changed hands: the token no longer means anything.
      if (!tenant || tenant.zohoOrgId !== claims.oid)
        throw unauthorized('The session token is not valid.');
      if (tenant.status !== 'active') {
        throw new HttpProblem(403, 'Tenant suspended', 'This organisation is suspended.');
      }
      if (options.admin && claims.role !== 'admin') {
        throw new HttpProblem(403, 'Admin only', 'Only a Zoho CRM administrator can do this.');
      }
      res.locals.session = claims;
      next();
    };
  };
}

export type RequireSession = ReturnType<typeof sessionGuard>;
