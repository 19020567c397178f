import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the real entry point (through tsx) and returns its exit code and output. */
function runMain(env: Record<string, string>, untilLine?: RegExp) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { PATH: process.env.PATH ?? '', ...env },
      cwd: path.resolve(import.meta.dirname, '..'),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (untilLine?.test(stdout)) child.kill('SIGTERM');
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('server/main.ts', () => {
  it('exits non-zero naming PORT when it is not a number', async () => {
    const result = await runMain({ PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/PORT: .*number/);
  });

  it('exits non-zero naming DATABASE_URL when it is nonsense, with every bad variable at once', async () => {
    const result = await runMain({ DATABASE_URL: 'nonsense', LOG_LEVEL: 'chatty' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/DATABASE_URL: expected a postgres URL/);
    expect(result.stderr).toMatch(/LOG_LEVEL:/);
  });

  it('starts, migrates and generates a key file when no SECRET_KEY is set', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'main-'));
    const result = await runMain({ PORT: '0', DATA_DIR: dataDir }, /backend listening/);
    expect(result.stdout).toMatch(/SECRET_KEY is not set/);
    expect(result.stdout).toMatch(/"applied":\["20261121000000_initial_schema"/);
    expect(fs.existsSync(path.join(dataDir, 'secret.key'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'sync.db'))).toBe(true);
  });

  it('refuses to start in production without SECRET_KEY', async () => {
    const result = await runMain({ NODE_ENV: 'production' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/SECRET_KEY: required in production/);
  });
});
