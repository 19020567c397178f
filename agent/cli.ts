/**
 * `npm run agent [-- --config <file>] [--demo]`: runs the Sage 100 agent.
 *
 *   --config <file>  the agent's JSON config (default: agent/agent.config.json, or AGENT_CONFIG;
 *                    without either file, the example config over the demo company)
 *   --demo           before starting, create the SQLite demo company the example config reads
 *                    (agent/agent.example.json) if it does not exist yet; needs the SQLite ODBC
 *                    driver (Debian: libsqliteodbc)
 *
 * On the customer's Sage server it runs as a Windows service; see docs/agent.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import { AGENT_USAGE, parseAgentArgs } from './cli-args.js';
import { AgentConfigError, loadAgentConfig } from './config.js';
import { createAgentLogger } from './logger.js';
import { OdbcDataSource } from './odbc-data-source.js';
import { OdbcUnavailableError } from './odbc-driver.js';
import { startAgentServer } from './server.js';
import { seedDemoCompany } from './demo-company.js';

async function main(): Promise<void> {
  const args = parseAgentArgs(process.argv.slice(2));
  if (args.kind === 'help') {
    console.log(AGENT_USAGE);
    return;
  }
  if (args.kind === 'invalid') {
    console.error(`agent: ${args.message}\n${AGENT_USAGE}`);
    process.exit(2);
  }
  const explicit = args.config ?? process.env.AGENT_CONFIG;
  let configFile = explicit ?? 'agent/agent.config.json';
  let demo = args.demo;
  if (!fs.existsSync(configFile)) {
    if (explicit) {
      console.error(`agent: no config at ${configFile} (see docs/agent.md)`);
      process.exit(2);
    }
    // A bare `npm run agent` on a development machine: run the example over the demo company.
    console.error(
      'agent: no agent/agent.config.json; running agent/agent.example.json over the SQLite demo ' +
        'company. Copy the example to agent/agent.config.json and edit it for a real Sage 100.',
    );
    configFile = 'agent/agent.example.json';
    demo = true;
  }
  const config = loadAgentConfig(configFile);
  const logger = createAgentLogger(config.logLevel);
  if (/change-me/i.test(config.token)) {
    logger.warn(
      'the agent token is still the example one; set a long random token before real use',
    );
  }
  if (demo) {
    const created = await seedDemoCompany(config.odbc.connectionString);
    if (created) logger.info({ database: created }, 'created the demo company');
  }
  const dataSource = await OdbcDataSource.open(config.odbc);
  await dataSource.ping();
  const agent = await startAgentServer({
    host: config.listen.host,
    port: config.listen.port,
    tls: config.listen.tls,
    dataSource,
    token: config.token,
    maxPageSize: config.maxPageSize,
    maxKeysPerCall: config.maxKeysPerCall,
    timeZone: config.timeZone,
    logger,
  });
  logger.info({ timeZone: config.timeZone, configFile: path.resolve(configFile) }, 'agent ready');
  const stop = async () => {
    logger.info('agent stopping');
    await agent.close();
    await dataSource.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  if (error instanceof OdbcUnavailableError) {
    // Expected on a machine without unixODBC: say what is missing, not a stack trace.
    console.error(`agent: ${error.message}`);
    process.exit(3);
  }
  console.error(error instanceof AgentConfigError ? error.message : error);
  process.exit(1);
});
