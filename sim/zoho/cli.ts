import { parseZohoSimArgs, ZOHO_USAGE, ZohoCliUsageError } from './cli-options.js';
import { startZohoSimulator } from './server.js';

/**
 * `npm run sim:zoho -- --port 8200 [--consent-screen] [--latency-ms 150] [--client-id id
 * --client-secret s --redirect-uri url]`: runs the Zoho simulator alone, with a demo org, admin and standard user.
 */
const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${ZOHO_USAGE}\n`);
  process.exit(0);
}
let options;
try {
  options = parseZohoSimArgs(argv);
} catch (error) {
  if (!(error instanceof ZohoCliUsageError)) throw error;
  process.stderr.write(`${error.message}\n${ZOHO_USAGE}\n`);
  process.exit(2);
}
const { latencyMs } = options;
const sim = await startZohoSimulator({
  port: options.port,
  latencyMs,
  consentScreen: options.consentScreen,
}).catch((error: NodeJS.ErrnoException) => {
  // A port that is taken or not ours is the operator's to fix: one line, as sim:sage says it.
  if (error.syscall !== 'listen') throw error;
  const where = `127.0.0.1:${options.port ?? 0}`;
  const why =
    error.code === 'EADDRINUSE'
      ? 'the port is already in use'
      : error.code === 'EACCES'
        ? 'permission denied'
        : (error.code ?? error.message);
  process.stderr.write(`cannot listen on ${where}: ${why}\n`);
  process.exit(2);
});
const clientId = options.clientId ?? process.env.ZOHO_CLIENT_ID ?? '1000.SIMULATOR';
const clientSecret = options.clientSecret ?? process.env.ZOHO_CLIENT_SECRET ?? 'simulator-secret';
const redirectUri = options.redirectUri ?? 'http://127.0.0.1:3000/oauth/zoho/callback';
sim.admin.registerClient({ clientId, clientSecret, redirectUris: [redirectUri] });
const org = sim.admin.createOrg({ companyName: 'Demo Manufacturing', edition: 'enterprise' });
const admin = sim.admin.createUser(org.id, {
  email: 'admin@demo.example',
  fullName: 'Ada Admin',
  profile: 'Administrator',
});
sim.admin.createUser(org.id, {
  email: 'rep@demo.example',
  fullName: 'Sam Sales',
  profile: 'Standard',
});
sim.admin.signInAs(admin.id);
process.stdout.write(
  `Zoho simulator on ${sim.url}${latencyMs > 0 ? ` (${latencyMs} ms per CRM call)` : ''}\n  accounts server and API domain: ${sim.url}\n  client ${clientId}, redirect ${redirectUri}\n  org ${org.id}, admin user ${admin.id} signed in\n  test-only endpoints under ${sim.url}/__sim/ (docs/simulators.md)\n`,
);
const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
