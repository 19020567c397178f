import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYNC_USAGE } from '../server/cli/sync-command.js';
import { TENANT_USAGE } from '../server/cli/tenant-command.js';
import { USAGE as SAGE_SIM_USAGE } from '../sim/sage100/sim-options.js';
import { ZOHO_USAGE } from '../sim/zoho/cli-options.js';

/**
 * `--help` is how someone meets a command: the README's commands print their usage on stdout and
 * exit 0, without opening a database or listening. (Before: "unknown option --help", exit 1 or 2.)
 */
const root = path.resolve(import.meta.dirname, '..');

const run = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    // A simulator that starts instead of answering would listen for ever: stop it, the test fails.
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, out, err });
    });
  });

describe('the CLIs answer --help', () => {
  it.each([
    ['server/cli/sync.ts', '--help', SYNC_USAGE],
    ['server/cli/tenant.ts', '-h', TENANT_USAGE],
    ['sim/sage100/cli.ts', '--help', SAGE_SIM_USAGE],
    ['sim/zoho/cli.ts', '-h', ZOHO_USAGE],
  ])(
    '%s %s prints its usage and exits 0',
    async (script, flag, usage) => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-help-'));
      const env = { DATA_DIR: dataDir, DATABASE_URL: `sqlite:${path.join(dataDir, 'sync.db')}` };
      const res = await run(script, [flag], env);
      expect({ code: res.code, out: res.out.trim(), err: res.err }).toEqual({
        code: 0,
        out: usage,
        err: '',
      });
      // Help opened no database.
      expect(fs.readdirSync(dataDir)).toEqual([]);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
    40_000,
  );
});
