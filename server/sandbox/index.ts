import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { TenantEngine } from '../sync-composition.js';
import { startSageSandbox } from './sage-sandbox.js';
import { sandboxRouter } from './sandbox-page.js';
import { startZohoSandbox } from './zoho-sandbox.js';

export interface Sandbox {
  zoho: Config['zoho'];
  tenantId: string;
  router: Router;
  close(): Promise<void>;
}

/**
 * The local sandbox `npm start` opens when no Zoho client is configured: simulated Zoho CRM and
 * Sage 100 in process, and a tenant for the demo org whose Sage connection points at the Sage
 * simulator. Zoho is connected through the simulator's real OAuth consent flow.
 */
export async function startSandbox(
  config: Config,
  repos: Repositories,
  logger: Logger,
  /** The composition root's engine opener (called only once the backend is serving). */
  openEngine: (tenantId: string) => Promise<TenantEngine>,
): Promise<Sandbox | undefined> {
  const zoho = await startZohoSandbox(config, logger);
  if (!zoho) return undefined;
  const sage = await startSageSandbox(logger);
  const tenant =
    (await repos.tenants.findByZohoOrgId(zoho.orgId)) ??
    (await repos.tenants.create({ zohoOrgId: zoho.orgId, name: zoho.orgName }));
  await repos.sageConnections.save({ tenantId: tenant.id, ...sage.connection });
  logger.info(
    { sandbox: `http://${config.http.host}:${config.http.port}/sandbox`, tenantId: tenant.id },
    'local sandbox ready: open the sandbox page',
  );
  return {
    zoho: zoho.zoho,
    tenantId: tenant.id,
    router: sandboxRouter(
      {
        tenantId: tenant.id,
        zohoOrgId: zoho.orgId,
        zohoSimulatorUrl: zoho.url,
        sageWsdlUrl: sage.wsdlUrl,
        sageAgentUrl: sage.connection.agentUrl ?? '',
        sageCompany: sage.connection.companyCode,
      },
      repos,
      {
        open: () => openEngine(tenant.id),
      },
      logger,
    ),
    close: async () => {
      await Promise.all([zoho.close(), sage.close()]);
    },
  };
}
