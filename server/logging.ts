import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Keys whose values never reach a log line, wherever they appear in a logged object (two levels
 * deep, plus headers). Secrets are also kept out by never logging raw bodies or query strings.
 * `code` is not among them: error codes (ECONNREFUSED, Zoho's INVALID_DATA, Sage's CI_NOF) are
 * what an operator needs. The OAuth authorization code is redacted where it travels instead
 * (`query.code`, `body.code`, and under its own names).
 */
const SECRET_KEYS = [
  'password',
  'Password',
  'secret',
  'token',
  'accessToken',
  'access_token',
  'refreshToken',
  'refresh_token',
  'clientSecret',
  'client_secret',
  'authorizationCode',
  'authCode',
  'oauthCode',
  'agentToken',
  'secretKey',
  'authorization',
  'cookie',
];

export const REDACT_PATHS = [
  ...SECRET_KEYS,
  ...SECRET_KEYS.map((k) => `*.${k}`),
  ...SECRET_KEYS.map((k) => `*.*.${k}`),
  'query.code',
  'body.code',
  'req.query.code',
  'req.body.code',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
];

/**
 * Where log lines go when the caller names no destination: JSON lines on stdout (what log
 * collectors read), or pretty-printed lines when stdout is a terminal (a developer reading them).
 */
export function defaultDestination(
  stdout: { isTTY?: boolean } = process.stdout,
): DestinationStream | undefined {
  if (!stdout.isTTY) return undefined;
  return pretty({
    colorize: true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service',
  });
}

export function createLogger(
  level: string,
  destination: DestinationStream | undefined = defaultDestination(),
): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      base: { service: 'sage100-zoho-sync' },
    },
    destination,
  );
}
