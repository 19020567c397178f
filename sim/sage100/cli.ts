import fs from 'node:fs';
import { isValidTimeZone } from '../../server/sage/sage-time.js';
import { startSageSimulator } from './ebws-server.js';
import { generateCompany } from './generator.js';
import { loadSageDataFile } from './loader.js';
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
  _store: SageStore,
  _options: SageSimCliOptions,
): Promise<{ lines: string[]; closers: Array<() => Promise<void>> }> {
  return { lines: [], closers: [] };
}

async function main(): Promise<void> {
  const options = parseSageSimArgs(process.argv.slice(2));
  const store = buildStore(options);
  const sim = await startSageSimulator({
    store,
    port: options.port,
    host: options.host,
    lengthProfile: options.lengthProfile,
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

main().catch((err: unknown) => {
  console.error(err instanceof CliUsageError ? `${err.message}\n${USAGE}` : err);
  process.exit(2);
});
