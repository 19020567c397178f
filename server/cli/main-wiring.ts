import { loadConfig } from '../config.js';
import { createLogger } from '../logging.js';
import { openServices, type Services } from '../root.js';
import { TenantNotConnectedError, type TenantEngine } from '../sync-composition.js';
import { UsageError, type CliIo } from './args.js';
import { errorLine } from './errors.js';

/** What the CLIs run with: the composition root's services and stdout/stderr. */
export interface Cli {
  services: Services;
  io: CliIo;
  /** The root's engine opener; a tenant that is not connected is a usage error. */
  engineFor(tenantId: string): Promise<TenantEngine>;
}

const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** Opens the engine, naming a tenant that is not connected as a usage error. */
export const engineOpener =
  (services: Pick<Services, 'engines'>) =>
  async (tenantId: string): Promise<TenantEngine> => {
    try {
      return await services.engines.open(tenantId);
    } catch (err) {
      if (err instanceof TenantNotConnectedError) throw new UsageError(err.message);
      throw err;
    }
  };

/**
 * Runs one CLI command in this process: config, the composition root (migrated database, the
 * Zoho client sharing its access token through the database), the command, then closes
 * everything. Any error is one line on stderr and exit code 1, never a stack trace.
 */
export async function runCli(
  command: (cli: Cli) => Promise<number>,
  io: CliIo = processIo,
): Promise<number> {
  let services: Services | undefined;
  try {
    const config = loadConfig();
    // The summary and the one-line error are the CLI's output; logs (JSON, with stacks) only
    // when LOG_LEVEL asks for something other than the default.
    const logger = createLogger(
      config.logLevel === 'info' ? 'silent' : config.logLevel,
      process.stderr,
    );
    services = await openServices(config, logger);
    return await command({ services, io, engineFor: engineOpener(services) });
  } catch (error) {
    io.err(errorLine(error));
    return 1;
  } finally {
    await services?.close().catch(() => undefined);
  }
}
