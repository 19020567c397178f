import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { expectTarget } from './targets.js';

/**
 * Memory and CPU of a first sync, by size: each size runs in a process of its own
 * (first-sync-child.ts: generated Sage customers into Zoho over SQLite, the engine and its storage
 * alone, no simulator holding the records), so its peak RSS is that run's.
 * Targets: a 100,000-customer first sync streams page by page: peak RSS <= 300 MB, growing <= 10%
 * from 10,000 customers to 100,000; the engine spends <= 100 µs of CPU per record.
 * A third process syncs 10,000 after a first 10,000 for another tenant and prints its CPU (no
 * target): what a record costs once the engine is compiled, beside the fresh process's figure.
 * BENCH_FIRST_SYNC_RECORDS sets the large size (default 100,000; about a minute on 2 cores).
 *
 * The child runs as production runs the backend: compiled JavaScript (`tsc`, as `npm run build`
 * makes dist/, here into dist/bench-first-sync), not under tsx, whose loader thread and
 * transpiling add ~40 MB to every figure and CPU of their own to the run's (ADR 0082).
 * BENCH_FIRST_SYNC_TSX=1 runs it under tsx instead, as the bench did before.
 */
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_FIRST_SYNC_RECORDS ?? 100_000);
const UNDER_TSX = process.env.BENCH_FIRST_SYNC_TSX === '1';

/** Compiles the child and what it imports (the engine, its storage) once; returns its entry. */
function buildChild(): string {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const config = path.join(import.meta.dirname, 'tsconfig.first-sync.json');
  const built = spawnSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
  if (built.status !== 0) throw new Error(`tsc -p ${config} exited ${built.status}`);
  return path.join(
    import.meta.dirname,
    '..',
    'dist',
    'bench-first-sync',
    'bench',
    'first-sync-child.js',
  );
}

const childArgs = UNDER_TSX
  ? ['--import', 'tsx', path.join(import.meta.dirname, 'first-sync-child.ts')]
  : [buildChild()];

interface Figures {
  records: number;
  status: string;
  created: number;
  links: number;
  upserted: number;
  ms: number;
  cpuUsPerRecord: number;
  peakRssMb: number;
  heapAfterGcMb: number;
}

/** `warm`: the process first syncs that many records for another tenant (not measured). */
function firstSync(records: number, warm = 0): Figures {
  const args = [String(records), ...(warm > 0 ? ['--warm', String(warm)] : [])];
  const child = spawnSync(process.execPath, ['--expose-gc', ...childArgs, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) throw new Error(`first sync of ${records} exited ${child.status}`);
  const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Figures;
  const after = warm > 0 ? `, after one of ${warm} in the same process` : '';
  process.stdout.write(
    `first sync of ${records} customers (${UNDER_TSX ? 'under tsx' : 'compiled'}${after}): ${figures.status}, ${figures.created} created, ${figures.links} links, ` +
      `${(figures.ms / 1000).toFixed(1)} s (${Math.round((records / figures.ms) * 1000)} records/s), ` +
      `CPU ${figures.cpuUsPerRecord.toFixed(0)} µs/record, peak RSS ${figures.peakRssMb.toFixed(0)} MB, ` +
      `heap after the run once collected ${figures.heapAfterGcMb.toFixed(0)} MB\n`,
  );
  return figures;
}

const small = firstSync(SMALL);
const large = firstSync(LARGE);
// Not a target, a figure for the one above: a fresh process compiles the engine during its first
// run (~10 µs a record of the 10,000's CPU, ADR 0098), which a backend that has synced before
// does not.
const warmed = firstSync(SMALL, SMALL);
for (const [f, label] of [
  [small, ''],
  [large, ''],
  [warmed, ' (warm process)'],
] as const) {
  expectTarget(`first sync of ${f.records}${label}: records linked`, f.links, 'links', {
    min: f.records,
  });
}
expectTarget(`engine CPU per record (first sync of ${SMALL})`, small.cpuUsPerRecord, 'µs', {
  max: 100,
});
expectTarget(`engine CPU per record (first sync of ${LARGE})`, large.cpuUsPerRecord, 'µs', {
  max: 100,
});
expectTarget(`peak RSS, first sync of ${LARGE}`, large.peakRssMb, 'MB', { max: 300 });
expectTarget(
  `peak RSS growth ${SMALL} → ${LARGE}`,
  (large.peakRssMb / small.peakRssMb - 1) * 100,
  '%',
  { max: 10 },
);
// What the RSS figure cannot tell apart: a run that keeps something per record, or V8 letting a
// longer run's garbage pile higher before it collects. The heap left once collected is the first.
expectTarget(
  `heap kept after the run, growth ${SMALL} → ${LARGE}`,
  (large.heapAfterGcMb / small.heapAfterGcMb - 1) * 100,
  '%',
  { max: 10 },
);
