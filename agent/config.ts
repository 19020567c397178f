import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The agent's config file (JSON; every key is described in docs/agent.md). Relative paths inside
 * it resolve against the file's own folder, so the service works whatever its working directory.
 */
const configFileSchema = z
  .object({
    listen: z
      .object({
        host: z.string().default('0.0.0.0'),
        port: z.number().int().min(0).max(65535).default(8790),
        tls: z.object({ certFile: z.string(), keyFile: z.string() }).optional(),
      })
      .prefault({}),
    token: z.string().min(24, 'use at least 24 random characters').optional(),
    tokenFile: z.string().optional(),
    odbc: z.object({
      connectionString: z.string().min(1),
      poolSize: z.number().int().min(1).max(16).default(2),
      fetchSize: z.number().int().min(1).max(10_000).default(500),
      connectTimeoutSeconds: z.number().int().min(1).max(600).default(30),
    }),
    timeZone: z
      .string()
      .refine((zone) => {
        try {
          new Intl.DateTimeFormat('en-US', { timeZone: zone });
          return true;
        } catch {
          return false;
        }
      }, 'not an IANA time zone such as America/Chicago')
      .optional(),
    maxPageSize: z.number().int().min(1).max(10_000).default(1000),
    maxKeysPerCall: z.number().int().min(1).max(1000).default(100),
    logLevel: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  })
  .refine((c) => Boolean(c.token) !== Boolean(c.tokenFile), {
    message: 'set exactly one of token and tokenFile',
    path: ['token'],
  });

export interface AgentConfig {
  listen: { host: string; port: number; tls?: { cert: string; key: string } };
  token: string;
  odbc: z.output<typeof configFileSchema>['odbc'];
  timeZone: string;
  maxPageSize: number;
  maxKeysPerCall: number;
  logLevel: z.output<typeof configFileSchema>['logLevel'];
}

export class AgentConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`Invalid agent config ${file}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AgentConfigError';
  }
}

function readText(file: string, what: string, configFile: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new AgentConfigError(configFile, [
      `${what}: cannot read ${file}: ${(error as Error).message}`,
    ]);
  }
}

/** Parses the config file's text; `systemTimeZone` fills in a missing timeZone. */
export function parseAgentConfig(
  text: string,
  configFile: string,
  systemTimeZone = Intl.DateTimeFormat().resolvedOptions().timeZone,
): AgentConfig {
  let json: unknown;
  try {
    // Notepad on the Sage server saves UTF-8 with a byte-order mark, which JSON.parse refuses.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new AgentConfigError(configFile, [`not JSON: ${(error as Error).message}`]);
  }
  const result = configFileSchema.safeParse(json);
  if (!result.success) {
    throw new AgentConfigError(
      configFile,
      result.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`),
    );
  }
  const c = result.data;
  const dir = path.dirname(path.resolve(configFile));
  const resolve = (p: string) => path.resolve(dir, p);
  const token = c.token ?? readText(resolve(c.tokenFile ?? ''), 'tokenFile', configFile).trim();
  if (token.length < 24) {
    throw new AgentConfigError(configFile, ['tokenFile: the token needs at least 24 characters']);
  }
  const tls = c.listen.tls && {
    cert: readText(resolve(c.listen.tls.certFile), 'listen.tls.certFile', configFile),
    key: readText(resolve(c.listen.tls.keyFile), 'listen.tls.keyFile', configFile),
  };
  return {
    listen: { host: c.listen.host, port: c.listen.port, tls },
    token,
    odbc: c.odbc,
    timeZone: c.timeZone ?? systemTimeZone,
    maxPageSize: c.maxPageSize,
    maxKeysPerCall: c.maxKeysPerCall,
    logLevel: c.logLevel,
  };
}

export function loadAgentConfig(configFile: string): AgentConfig {
  return parseAgentConfig(readText(configFile, 'config', configFile), configFile);
}
