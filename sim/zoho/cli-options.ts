import { parseArgs } from 'node:util';

/** Command-line options of `npm run sim:zoho`, parsed and checked (see docs/simulators.md). */
export interface ZohoSimCliOptions {
  port: number;
  latencyMs: number;
  consentScreen: boolean;
  clientId?: string;
  clientSecret?: string;
  redirectUri?: string;
}

export class ZohoCliUsageError extends Error {}

export const ZOHO_USAGE = `Usage: npm run sim:zoho -- [--port 8200] [--consent-screen] [--latency-ms 0]
       [--client-id ID --client-secret S --redirect-uri URL]`;

/** A mistyped option or value is refused: the simulator would otherwise start without it. */
export function parseZohoSimArgs(argv: string[]): ZohoSimCliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        'latency-ms': { type: 'string' },
        'consent-screen': { type: 'boolean' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        'redirect-uri': { type: 'string' },
      },
    }));
  } catch (error) {
    throw new ZohoCliUsageError((error as Error).message);
  }
  const int = (name: 'port' | 'latency-ms', fallback: number, max: number): number => {
    const raw = values[name];
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isInteger(n) || n < 0 || n > max)
      throw new ZohoCliUsageError(`--${name} expects a whole number 0..${max}`);
    return n;
  };
  return {
    port: int('port', 8200, 65535),
    latencyMs: int('latency-ms', 0, 60_000),
    consentScreen: values['consent-screen'] ?? false,
    clientId: values['client-id'],
    clientSecret: values['client-secret'],
    redirectUri: values['redirect-uri'],
  };
}
