import { Router } from 'express';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { inputStatus } from '../api/validate.js';
import type { SigninCodes } from './signin-codes.js';
import { isAllowedWidgetOrigin } from './widget-origins.js';
import { sessionOf, type RequireSession } from './require-session.js';

const redeemBody = z.strictObject({
  code: z.string().min(1).max(40),
  /** The origin of the frame that passed this frame the code (ADR 0077), as the browser said. */
  offeredBy: z.string().max(300).optional(),
});
const handoffBody = z.strictObject({
  /** Another widget location on the same page that asked for the session (ADR 0077). */
  for: z.string().max(300).optional(),
});

/** `POST /auth/zoho/redeem {code}`: the widget trades a popup's one-time code for its session. */
export function signinCodeRoutes(deps: {
  codes: SigninCodes;
  widgetOrigins: string[];
  requireSession: RequireSession;
}): Router {
  const router = Router();

  /**
   * `POST /auth/session/handoff`: a signed-in widget frame about to be reloaded by CRM asks for
   * a one-time code it keeps in its own sessionStorage; after the reload it redeems it at
   * `/auth/zoho/redeem` (from the same origin only) instead of asking the user to sign in again.
   * With `{for}`, the code is for another widget location on the page that asked for the session
   * (a freshly opened "Sync to Sage" popup, ADR 0077): redeemable only at that origin, which must
   * be one of the widget's own.
   */
  router.post('/auth/session/handoff', deps.requireSession(), async (req, res) => {
    const origin = req.get('origin') ?? '';
    if (!isAllowedWidgetOrigin(origin, deps.widgetOrigins)) {
      throw new HttpProblem(
        403,
        'Origin not allowed',
        'Sessions are handed on inside the widget only.',
      );
    }
    const body = handoffBody.safeParse(req.body ?? {}, { reportInput: true });
    if (!body.success) {
      throw new HttpProblem(
        inputStatus(body.error.issues, 'body'),
        'Invalid request body',
        'for: a widget origin, or nothing',
      );
    }
    const target = body.data.for ?? origin;
    if (!isAllowedWidgetOrigin(target, deps.widgetOrigins)) {
      throw new HttpProblem(
        403,
        'Origin not allowed',
        'Sessions are handed on to the widget only: for must be a widget origin.',
      );
    }
    const handoff = await deps.codes.handoff(sessionOf(res), target);
    res.setHeader('Cache-Control', 'no-store');
    res.json(handoff);
  });

  router.post('/auth/zoho/redeem', async (req, res) => {
    const origin = req.get('origin') ?? '';
    if (!isAllowedWidgetOrigin(origin, deps.widgetOrigins)) {
      throw new HttpProblem(403, 'Origin not allowed', 'Codes are redeemed from the widget only.');
    }
    const body = redeemBody.safeParse(req.body, { reportInput: true });
    if (!body.success) {
      throw new HttpProblem(
        inputStatus(body.error.issues, 'body'),
        'Invalid request body',
        'code: the code the sign-in window shows',
      );
    }
    // A code another frame passed on counts only from one of the widget's own frames: a frame of
    // another vendor on the CRM page could otherwise sign this one in as somebody else.
    const { offeredBy } = body.data;
    if (offeredBy !== undefined && !isAllowedWidgetOrigin(offeredBy, deps.widgetOrigins)) {
      throw new HttpProblem(
        403,
        'Code not from the widget',
        'Only the widget’s own frames may pass on a session. Sign in instead.',
      );
    }
    const session = await deps.codes.redeem(body.data.code, origin);
    if (!session) {
      throw new HttpProblem(
        401,
        'Code not accepted',
        'This code is wrong, was already used or has expired. Sign in again to get a new one.',
      );
    }
    res.setHeader('Cache-Control', 'no-store');
    res.json({
      token: session.token,
      expiresAt: new Date(session.claims.exp * 1000).toISOString(),
      role: session.claims.role,
    });
  });
  return router;
}
