import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

/** Runs node with the optional odbc package hidden, as on a machine without unixODBC. */
function runWithoutOdbc(args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    // NODE_OPTIONS, so that vitest's own worker processes do not see the package either.
    const env = { ...process.env, NO_COLOR: '1', NODE_OPTIONS: '--import ./test/hide-odbc.mjs' };
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code) => resolve({ code, out }));
  });
}

describe('a machine without ODBC', () => {
  it('the agent says ODBC is missing and how to install it, and exits 3', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'agent-no-odbc-'));
    try {
      const config = path.join(dir, 'agent.json');
      fs.writeFileSync(
        config,
        JSON.stringify({
          token: 'no-odbc-test-token-0123456789abcdef',
          odbc: { connectionString: `Driver=SQLite3;Database=${path.join(dir, 'demo.db')}` },
          timeZone: 'America/Chicago',
        }),
      );
      const { code, out } = await runWithoutOdbc([
        '--import',
        'tsx',
        'agent/cli.ts',
        '--config',
        config,
        '--demo',
      ]);
      expect(code).toBe(3);
      expect(out).toContain('agent: ODBC is not available');
      expect(out).toContain('apt-get install unixodbc-dev, then npm install odbc');
      expect(out).not.toMatch(/^\s+at /m); // a message, not a stack trace
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the ODBC tests are skipped by name, with the reason', async () => {
    const { code, out } = await runWithoutOdbc([
      'node_modules/vitest/vitest.mjs',
      'run',
      'agent/change-reader.test.ts',
    ]);
    expect(code).toBe(0);
    expect(out).toMatch(
      /Skipped \d+ tests:\n\s+\d+ × agent\/change-reader\.test\.ts > change pages over ODBC \(SQLite through unixODBC\) \[skipped: the optional odbc package is not installed/,
    );
  });
});
