import type { Router } from 'express';
import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import { enableModule } from '../sync/modules.js';
import { startSageSandbox, type SageSandbox } from './sage-sandbox.js';
import { sandboxRouter } from './sandbox-page.js';
import { startWidgetHosts, type WidgetHosts } from './widget-hosts.js';
import { startZohoSandbox } from './zoho-sandbox.js';

export interface Sandbox {
  zoho: Config['zoho'];
  /** The configured auth settings plus the sandbox's own widget origins. */
  auth: Config['auth'];
  tenantId: string;
  router: Router;
  /** Where the built widget is served, per location (tests frame and check these). */
  widgets: WidgetHosts;
  sage: SageSandbox;
  /** The Zoho simulator's control (tests and benchmarks add latency or records). */
  zohoSim: import('../../sim/zoho/admin.js').SimAdmin;
  orgId: string;
  /** Record links in the settings tab's log open the sandbox CRM's record page. */
  recordUrlTemplate: string;
  close(): Promise<void>;
}

/**
 * The local sandbox `npm start` opens when no Zoho client is configured: simulated Zoho CRM and
 * Sage 100 in process, a tenant for the demo org whose Sage connection points at the Sage
 * simulator, the built widget served from three loopback origins, and the sandbox CRM at
 * /sandbox that frames it. Zoho is connected through the simulator's real OAuth consent flow.
 */
export async function startSandbox(
  config: Config,
  repos: Repositories,
  logger: Logger,
): Promise<Sandbox | undefined> {
  const zoho = await startZohoSandbox(config, logger);
  if (!zoho) return undefined;
  const sage = await startSageSandbox(logger);
  const backendUrl = (
    config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`
  ).replace(/\/+$/, '');
  const widgets = await startWidgetHosts({ backendUrl, host: config.http.host });
  if (!widgets.built)
    logger.warn('the widget is not built: run npm run widget:build (npm start does)');
  const known = await repos.tenants.findByZohoOrgId(zoho.orgId);
  // The simulators start empty of what the last sandbox synced: the database's links, cursors and
  // Zoho grant describe systems that are gone (settings and the run log are kept).
  if (known) await repos.tenants.forgetSystems(known.id);
  const tenant =
    known ?? (await repos.tenants.create({ zohoOrgId: zoho.orgId, name: zoho.orgName }));
  await repos.sageConnections.save({ tenantId: tenant.id, ...sage.connection });
  if (config.env === 'development') await presetModules(repos, tenant.id, logger);
  logger.info(
    { sandbox: `${backendUrl}/sandbox`, tenantId: tenant.id, widgets: widgets.origins },
    'local sandbox ready: open the sandbox CRM',
  );
  return {
    zoho: zoho.zoho,
    auth: {
      ...config.auth,
      widgetOrigins: [...config.auth.widgetOrigins, ...Object.values(widgets.origins)],
    },
    tenantId: tenant.id,
    widgets,
    sage,
    zohoSim: zoho.admin,
    orgId: zoho.orgId,
    recordUrlTemplate: `${backendUrl}/sandbox/crm/{module}/{id}`,
    router: sandboxRouter({
      orgId: zoho.orgId,
      orgName: zoho.orgName,
      zoho: zoho.admin,
      users: zoho.users,
      sage,
      sageCompany: sage.connection.companyCode,
      widgets,
      crmOrigin: new URL(backendUrl).origin,
    }),
    close: async () => {
      await Promise.all([zoho.close(), sage.close(), widgets.close()]);
    },
  };
}

/**
 * `npm start`'s sandbox comes with the record modules switched on both ways, so a newcomer's
 * first "Sync to Sage" works; an admin changes them in the settings tab like anywhere else.
 * Only a sandbox tenant that never saved a module gets this; tests start from the defaults.
 */
async function presetModules(repos: Repositories, tenantId: string, logger: Logger): Promise<void> {
  if ((await repos.moduleSettings.list(tenantId)).length > 0) return;
  for (const module of ['Accounts', 'Contacts', 'Sales_Orders'] as const) {
    await enableModule(repos.moduleSettings, tenantId, module, 'both');
  }
  // The demo Deal's invoice (sage-sandbox.ts) comes over with Invoices (Products along).
  await enableModule(repos.moduleSettings, tenantId, 'Invoices', 'sage_to_zoho');
  logger.info('sandbox: Accounts, Contacts and Sales Orders sync both ways; Invoices from Sage');
}
