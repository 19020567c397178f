import { loadConfig, type Config } from '../config.js';
import { createDb, type Db } from '../db/knex.js';
import { migrateLatest } from '../db/migrate.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { createLogger, type Logger } from '../logging.js';
import { loadOrCreateKeyFile } from '../security/key-file.js';
import { SecretBox } from '../security/secret-box.js';
import type { CliIo } from './args.js';

/** What both CLIs need: config, a migrated database, repositories and a logger on stderr. */
export async function openCli(): Promise<{
  config: Config;
  db: Db;
  repos: Repositories;
  logger: Logger;
  io: CliIo;
}> {
  const config = loadConfig();
  const logger = createLogger(
    config.logLevel === 'info' ? 'warn' : config.logLevel,
    process.stderr,
  );
  const key = config.secrets.key ?? loadOrCreateKeyFile(config.dataDir).key;
  const box = new SecretBox(config.secrets.keyId, key, config.secrets.previous);
  const db = createDb(config.database);
  await migrateLatest(db);
  return {
    config,
    db,
    repos: createRepositories(db, box),
    logger,
    io: { out: (line) => console.log(line), err: (line) => console.error(line) },
  };
}
