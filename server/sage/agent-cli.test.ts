import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { expect, it } from 'vitest';
import { describeWith, odbc } from '../../test/requirements.js';
import { AgentClient } from './agent-client.js';

const logger = pino({ level: 'silent' });
const root = path.resolve(import.meta.dirname, '../..');

describeWith([await odbc()], 'npm run agent', () => {
  it('starts from a config file, creates the demo company over ODBC and answers the backend', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-cli-'));
    const token = 'cli-test-token-0123456789abcdefgh';
    fs.writeFileSync(path.join(dir, 'token.txt'), token);
    const config = path.join(dir, 'agent.json');
    fs.writeFileSync(
      config,
      JSON.stringify({
        listen: { host: '127.0.0.1', port: 0 },
        tokenFile: 'token.txt',
        odbc: { connectionString: `Driver=SQLite3;Database=${path.join(dir, 'demo.db')}` },
        timeZone: 'America/Chicago',
        logLevel: 'info',
      }),
    );
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'agent/cli.ts', '--config', config, '--demo'],
      {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const m = /"url":"(http:\/\/127\.0\.0\.1:\d+\/agent)"/.exec(out);
          if (m?.[1]) resolve(m[1]);
        });
        child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
        child.once('exit', (code) => reject(new Error(`agent exited with ${code}: ${out}`)));
      });
      const client = await AgentClient.create({ url, token, timeoutMs: 5000 }, logger);
      expect(await client.health()).toMatchObject({ healthy: true, dataSource: 'odbc' });
      const page = await client.getChanges('AR_Customer', undefined, 10);
      expect(page.records.map((r) => r.CustomerNo)).toEqual(['ABF', 'AVNET']);
      expect(await client.getCreditStatus('01', 'ABF')).toMatchObject({
        openInvoiceCount: 1,
        openInvoiceBalance: '1200.50',
      });
      client.close();
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 20_000);
});
