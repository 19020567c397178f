import express, { Router } from 'express';
import { z } from 'zod';
import type { Repositories } from '../db/repositories/index.js';
import { HttpProblem } from '../http/problem.js';
import type { Logger } from '../logging.js';
import type { SyncEngine } from '../sync/engine.js';
import { settingsOrDefault } from '../sync/modules.js';
import { MODULES } from '../sync/vocabulary.js';
import { esc, page, proposalsHtml, reportHtml, syncForm, table } from './sandbox-html.js';

export interface SandboxInfo {
  tenantId: string;
  zohoOrgId: string;
  zohoSimulatorUrl: string;
  sageWsdlUrl: string;
  sageAgentUrl: string;
  sageCompany: string;
}

export interface SandboxEngines {
  /** An engine for the sandbox tenant, wired like the jobs' (closed after each use). */
  open(): Promise<{ engine: SyncEngine; close(): void }>;
}

const syncForm$ = z.object({
  module: z.enum(MODULES),
  direction: z.enum(['both', 'sage_to_zoho', 'zoho_to_sage']).default('both'),
  dryRun: z.literal('1').optional(),
});

/**
 * The sandbox page (GET /sandbox): what runs, Zoho connection status, a form that runs a sync of
 * one module in this process, and the initial-match proposals to review. It exists only in the
 * local sandbox (development, no Zoho client configured), which listens on loopback.
 */
export function sandboxRouter(
  info: SandboxInfo,
  repos: Repositories,
  engines: SandboxEngines,
  logger: Logger,
): Router {
  const router = Router();
  router.use('/sandbox', express.urlencoded({ extended: false, limit: '4kb' }));

  const render = async (result = ''): Promise<string> => {
    const zoho = await repos.zohoConnections.get(info.tenantId);
    const proposals = (
      await Promise.all(MODULES.map((m) => repos.matchProposals.list(info.tenantId, m, 'open')))
    ).flat();
    const status = table([
      ['Tenant', info.tenantId],
      ['Zoho CRM (simulated)', `${info.zohoSimulatorUrl} — org ${info.zohoOrgId}`],
      ['Zoho connection', zoho ? `connected ${zoho.connectedAt}` : 'not connected yet'],
      ['Sage 100 eBWS (simulated)', info.sageWsdlUrl],
      ['Sage 100 agent (simulated)', info.sageAgentUrl],
      ['Sage company', info.sageCompany],
    ]);
    const next = zoho
      ? `<p>Zoho is connected.</p>${syncForm()}`
      : `<p>Connect Zoho first: <a href="/oauth/zoho/connect">/oauth/zoho/connect</a> (pick "Sandbox Admin" on the consent page).</p>`;
    return page(
      'Sage 100 Sync sandbox',
      `<h1>Sage 100 Sync for Zoho CRM — local sandbox</h1>` +
        `<p>No Zoho client is configured, so the backend runs against simulated Zoho CRM and Sage 100 on this machine.</p>` +
        status +
        `<h2>Sync</h2>${next}${result}${proposalsHtml(proposals)}`,
    );
  };

  router.get(['/', '/sandbox'], async (_req, res) => {
    res.type('html').send(await render());
  });

  router.post('/sandbox/sync', async (req, res) => {
    const form = syncForm$.safeParse(req.body);
    if (!form.success)
      throw new HttpProblem(
        400,
        'Invalid sync request',
        form.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      );
    const { module, direction, dryRun } = form.data;
    const { engine, close } = await engines.open();
    try {
      const settings = settingsOrDefault(
        info.tenantId,
        module,
        await repos.moduleSettings.get(info.tenantId, module),
      );
      let enabled = '';
      if (settings.direction === 'disabled') {
        const { alsoEnabled } = await engine.enableModule(info.tenantId, module, direction);
        enabled = `<p>Enabled ${esc(module)} (${esc(direction)})${alsoEnabled.length ? `, and what it needs: ${esc(alsoEnabled.join(', '))}` : ''}.</p>`;
      }
      const report = await engine.run(info.tenantId, module, {
        kind: 'manual',
        dryRun: dryRun === '1',
      });
      res.type('html').send(await render(enabled + reportHtml(report)));
    } catch (error) {
      logger.warn({ err: error, module }, 'sandbox sync refused');
      const message = error instanceof Error ? error.message : String(error);
      res
        .status(422)
        .type('html')
        .send(await render(`<p class="failed">${esc(message)}</p>`));
    } finally {
      close();
    }
  });

  router.post('/sandbox/matches/:id/:decision', async (req, res) => {
    const id = Number(req.params.id);
    const decision = req.params.decision;
    if (!Number.isInteger(id) || (decision !== 'confirm' && decision !== 'reject')) {
      throw new HttpProblem(404, 'Not found', 'No such proposal decision.');
    }
    const { engine, close } = await engines.open();
    try {
      if (decision === 'confirm') await engine.confirmMatch(info.tenantId, id);
      else await engine.rejectMatch(info.tenantId, id);
    } finally {
      close();
    }
    res.redirect(303, '/sandbox');
  });
  return router;
}
