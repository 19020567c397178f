import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const targets = path.join(root, 'bench/targets.ts');

/** `npm run bench` over a folder of tiny benchmarks: exit code and the one summary table. */
function runBenches(benches: Record<string, string>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-run-'));
  try {
    for (const [name, body] of Object.entries(benches)) {
      fs.writeFileSync(
        path.join(dir, name),
        `import { expectTarget } from ${JSON.stringify(targets)};\n${body}\n`,
      );
    }
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts'], {
      cwd: root,
      env: { ...process.env, BENCH_DIR: dir },
      encoding: 'utf8',
    });
    return { code: result.status, out: result.stdout };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('npm run bench', () => {
  it('exits 1 when a target is missed, after one summary table of every figure', () => {
    const { code, out } = runBenches({
      'fast.bench.ts': "expectTarget('reads', 9000, 'rows/s', { min: 5000 });",
      'slow.bench.ts': "expectTarget('lookup', 42, 'ms', { max: 20 });",
    });
    expect(code).toBe(1);
    const summary = out.slice(out.indexOf('== summary'));
    expect(summary).toMatch(/benchmark\s+measure\s+value\s+target\s+result/);
    expect(summary).toMatch(/fast\s+reads\s+9000 rows\/s\s+>= 5000 rows\/s\s+ok/);
    expect(summary).toMatch(/slow\s+lookup\s+42 ms\s+<= 20 ms\s+MISSED/);
    expect(summary).toContain('1 of 2 targets met');
  });

  it('exits 0 when every target is met, and 1 when a benchmark crashes or records nothing', () => {
    expect(runBenches({ 'a.bench.ts': "expectTarget('x', 1, 's', { max: 2 });" }).code).toBe(0);
    const crash = runBenches({
      'a.bench.ts': "expectTarget('x', 1, 's', { max: 2 });",
      'b.bench.ts': "throw new Error('boom');",
      'c.bench.ts': 'void 0;',
    });
    expect(crash.code).toBe(1);
    expect(crash.out).toContain('FAILED: b.bench.ts exited with 1');
    expect(crash.out).toContain('FAILED: c.bench.ts recorded no figure');
  });
});

describe('the split benchmark rig', () => {
  it('starts no simulators in the process that imports it, so that process can exit', () => {
    // Importing a value from bench/sims-process.ts once ran it in the parent too: a second set
    // of simulators kept the Sage → Zoho benchmark alive after it had printed its figures.
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', '-e', "await import('./bench/split-rig.ts'); console.log('imported');"],
      { cwd: root, encoding: 'utf8', timeout: 60_000 },
    );
    expect(result.signal).toBeNull();
    expect([result.status, result.stdout.trim()]).toEqual([0, 'imported']);
  }, 90_000);
});
