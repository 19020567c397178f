import { ZohoCreditCap } from './zoho/credit-cap.js';
import { ZohoModuleAvailability } from './zoho/module-availability.js';
import fs from 'node:fs';
import type { Config } from './config.js';
import { createDb, type Db } from './db/knex.js';
import { migrateLatest } from './db/migrate.js';
import { createRepositories, type Repositories } from './db/repositories/index.js';
import type { Logger } from './logging.js';
import { AgentClients } from './sage/agent-clients.js';
import { FeedThread } from './sage/feed-thread/feed-thread.js';
import { loadOrCreateKeyFile } from './security/key-file.js';
import { SecretBox } from './security/secret-box.js';
import { TenantEngines } from './sync-composition.js';
import { ZohoCrmClient } from './zoho/client.js';
import { ZohoOAuthClient } from './zoho/oauth.js';

/**
 * The composition root (ADR 0032): every long-lived object of a process is built here, once.
 * `npm start`, the operator CLIs, the jobs, the API and the sandbox all receive these objects and
 * never build their own Zoho client, agent client or secret box, so the Zoho token cache (and
 * its 10-tokens-per-10-minutes guard) protects the whole process.
 */

/** The database and what opens its secrets. */
export interface Storage {
  box: SecretBox;
  db: Db;
  repos: Repositories;
}

export interface Services extends Storage {
  /** The effective config (the sandbox's Zoho settings when the sandbox is on). */
  config: Config;
  logger: Logger;
  /** PEM of SAGE_EBWS_CA_FILE, read once. */
  ca?: string;
  /** Undefined when ZOHO_CLIENT_ID/ZOHO_CLIENT_SECRET are not set. */
  zoho?: {
    oauth: ZohoOAuthClient;
    client: ZohoCrmClient;
    availability: ZohoModuleAvailability;
    creditCap: ZohoCreditCap;
  };
  agents: AgentClients;
  engines: TenantEngines;
  /** Closes the agent clients and the database. */
  close(): Promise<void>;
}

/** Builds the secret box from config, generating a local key file outside production. */
export function createSecretBox(config: Config, logger: Logger): SecretBox {
  let key = config.secrets.key;
  if (!key) {
    const generated = loadOrCreateKeyFile(config.dataDir);
    if (generated.created) {
      logger.warn(
        { file: generated.file },
        'SECRET_KEY is not set: generated a key file for this machine. Set SECRET_KEY before production use; secrets sealed with this key need it to open.',
      );
    }
    key = generated.key;
  }
  return new SecretBox(config.secrets.keyId, key, config.secrets.previous);
}

/** The secret box and the migrated database. */
export async function openStorage(config: Config, logger: Logger): Promise<Storage> {
  const box = createSecretBox(config, logger);
  const dbLog = logger.child({ component: 'knex' });
  const db = createDb(config.database, {
    log: { warn: (m) => dbLog.warn(m), error: (m) => dbLog.error(m) },
  });
  try {
    const applied = await migrateLatest(db);
    if (applied.length > 0) logger.info({ applied }, 'database migrated');
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return { box, db, repos: createRepositories(db, box) };
}

/** The Zoho client, the agent clients and the engine opener, over one storage. */
export function composeServices(
  storage: Storage,
  config: Config,
  logger: Logger,
  options: {
    fetchImpl?: typeof fetch;
    /**
     * Starts the feed thread now (the server, whose scheduler syncs), not with the first engine
     * opened: the first run after a restart would otherwise wait for its modules to load.
     */
    warmFeedThread?: boolean;
  } = {},
): Services {
  const { repos } = storage;
  const ca = config.sageEbws.caFile ? fs.readFileSync(config.sageEbws.caFile, 'utf8') : undefined;
  let zoho: Services['zoho'];
  const { clientId, clientSecret } = config.zoho;
  if (clientId && clientSecret) {
    const oauth = new ZohoOAuthClient(
      {
        clientId,
        clientSecret,
        accountsUrl: config.zoho.accountsUrl,
        redirectUrl: config.zoho.redirectUrl,
        scopes: config.zoho.scopes,
      },
      options.fetchImpl,
    );
    const client = new ZohoCrmClient({
      oauth,
      connections: repos.zohoConnections,
      credits: repos.zohoCredits,
      sharedTokens: repos.zohoAccessTokens,
      logger,
      maxConcurrency: config.zoho.maxConcurrency,
      fetchImpl: options.fetchImpl,
    });
    // Which modules each org has (edition, GL module created): shared by runs and the API.
    const availability = new ZohoModuleAvailability({
      connections: repos.zohoConnections,
      modules: (tenantId) => client.forTenant(tenantId).metadata.getModules(),
    });
    // This product's share of the org's daily credits, by the edition in force at each ask.
    const creditCap = new ZohoCreditCap({
      used: (tenantId) => client.creditsUsed(tenantId),
      edition: (tenantId) => availability.edition(tenantId),
      share: config.zoho.creditShare,
    });
    zoho = { oauth, client, availability, creditCap };
  }
  const agents = new AgentClients({ timeoutMs: config.sageFeed.agentTimeoutMs, ca, logger });
  // The process's one feed thread (ADR 0078); its worker starts with the first engine opened, or
  // as the server boots (`warmFeedThread`).
  const feedThread = config.sageFeed.thread ? new FeedThread(logger) : undefined;
  if (options.warmFeedThread) feedThread?.warm();
  const engines = new TenantEngines({
    config,
    repos,
    zoho: zoho?.client,
    availability: zoho?.availability,
    creditCap: zoho?.creditCap,
    agents,
    feedThread,
    ca,
    logger,
  });
  return {
    ...storage,
    config,
    logger,
    ca,
    zoho,
    agents,
    engines,
    close: async () => {
      await feedThread?.close();
      await agents.close();
      // Credits counted in the last second are written before the database closes.
      await zoho?.client.flushCredits();
      await storage.db.destroy();
    },
  };
}

/** Storage and services for a process with no sandbox (the operator CLIs). */
export async function openServices(config: Config, logger: Logger): Promise<Services> {
  return composeServices(await openStorage(config, logger), config, logger);
}
