import { createTenantEngine } from './compose-engine.js';
import { runTenantCommand } from './tenant-command.js';
import { openCli } from './main-wiring.js';

/** `npm run tenant -- add --file tenant.json` / `npm run tenant -- list` (docs/operations.md). */
const cli = await openCli();
try {
  process.exitCode = await runTenantCommand(process.argv.slice(2), cli.io, cli.repos, {
    retentionDays: cli.config.sync.eventRetentionDays,
    engineFor: (tenantId) => createTenantEngine(cli.config, cli.repos, tenantId, cli.logger),
  });
} finally {
  await cli.db.destroy();
}
