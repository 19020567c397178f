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
