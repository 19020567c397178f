import { Router } from 'express';
import { AgentClient } from '../../sage/agent-client.js';
import { AgentError } from '../../sage/agent-errors.js';
import { AR_DIVISION_MESSAGE, isArDivisionNo } from '../../sage/ar-division.js';
import { testSageConnection } from '../../sage/test-connection.js';
import { sessionOf } from '../auth/require-session.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { emptyBody, sageConnectionBody } from './schemas.js';
import { requireStoredSecrets } from './stored-secrets.js';
import { parseInput } from './validate.js';

/**
 * The tenant's Sage 100 settings. The password and the agent token are write-only: answers only
 * say whether one is stored, and a PUT without them keeps the stored ones.
 */
export function connectionRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  const view = async (tenantId: string) => {
    const c = await repos.sageConnections.get(tenantId);
    if (!c) return { configured: false as const };
    return {
      configured: true as const,
      endpointUrl: c.endpointUrl,
      companyCode: c.companyCode,
      username: c.username,
      // A secret that cannot be opened counts as not set: the admin re-enters it.
      passwordSet: !c.unreadableSecrets.includes('sage_password'),
      timeZone: c.timeZone,
      lengthProfile: c.lengthProfile,
      agentUrl: c.agentUrl ?? null,
      agentTokenSet: !c.unreadableSecrets.includes('sage_agent_token') && Boolean(c.agentToken),
      // The tenant's own seat count, or null: SAGE_EBWS_SESSIONS applies.
      ebwsSessions: c.ebwsSessions ?? null,
      defaultDivision: c.defaultDivision,
      unreadableSecrets: c.unreadableSecrets,
      updatedAt: c.updatedAt,
    };
  };

  router.get('/connections/sage', requireSession({ admin: true }), async (_req, res) => {
    res.json(await view(sessionOf(res).tid));
  });

  router.put('/connections/sage', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const body = parseInput(sageConnectionBody, req.body, 'body');
    // Well-typed but not a division Sage has (like "1" or "AB"): Sage would refuse every create.
    if (body.defaultDivision !== undefined && !isArDivisionNo(body.defaultDivision)) {
      throw new HttpProblem(
        422,
        'Invalid AR division',
        `defaultDivision: ${AR_DIVISION_MESSAGE}, not "${body.defaultDivision}"`,
        { issues: [{ path: 'defaultDivision', message: AR_DIVISION_MESSAGE }] },
      );
    }
    const stored = await repos.sageConnections.get(tid);
    // A stored secret is opened only when the body does not replace it (issue 10 item 9).
    const password = body.password ?? stored?.password;
    if (!password) {
      // The body is the schema's shape; what is missing is owed by the state (no stored one).
      throw new HttpProblem(422, 'Invalid request body', 'password: required on first save', {
        issues: [{ path: 'password', message: 'required on first save' }],
      });
    }
    const agentUrl = body.agentUrl ?? stored?.agentUrl;
    await repos.sageConnections.save({
      tenantId: tid,
      endpointUrl: body.endpointUrl,
      companyCode: body.companyCode.toUpperCase(),
      username: body.username,
      password,
      timeZone: body.timeZone,
      lengthProfile: body.lengthProfile,
      agentUrl,
      agentToken: agentUrl ? (body.agentToken ?? stored?.agentToken) : undefined,
      // Left out, the stored count stays (a settings form that does not show it keeps it).
      ebwsSessions:
        body.ebwsSessions === undefined ? stored?.ebwsSessions : (body.ebwsSessions ?? undefined),
      // Left out, the stored division stays; a first save without one takes '01'.
      defaultDivision: body.defaultDivision ?? stored?.defaultDivision,
    });
    res.json(await view(tid));
  });

  router.post('/connections/sage/test', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    const c = await repos.sageConnections.get(tid);
    if (!c) {
      throw new HttpProblem(409, 'Sage not configured', 'Save the Sage 100 settings first.');
    }
    requireStoredSecrets(c);
    const ebws = await testSageConnection(c, {
      logger: deps.logger,
      timeoutMs: deps.sage.testTimeoutMs,
      ca: deps.sage.ca,
    });
    const agent = await agentCheck(c.agentUrl, c.agentToken, deps);
    res.json({
      ok: ebws.ok && agent.ok,
      steps: [
        {
          step: 'ebws',
          ok: ebws.ok,
          message: ebws.message,
          failedStep: ebws.failedStep ?? null,
          warnings: ebws.warnings,
        },
        { step: 'agent', ...agent },
      ],
    });
  });

  return router;
}

async function agentCheck(
  url: string | undefined,
  token: string | undefined,
  deps: ApiDeps,
): Promise<{ ok: boolean; message: string }> {
  if (!url || !token) {
    return {
      ok: false,
      message:
        'No agent is configured: products, vendors, invoices, GL accounts and change detection need the Sage 100 agent (agent URL and token).',
    };
  }
  let agent: AgentClient | undefined;
  try {
    agent = await AgentClient.create(
      { url, token, timeoutMs: deps.sage.agentTimeoutMs, ca: deps.sage.ca },
      deps.logger,
    );
    const health = await agent.health();
    return health.healthy
      ? { ok: true, message: `The agent ${health.agentVersion} answers and can read Sage 100.` }
      : {
          ok: false,
          message: `The agent answers but cannot read Sage 100: ${health.message || 'see the agent log'}.`,
        };
  } catch (err) {
    if (err instanceof AgentError)
      return { ok: false, message: `The agent did not answer: ${err.message}` };
    throw err;
  } finally {
    agent?.close();
  }
}
