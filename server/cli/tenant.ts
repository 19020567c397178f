import { asksForHelp } from './args.js';
import { runCli } from './main-wiring.js';
import { runTenantCommand, TENANT_USAGE } from './tenant-command.js';

/** `npm run tenant -- add --file tenant.json` / `npm run tenant -- list` (docs/operations.md). */
const argv = process.argv.slice(2);
// Help needs no configuration or database: printed before either is opened.
if (asksForHelp(argv)) process.stdout.write(`${TENANT_USAGE}\n`);
else
  process.exitCode = await runCli((cli) =>
    runTenantCommand(argv, cli.io, cli.services.repos, {
      retentionDays: cli.services.config.sync.eventRetentionDays,
      engineFor: cli.engineFor,
      crmFor: cli.services.zoho
        ? (tenantId) => cli.services.zoho!.client.forTenant(tenantId)
        : undefined,
    }),
  );
