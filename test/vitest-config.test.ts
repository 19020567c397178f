import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../vitest.config.js';

const root = path.resolve(import.meta.dirname, '..');

describe('vitest.config.ts', () => {
  it('includes only folders that exist', () => {
    const include = config.test?.include ?? [];
    expect(include.length).toBeGreaterThan(0);
    for (const glob of include) {
      const folder = glob.split('/')[0]!;
      expect(fs.existsSync(path.join(root, folder)), `${glob} names a missing folder`).toBe(true);
    }
  });
});

describe('skipped tests say why', () => {
  it('no test file skips on its own: requirements go through test/requirements.ts', () => {
    // A bare skipIf or skip leaves the run's closing list of skipped tests without a reason.
    const bare = /\b(describe|it|test)\.(skipIf|runIf|skip)\b/;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (/\.test\.tsx?$/.test(entry.name) && bare.test(fs.readFileSync(file, 'utf8'))) {
          offenders.push(path.relative(root, file));
        }
      }
    };
    for (const glob of config.test?.include ?? []) {
      const folder = path.join(root, glob.split('/')[0]!);
      if (fs.existsSync(folder)) walk(folder);
    }
    expect([...new Set(offenders)]).toEqual([]);
  });
});
