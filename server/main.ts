// First: V8's settings apply before anything allocates (ADR 0096).
import './runtime/v8-flags.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { ListenError, startBackend } from './composition.js';
import { createLogger } from './logging.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\nSee docs/configuration.md for every variable.\n`);
    process.exit(1);
  }
  throw error;
}

const logger = createLogger(config.logLevel);

try {
  const backend = await startBackend(config, logger);
  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await backend.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  if (error instanceof ListenError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  logger.fatal({ err: error }, 'backend failed to start');
  process.exit(1);
}
