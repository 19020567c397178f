import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.js';
import { ebwsClientOptions } from './ebws-options.js';

describe('eBWS client configuration', () => {
  it('defaults to a 30 s timeout, 4 attempts with 500 ms..8 s backoff and 4 sessions', () => {
    expect(parseConfig({}).sageEbws).toEqual({
      timeoutMs: 30_000,
      retry: { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000 },
      caFile: undefined,
      sessions: 4,
      charset: 'windows-1252',
    });
  });

  it('reads the sessions a tenant may hold and refuses a count outside 1..64', () => {
    expect(parseConfig({ SAGE_EBWS_SESSIONS: '12' }).sageEbws.sessions).toBe(12);
    expect(() => parseConfig({ SAGE_EBWS_SESSIONS: '0' })).toThrow(ConfigError);
    expect(() => parseConfig({ SAGE_EBWS_SESSIONS: '65' })).toThrow(ConfigError);
    expect(() => parseConfig({ SAGE_EBWS_SESSIONS: 'four' })).toThrow(ConfigError);
  });

  it('reads the variables and the CA file', () => {
    const ca = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ca-')), 'ca.pem');
    fs.writeFileSync(ca, '-----BEGIN CERTIFICATE-----\nX\n-----END CERTIFICATE-----\n');
    const config = parseConfig({
      SAGE_EBWS_TIMEOUT_MS: '5000',
      SAGE_EBWS_MAX_ATTEMPTS: '2',
      SAGE_EBWS_RETRY_BASE_MS: '100',
      SAGE_EBWS_RETRY_MAX_MS: '1000',
      SAGE_EBWS_CA_FILE: ca,
    });
    const options = ebwsClientOptions(config.sageEbws, pino({ level: 'silent' }));
    expect(options.timeoutMs).toBe(5000);
    expect(options.retry).toEqual({ maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 });
    expect(options.ca).toContain('BEGIN CERTIFICATE');
  });

  it('rejects a bad attempt count', () => {
    expect(() => parseConfig({ SAGE_EBWS_MAX_ATTEMPTS: '0' })).toThrow(ConfigError);
  });
});
