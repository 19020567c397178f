import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from './sandbox.js';

const root = path.resolve(import.meta.dirname, '..');

/**
 * What `npm start` runs: the compiled backend from dist/, here with the local sandbox on. Catches
 * what a source-only test cannot: files the build forgets (WSDL, XSD) and ESM paths in dist/.
 */
describe('npm start (compiled)', () => {
  it('builds, starts the sandbox with both simulators and answers /healthz and /sandbox', async () => {
    execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'built-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['dist/server/main.js'], {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        DATA_DIR: dataDir,
        LOG_LEVEL: 'info',
      },
    });
    let output = '';
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready:\n${output}`)), 60_000);
        child.stdout.on('data', (d) => {
          output += d;
          if (output.includes('backend listening')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${code}:\n${output}`)));
      });
      expect(output).toContain('local sandbox ready');
      const health = await fetch(`http://127.0.0.1:${port}/healthz`);
      expect(health.status).toBe(200);
      const page = await (await fetch(`http://127.0.0.1:${port}/sandbox`)).text();
      // The sandbox CRM host page, with the simulated Sage company's customers read through it.
      expect(page).toContain('Sage 100 Sync — sandbox CRM');
      expect(page).toContain('Sage 100 company ABC: customers');
      expect(page).toMatch(/01-00000\d\d/);
    } finally {
      child.kill('SIGTERM');
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 180_000);
});
