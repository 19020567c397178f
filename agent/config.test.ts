import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AgentConfigError, loadAgentConfig, parseAgentConfig } from './config.js';

const odbc = { connectionString: 'DSN=SOTAMAS90_SILENT' };
const token = 'x'.repeat(32);

describe('agent config file', () => {
  it('fills defaults and keeps what is given', () => {
    const config = parseAgentConfig(
      JSON.stringify({ token, odbc, timeZone: 'America/Chicago' }),
      'a.json',
    );
    expect(config).toEqual({
      listen: { host: '0.0.0.0', port: 8790, tls: undefined },
      token,
      odbc: {
        connectionString: 'DSN=SOTAMAS90_SILENT',
        poolSize: 2,
        fetchSize: 500,
        connectTimeoutSeconds: 30,
      },
      timeZone: 'America/Chicago',
      maxPageSize: 1000,
      maxKeysPerCall: 100,
      logLevel: 'info',
    });
    expect(
      parseAgentConfig(JSON.stringify({ token, odbc }), 'a.json', 'Europe/Berlin').timeZone,
    ).toBe('Europe/Berlin');
  });

  it('reads a file Windows Notepad saved with a byte-order mark', () => {
    const text = '\uFEFF' + JSON.stringify({ token, odbc, timeZone: 'America/Chicago' });
    expect(parseAgentConfig(text, 'agent.config.json').timeZone).toBe('America/Chicago');
  });

  it('names every problem', () => {
    const attempt = () =>
      parseAgentConfig(
        JSON.stringify({ token: 'short', odbc: {}, timeZone: 'Mars/Olympus', maxPageSize: 0 }),
        'bad.json',
      );
    expect(attempt).toThrow(AgentConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as AgentConfigError).problems.join('\n');
      expect(problems).toContain('token: use at least 24 random characters');
      expect(problems).toContain('odbc.connectionString');
      expect(problems).toContain('timeZone: not an IANA time zone');
      expect(problems).toContain('maxPageSize');
    }
    expect(() => parseAgentConfig('{', 'x.json')).toThrow(/not JSON/);
    expect(() => parseAgentConfig(JSON.stringify({ odbc }), 'x.json')).toThrow(
      /exactly one of token and tokenFile/,
    );
  });

  it('reads the token and TLS files relative to the config file', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-config-'));
    fs.writeFileSync(path.join(dir, 'token.txt'), `${token}\n`);
    fs.writeFileSync(path.join(dir, 'cert.pem'), 'CERT');
    fs.writeFileSync(path.join(dir, 'key.pem'), 'KEY');
    const file = path.join(dir, 'agent.json');
    fs.writeFileSync(
      file,
      JSON.stringify({
        tokenFile: 'token.txt',
        odbc,
        listen: { port: 9443, tls: { certFile: 'cert.pem', keyFile: 'key.pem' } },
      }),
    );
    const config = loadAgentConfig(file);
    expect(config.token).toBe(token);
    expect(config.listen).toEqual({
      host: '0.0.0.0',
      port: 9443,
      tls: { cert: 'CERT', key: 'KEY' },
    });
    fs.writeFileSync(file, JSON.stringify({ tokenFile: 'missing.txt', odbc }));
    expect(() => loadAgentConfig(file)).toThrow(/tokenFile: cannot read/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
