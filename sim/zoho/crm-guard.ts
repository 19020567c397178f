import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { answerNoSoonerThan } from '../shared/answer-floor.js';
import { zohoError, type SimFaults } from './faults.js';
import {
  moduleInEdition,
  type SimModuleState,
  type SimOrg,
  type SimStore,
  type SimUser,
} from './store.js';
import { requiredScope, scopeGranted } from './scopes.js';
import type { SimAccessToken, SimTokens } from './tokens.js';

/** What every CRM route gets from the guard. */
export interface CrmLocals {
  org: SimOrg;
  user: SimUser;
  token: SimAccessToken;
  /** The simulated clock when the call arrived (what the org's edition is decided at). */
  nowMs: number;
}

export const crmLocals = (res: Response): CrmLocals => res.locals.crm as CrmLocals;

/** The `:module` of the path in the caller's org, or a 400 INVALID_MODULE answer. */
export function moduleFromPath(req: Request, res: Response): SimModuleState | undefined {
  const name = String((req.params as Record<string, string>).module);
  const { org, nowMs } = crmLocals(res);
  const module = moduleInEdition(org, name, nowMs);
  if (!module) {
    res.status(400).json(
      zohoError('INVALID_MODULE', 'the given module is not supported in api', {
        resource_path_index: 0,
      }),
    );
  }
  return module;
}

/** Credits a call costs: COQL by its LIMIT, everything else one. */
export function creditCost(req: Request): number {
  if (req.path.endsWith('/coql')) {
    const q = String((req.body as { select_query?: unknown })?.select_query ?? '');
    const m = /limit\s+(\d+)(?:\s*,\s*(\d+))?/i.exec(q);
    const limit = m ? Number(m[2] ?? m[1]) : 200;
    return limit <= 200 ? 1 : limit <= 1000 ? 2 : 3;
  }
  return 1;
}

/**
 * In front of every CRM endpoint, in Zoho's order: injected faults, the OAuth token (and that it
 * belongs to this data centre's domain), the per-org concurrency limit, then the credit limit.
 */
export function crmGuard(store: SimStore, tokens: SimTokens, faults: SimFaults): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const arrived = performance.now();
    const { delayMs, latencyMs, fault } = faults.take(req.originalUrl);
    if (fault?.kind === 'status') {
      const body =
        fault.status === 429
          ? zohoError(
              fault.code ?? 'TOO_MANY_REQUESTS',
              'Rate limit exceeded. Please retry after the specified time.',
              fault.retryAfterSeconds !== undefined ? { retry_after: fault.retryAfterSeconds } : {},
            )
          : zohoError('INTERNAL_ERROR', 'Internal Server Error');
      res.status(fault.status).json(body);
      return;
    }
    const header = req.get('authorization') ?? '';
    const match = /^Zoho-oauthtoken (\S+)$/.exec(header);
    const token = match?.[1] ? tokens.validAccessToken(match[1]) : undefined;
    const dc = (res.locals.dc as string | undefined) ?? 'us';
    if (fault?.kind === 'invalid-token' || !token || token.dc !== dc) {
      res.status(401).json(zohoError('INVALID_TOKEN', 'invalid oauth token'));
      return;
    }
    const org = store.orgs.get(token.orgId);
    const user = org?.users.get(token.userId);
    if (!org || !user || user.status !== 'active') {
      res.status(401).json(zohoError('AUTHENTICATION_FAILURE', 'Authentication failed'));
      return;
    }
    const needed = requiredScope(req);
    // Zoho answers a missing scope with 401 and no details (published examples).
    if (!scopeGranted(token.scope.split(','), needed)) {
      res.status(401).json(zohoError('OAUTH_SCOPE_MISMATCH', 'Unauthorized'));
      return;
    }
    if (org.inFlight >= org.concurrencyLimit) {
      res.status(429).json(
        zohoError('TOO_MANY_REQUESTS', 'concurrency limit exceeded', {
          limit: org.concurrencyLimit,
        }),
      );
      return;
    }
    const cost = creditCost(req);
    const used = store.creditsUsed(org);
    if (used + cost > org.creditLimit) {
      res
        .status(429)
        .json(zohoError('TOO_MANY_REQUESTS', 'API credits exhausted for the 24 hours'));
      return;
    }
    org.credits.push({ atMs: store.now(), credits: cost });
    if (used + cost >= org.creditLimit / 2) {
      res.setHeader('X-API-CREDITS-REMAINING', String(org.creditLimit - used - cost));
    }
    org.inFlight++;
    org.maxInFlightSeen = Math.max(org.maxInFlightSeen, org.inFlight);
    let released = false;
    const release = () => {
      if (!released) {
        released = true;
        org.inFlight--;
      }
    };
    res.on('finish', release);
    res.on('close', release);
    res.locals.crm = { org, user, token, nowMs: store.now() } satisfies CrmLocals;
    // A slow call is slow while it holds one of the org's concurrency slots: an injected delay
    // before it runs, the steady latency as the floor of its answer time (Zoho's ~150 ms holds
    // its own work, ADR 0075), the org's workMs counting what the work itself took.
    if (delayMs > 0) await new Promise((r) => setTimeout(r, delayMs));
    const started = performance.now();
    answerNoSoonerThan(res, arrived + delayMs + latencyMs, {
      arrived: started,
      onWorkDone: (ms) => (org.workMs += ms),
    });
    next();
  };
}
