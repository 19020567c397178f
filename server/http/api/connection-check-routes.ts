import { Router } from 'express';
import { editionAvailability, editionLimits } from '../../zoho/module-availability.js';
import { editionInForce } from '../../zoho/limits.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { runChecks } from './sage-checks.js';
import { emptyBody } from './schemas.js';
import { requireStoredSecrets } from './stored-secrets.js';
import { parseInput } from './validate.js';

/** Whether the org's edition has Vendors (the connections view); the module list is in GET /modules. */
export function vendorsAvailability(edition: string | undefined): {
  available: boolean;
  reason?: string;
} {
  const a = editionAvailability('Vendors', edition);
  return a.available
    ? { available: true }
    : { available: false, reason: `${a.reason} ${a.action}` };
}

/**
 * The web address of a record page in the org's Zoho CRM, as a template (`{module}`, `{id}`):
 * Zoho's CRM lives beside its accounts server (accounts.zoho.eu → crm.zoho.eu). Servers outside
 * Zoho's list (a simulator) get none.
 */
export function recordUrlTemplate(accountsServer: string, orgId: string): string | null {
  const m = /^https:\/\/accounts\.(zoho(?:cloud)?\.[a-z.]+)\/?$/.exec(accountsServer.trim());
  if (!m || !/^\d+$/.test(orgId)) return null;
  return `https://crm.${m[1]}/crm/org${orgId}/tab/{module}/{id}`;
}

/** The connections screen: the Zoho org as connected, and Test Connection as a check list. */
export function connectionCheckRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;
  const admin = requireSession({ admin: true });

  router.get('/connections/zoho', admin, async (_req, res) => {
    const { tid } = sessionOf(res);
    const [tenant, c] = await Promise.all([repos.tenants.get(tid), repos.zohoConnections.get(tid)]);
    if (!c) {
      res.json({
        connected: false,
        orgId: tenant?.zohoOrgId ?? null,
        orgName: tenant?.name ?? null,
      });
      return;
    }
    let connectedBy: { id: string; name: string | null; email: string | null } | null = null;
    if (c.connectedByUserId) {
      connectedBy = { id: c.connectedByUserId, name: null, email: null };
      try {
        const user = await deps.zohoMetadata?.(tid).getUser(c.connectedByUserId);
        if (user) connectedBy = { id: user.id, name: user.full_name ?? null, email: user.email };
      } catch {
        // The id alone still says who; Zoho being slow must not hide the connection.
      }
    }
    const edition = editionInForce(c);
    const vendors = vendorsAvailability(edition);
    res.json({
      connected: true,
      orgId: tenant?.zohoOrgId ?? null,
      orgName: tenant?.name ?? null,
      dataCentre: c.dataCentre,
      apiDomain: c.apiDomain,
      edition: edition ?? null,
      trial: c.trialEndsAt
        ? { endsAt: c.trialEndsAt, editionAfter: c.editionAfterTrial ?? 'free' }
        : null,
      limits: editionLimits(edition),
      connectedAt: c.connectedAt,
      connectedBy,
      vendorsAvailable: vendors.available,
      vendorsReason: vendors.reason ?? null,
      recordUrlTemplate:
        deps.zohoRecordUrlTemplate ?? recordUrlTemplate(c.accountsServer, tenant?.zohoOrgId ?? ''),
    });
  });

  router.post('/connections/sage/checks', admin, async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const c = await repos.sageConnections.get(tid);
    if (!c) throw new HttpProblem(409, 'Sage not configured', 'Save the Sage 100 settings first.');
    requireStoredSecrets(c);
    res.json(
      await runChecks(c, {
        timeoutMs: deps.sage.testTimeoutMs,
        agentTimeoutMs: deps.sage.agentTimeoutMs,
        ca: deps.sage.ca,
        logger: deps.logger,
      }),
    );
  });

  return router;
}
