import { runCli } from './main-wiring.js';
import { runSyncCommand } from './sync-command.js';

/** `npm run sync -- --tenant <id> --module <Module> [...]` (docs/operations.md). */
process.exitCode = await runCli((cli) =>
  runSyncCommand(process.argv.slice(2), cli.io, {
    repos: cli.services.repos,
    engineFor: cli.engineFor,
  }),
);
