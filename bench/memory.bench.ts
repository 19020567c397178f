import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expectTarget } from './targets.js';

/**
 * Memory and CPU of a first sync, by size: each size runs in a process of its own
 * (first-sync-child.ts: generated Sage customers into Zoho over SQLite, the engine and its storage
 * alone, no simulator holding the records), so its peak RSS is that run's.
 * Targets: a 100,000-customer first sync streams page by page: peak RSS <= 300 MB, growing <= 10%
 * from 10,000 customers to 100,000; the engine spends <= 100 µs of CPU per record.
 * BENCH_FIRST_SYNC_RECORDS sets the large size (default 100,000; about a minute on 2 cores).
 */
const SMALL = 10_000;
const LARGE = Number(process.env.BENCH_FIRST_SYNC_RECORDS ?? 100_000);

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

function firstSync(records: number): Figures {
  const child = spawnSync(
    process.execPath,
    [
      '--expose-gc',
      '--import',
      'tsx',
      path.join(import.meta.dirname, 'first-sync-child.ts'),
      String(records),
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) throw new Error(`first sync of ${records} exited ${child.status}`);
  const figures = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as Figures;
  process.stdout.write(
    `first sync of ${records} customers: ${figures.status}, ${figures.created} created, ${figures.links} links, ` +
      `${(figures.ms / 1000).toFixed(1)} s (${Math.round((records / figures.ms) * 1000)} records/s), ` +
      `CPU ${figures.cpuUsPerRecord.toFixed(0)} µs/record, peak RSS ${figures.peakRssMb.toFixed(0)} MB, ` +
      `heap after the run once collected ${figures.heapAfterGcMb.toFixed(0)} MB\n`,
  );
  return figures;
}

const small = firstSync(SMALL);
const large = firstSync(LARGE);
for (const f of [small, large]) {
  expectTarget(`first sync of ${f.records}: records linked`, f.links, 'links', { min: f.records });
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
