import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');

/** The module the file's first import statement names. */
function firstImport(file: string): string | undefined {
  const source = fs.readFileSync(path.join(root, file), 'utf8');
  return /^import\s+(?:[^'";]*\s+from\s+)?'([^']+)';/m.exec(source)?.[1];
}

describe('V8 settings of the processes that sync (ADRs 0096, 0098)', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('are applied at import: no pretenuring, a 1.3x heap growth, TurboFan after 8x the budget', async () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => undefined);
    const { V8_FLAGS } = await import('./v8-flags.js');
    expect(V8_FLAGS).toEqual([
      '--no-allocation-site-pretenuring',
      '--heap-growing-percent=30',
      '--interrupt-budget=540672',
    ]);
    expect(set.mock.calls).toEqual(V8_FLAGS.map((flag) => [flag]));
  });

  it.each([
    ['server/main.ts', './runtime/v8-flags.js'],
    ['server/cli/sync.ts', '../runtime/v8-flags.js'],
    ['bench/first-sync-child.ts', '../server/runtime/v8-flags.js'],
  ])('%s imports them before anything else', (file, specifier) => {
    expect(firstImport(file)).toBe(specifier);
  });

  it('every benchmark process runs with them', () => {
    const runner = fs.readFileSync(path.join(root, 'bench', 'run.ts'), 'utf8');
    expect(runner).toContain("'--import', 'tsx', '--import', V8_FLAGS_MODULE");
    expect(runner).toMatch(/V8_FLAGS_MODULE = path\.join\([^)]*'runtime', 'v8-flags\.ts'\)/);
  });
});
