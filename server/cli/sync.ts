import { createTenantEngine } from './compose-engine.js';
import { openCli } from './main-wiring.js';
import { runSyncCommand } from './sync-command.js';

/** `npm run sync -- --tenant <id> --module <Module> [...]` (docs/operations.md). */
const cli = await openCli();
try {
  process.exitCode = await runSyncCommand(process.argv.slice(2), cli.io, {
    repos: cli.repos,
    engineFor: (tenantId) => createTenantEngine(cli.config, cli.repos, tenantId, cli.logger),
  });
} finally {
  await cli.db.destroy();
}
