import { Router } from 'express';
import type { Repositories } from '../db/repositories/index.js';

export interface SandboxInfo {
  tenantId: string;
  zohoOrgId: string;
  zohoSimulatorUrl: string;
  sageWsdlUrl: string;
  sageAgentUrl: string;
  sageCompany: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /sandbox: what the local sandbox runs and what to do next. Read live from storage, so it
 * shows whether Zoho has been connected yet.
 */
export function sandboxRouter(info: SandboxInfo, repos: Repositories): Router {
  const router = Router();
  router.get(['/', '/sandbox'], async (_req, res) => {
    const zoho = await repos.zohoConnections.get(info.tenantId);
    const rows: Array<[string, string]> = [
      ['Tenant', info.tenantId],
      ['Zoho CRM (simulated)', `${info.zohoSimulatorUrl} — org ${info.zohoOrgId}`],
      ['Zoho connection', zoho ? `connected ${zoho.connectedAt}` : 'not connected yet'],
      ['Sage 100 eBWS (simulated)', info.sageWsdlUrl],
      ['Sage 100 agent (simulated)', info.sageAgentUrl],
      ['Sage company', info.sageCompany],
    ];
    const steps = [
      zoho
        ? 'Zoho is connected.'
        : 'Connect Zoho: <a href="/oauth/zoho/connect">/oauth/zoho/connect</a> (pick "Sandbox Admin" on the consent page).',
      `Run a sync from another terminal: <code>npm run sync -- --tenant ${escapeHtml(info.tenantId)} --module Accounts --dry-run</code>`,
    ];
    res
      .type('html')
      .send(
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sage 100 Sync sandbox</title>` +
          `<style>body{font:15px system-ui,sans-serif;margin:2rem;max-width:60rem}td{padding:.3rem .8rem;border-bottom:1px solid #ddd}code{background:#f4f4f4;padding:.1rem .3rem}</style></head>` +
          `<body><h1>Sage 100 Sync for Zoho CRM — local sandbox</h1>` +
          `<p>No Zoho client is configured, so the backend runs against simulated Zoho CRM and Sage 100 on this machine.</p>` +
          `<table>${rows.map(([k, v]) => `<tr><td>${escapeHtml(k)}</td><td>${escapeHtml(v)}</td></tr>`).join('')}</table>` +
          `<h2>Next</h2><ol>${steps.map((s) => `<li>${s}</li>`).join('')}</ol></body></html>`,
      );
  });
  return router;
}
