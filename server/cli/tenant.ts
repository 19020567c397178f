import { runTenantCommand } from './tenant-command.js';
import { openCli } from './main-wiring.js';

/** `npm run tenant -- add --file tenant.json` / `npm run tenant -- list` (docs/operations.md). */
const cli = await openCli();
try {
  process.exitCode = await runTenantCommand(process.argv.slice(2), cli.io, cli.repos, {
    retentionDays: cli.config.sync.eventRetentionDays,
  });
} finally {
  await cli.db.destroy();
}
