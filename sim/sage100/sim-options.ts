import type { LengthProfile } from '../../server/sage/contracts.js';

/** Command-line options of `npm run sim:sage`, parsed and checked (see docs/simulators.md). */
export interface SageSimCliOptions {
  port: number;
  host: string;
  data?: string;
  seed: number;
  customers: number;
  companyCode: string;
  timeZone: string;
  lengthProfile: LengthProfile;
  httpsCert?: string;
  httpsKey?: string;
  /** A steady latency added to every eBWS call, in ms (benchmarks). */
  latencyMs: number;
  /** Options not known here, for later parts of the CLI (e.g. the agent endpoint) to read. */
  rest: Record<string, string | boolean>;
}

export class CliUsageError extends Error {}

export const USAGE = `Usage: npm run sim:sage -- [--port 8100] [--host 127.0.0.1] [--data company.json]
       [--seed 1] [--customers 50] [--company ABC] [--time-zone America/Chicago]
       [--length-profile 2018|2023] [--https-cert cert.pem --https-key key.pem]
       [--latency-ms 0] [--agent-latency-ms 0] [--agent-port 8790] [--agent-token T]
       [--agent-company ABC] [--no-agent]`;

/** The agent endpoint's options (agent-endpoint.ts reads them from `rest`). */
const AGENT_OPTIONS = new Set([
  'agent-port',
  'agent-token',
  'agent-company',
  'agent-latency-ms',
  'no-agent',
]);

/** `--name value`, `--name=value` or a bare `--flag` (true). */
function readFlags(argv: string[]): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] as string;
    if (!token.startsWith('--')) throw new CliUsageError(`unexpected argument ${token}`);
    const eq = token.indexOf('=');
    if (eq > 0) {
      values[token.slice(2, eq)] = token.slice(eq + 1);
    } else if (i + 1 < argv.length && !(argv[i + 1] as string).startsWith('--')) {
      values[token.slice(2)] = argv[++i] as string;
    } else {
      values[token.slice(2)] = true;
    }
  }
  return values;
}

export function parseSageSimArgs(argv: string[]): SageSimCliOptions {
  const values = readFlags(argv);
  const int = (name: string, fallback: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    if (raw === true) throw new CliUsageError(`--${name} expects a value`);
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > max)
      throw new CliUsageError(`--${name} expects a whole number 0..${max}`);
    return n;
  };
  const str = (name: string): string | undefined => {
    const v = values[name];
    if (v === true) throw new CliUsageError(`--${name} expects a value`);
    return v === undefined ? undefined : String(v);
  };
  const profile = str('length-profile') ?? '2023';
  if (profile !== '2018' && profile !== '2023')
    throw new CliUsageError('--length-profile expects 2018 or 2023');
  const httpsCert = str('https-cert');
  const httpsKey = str('https-key');
  if (Boolean(httpsCert) !== Boolean(httpsKey))
    throw new CliUsageError('--https-cert and --https-key go together');
  const known = new Set([
    'port',
    'host',
    'data',
    'seed',
    'customers',
    'company',
    'time-zone',
    'length-profile',
    'https-cert',
    'https-key',
    'latency-ms',
  ]);
  const unknown = Object.keys(values).find((k) => !known.has(k) && !AGENT_OPTIONS.has(k));
  if (unknown !== undefined) throw new CliUsageError(`unknown option --${unknown}`);
  const rest = Object.fromEntries(Object.entries(values).filter(([k]) => !known.has(k)));
  return {
    port: int('port', 8100, 65535),
    host: str('host') ?? '127.0.0.1',
    data: str('data'),
    seed: int('seed', 1, 2 ** 31),
    customers: int('customers', 50, 1_000_000),
    companyCode: (str('company') ?? 'ABC').toUpperCase(),
    timeZone: str('time-zone') ?? 'America/Chicago',
    lengthProfile: profile,
    httpsCert,
    httpsKey,
    latencyMs: int('latency-ms', 0, 60_000),
    rest,
  };
}
