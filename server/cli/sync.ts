// First: V8's settings apply before anything allocates (ADR 0096).
import '../runtime/v8-flags.js';
import { asksForHelp } from './args.js';
import { runCli } from './main-wiring.js';
import { runSyncCommand, SYNC_USAGE } from './sync-command.js';

/** `npm run sync -- --tenant <id> --module <Module> [...]` (docs/operations.md). */
const argv = process.argv.slice(2);
// Help needs no configuration or database: printed before either is opened.
if (asksForHelp(argv)) process.stdout.write(`${SYNC_USAGE}\n`);
else
  process.exitCode = await runCli((cli) =>
    runSyncCommand(argv, cli.io, {
      repos: cli.services.repos,
      engineFor: cli.engineFor,
    }),
  );
