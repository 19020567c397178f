import { runCli } from './main-wiring.js';
import { runTenantCommand } from './tenant-command.js';

/** `npm run tenant -- add --file tenant.json` / `npm run tenant -- list` (docs/operations.md). */
process.exitCode = await runCli((cli) =>
  runTenantCommand(process.argv.slice(2), cli.io, cli.services.repos, {
    retentionDays: cli.services.config.sync.eventRetentionDays,
    engineFor: cli.engineFor,
    crmFor: cli.services.zoho
      ? (tenantId) => cli.services.zoho!.client.forTenant(tenantId)
      : undefined,
  }),
);
