import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BenchResult } from './targets.js';

/**
 * `npm run bench [-- name]`: runs every bench/*.bench.ts (or those whose name contains the
 * argument) one after another in its own process, so one benchmark's heap does not skew the next.
 * Then prints one table of every figure against its target, and exits 1 when a benchmark failed,
 * recorded no figure, or missed a target.
 */
// BENCH_DIR: another folder of benchmarks (tests of this runner use one).
const dir = process.env.BENCH_DIR ?? import.meta.dirname;
const filter = process.argv[2];
const files = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
const V8_FLAGS_MODULE = path.join(import.meta.dirname, '..', 'server', 'runtime', 'v8-flags.ts');
const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-')), 'results.jsonl');
const crashed: string[] = [];
for (const file of files) {
  process.stdout.write(`\n== ${file}\n`);
  const result = spawnSync(
    process.execPath,
    // With the V8 settings the backend runs with (server/main.ts imports them first; ADR 0096).
    ['--import', 'tsx', '--import', V8_FLAGS_MODULE, '--expose-gc', path.join(dir, file)],
    { stdio: 'inherit', env: { ...process.env, BENCH_RESULTS: resultsFile, BENCH_NAME: file } },
  );
  if (result.status !== 0) crashed.push(`${file} exited with ${result.status ?? result.signal}`);
}

const results: BenchResult[] = fs.existsSync(resultsFile)
  ? fs
      .readFileSync(resultsFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as BenchResult)
  : [];
for (const file of files) {
  if (!results.some((r) => r.bench === file) && !crashed.some((c) => c.startsWith(file))) {
    crashed.push(`${file} recorded no figure`);
  }
}

const rows = [
  ['benchmark', 'measure', 'value', 'target', 'result'],
  ...results.map((r) => [
    r.bench.replace(/\.bench\.ts$/, ''),
    r.measure,
    `${r.value} ${r.unit}`,
    `${r.target} ${r.unit}`,
    r.met ? 'ok' : 'MISSED',
  ]),
];
const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
const print = (row: string[]) =>
  process.stdout.write(`${row.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')}\n`);
process.stdout.write('\n== summary\n');
print(rows[0]!);
print(widths.map((w) => '-'.repeat(w)));
for (const row of rows.slice(1)) print(row);
const missed = results.filter((r) => !r.met);
for (const c of crashed) process.stdout.write(`FAILED: ${c}\n`);
process.stdout.write(
  `\n${results.length - missed.length} of ${results.length} targets met${crashed.length ? `, ${crashed.length} benchmark(s) failed` : ''}\n`,
);
process.exit(missed.length === 0 && crashed.length === 0 ? 0 : 1);
