import fs from 'node:fs';
import pino from 'pino';
import { isValidTimeZone } from '../../server/sage/sage-time.js';
import { SimAgentUsageError, startSimAgentFromCli } from './agent-endpoint.js';
import { startSageSimulator } from './ebws-server.js';
import { generateCompany } from './generator.js';
import { loadSageDataFile, SageDataError } from './loader.js';
import { CliUsageError, parseSageSimArgs, USAGE, type SageSimCliOptions } from './sim-options.js';
import { SageStore } from './store.js';

/**
 * `npm run sim:sage -- --port 8100 [--data file.json]`: a Sage 100 installation on 127.0.0.1.
 * Builds the store (from --data, or generated from --seed), starts the eBWS endpoint, prints what
 * a client needs, and stops on Ctrl-C. Further endpoints over the same store (the agent) start in
 * startExtras() below.
 */

function buildStore(options: SageSimCliOptions): SageStore {
  const store = new SageStore();
  if (options.data) return loadSageDataFile(store, options.data);
  if (!isValidTimeZone(options.timeZone))
    throw new CliUsageError(`--time-zone: unknown zone ${options.timeZone}`);
  generateCompany(store, {
    seed: options.seed,
    customers: options.customers,
    companyCode: options.companyCode,
    timeZone: options.timeZone,
  });
  return store;
}

/** Endpoints besides eBWS that share the store. Returns their close functions and lines to print. */
async function startExtras(
  store: SageStore,
  options: SageSimCliOptions,
): Promise<{ lines: string[]; closers: Array<() => Promise<void>> }> {
  // The agent's change feed over the same store (docs/agent.md); --no-agent turns it off.
  const tls =
    options.httpsCert && options.httpsKey
      ? {
          cert: fs.readFileSync(options.httpsCert, 'utf8'),
          key: fs.readFileSync(options.httpsKey, 'utf8'),
        }
      : undefined;
  const logger = pino({ level: 'warn' });
  const defaultPort = options.port === 0 ? 0 : 8790;
  return startSimAgentFromCli(
    store,
    options.rest,
    { host: options.host, tls, defaultPort },
    logger,
  );
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const options = parseSageSimArgs(argv);
  const store = buildStore(options);
  const sim = await startSageSimulator({
    store,
    port: options.port,
    host: options.host,
    lengthProfile: options.lengthProfile,
    latencyMs: options.latencyMs,
    https:
      options.httpsCert && options.httpsKey
        ? {
            cert: fs.readFileSync(options.httpsCert, 'utf8'),
            key: fs.readFileSync(options.httpsKey, 'utf8'),
          }
        : undefined,
  });
  const extras = await startExtras(store, options);
  const user = store.users()[0];
  const lines = [
    'Sage 100 simulator (eBusiness Web Services)',
    `  WSDL:          ${sim.wsdlUrl}`,
    `  Endpoint:      ${sim.url}`,
    ...store
      .companies()
      .map(
        (c) =>
          `  Company code:  ${c.CompanyCode} (${c.CompanyName}, ${c.timeZone}, web services ${c.WebServicesEnabled === 'Y' ? 'on' : 'off'})`,
      ),
    user ? `  User:          ${user.UserLogon} / ${user.Password}` : '  User:          (none)',
    `  Lengths:       ${options.lengthProfile} profile`,
    ...(options.latencyMs > 0 ? [`  Latency:       ${options.latencyMs} ms per call`] : []),
    ...extras.lines,
  ];
  console.log(lines.join('\n'));
  const stop = async () => {
    await Promise.all([sim.close(), ...extras.closers.map((close) => close())]);
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

/** A port that is taken or not ours to open, as one line; undefined for any other error. */
function listenFailure(err: unknown): string | undefined {
  const e = err as { code?: string; syscall?: string; address?: string; port?: number };
  if (e?.syscall !== 'listen') return undefined;
  const where = `${e.address ?? 'the address'}:${e.port ?? '?'}`;
  if (e.code === 'EADDRINUSE') return `cannot listen on ${where}: the port is already in use`;
  if (e.code === 'EACCES') return `cannot listen on ${where}: permission denied`;
  if (e.code === 'EADDRNOTAVAIL') return `cannot listen on ${where}: no such address here`;
  return undefined;
}

main().catch((err: unknown) => {
  // An operator's mistake (a usage error, a --data file that cannot be read, a port that is
  // taken) is one message.
  console.error(
    err instanceof CliUsageError || err instanceof SimAgentUsageError
      ? `${err.message}\n${USAGE}`
      : err instanceof SageDataError
        ? err.message
        : (listenFailure(err) ?? err),
  );
  process.exit(2);
});
