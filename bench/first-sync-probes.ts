import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import path from 'node:path';
import v8 from 'node:v8';
import type { SinkCrm } from './generated-gateways.js';

/**
 * What first-sync-child.ts can show of a run's memory beyond its peak, each asked for by an
 * environment variable (none is on in the bench), printed to stderr (ADR 0079):
 * - FIRST_SYNC_SAMPLE=1: at 50% and 90% of the records upserted, a forced collection and what
 *   is live then (heap, its spaces, RSS, the SQLite WAL's size): retained data, told from garbage.
 * - FIRST_SYNC_SNAPSHOT=<prefix>: with SAMPLE, a heap snapshot at each of those points.
 * - FIRST_SYNC_TRACE=1: RSS, heap used and heap total every 50 ms, with the records upserted.
 * - FIRST_SYNC_ALLOCATIONS=<file>: a sampling profile of every allocation the run makes (those
 *   collected since included), by the code that made it: what a record costs the collector.
 */
export async function startProbes(run: {
  records: number;
  dir: string;
  crm: SinkCrm;
}): Promise<{ stop(): Promise<void> }> {
  const env = process.env;
  const mb = (bytes: number) => Math.round(bytes / 1e5) / 10;
  const { crm } = run;
  if (env.FIRST_SYNC_SAMPLE === '1') {
    const upsert = crm.upsert.bind(crm);
    const marks = [0.5, 0.9];
    crm.upsert = async (...args) => {
      const result = await upsert(...args);
      if (marks.length > 0 && crm.upserted >= marks[0]! * run.records) {
        marks.shift();
        const before = process.memoryUsage();
        (globalThis as { gc?: () => void }).gc?.();
        const after = process.memoryUsage();
        const wal = path.join(run.dir, 'bench.db-wal');
        const sample = {
          at: crm.upserted,
          heapBeforeGcMb: mb(before.heapUsed),
          heapAfterGcMb: mb(after.heapUsed),
          rssMb: mb(after.rss),
          externalMb: mb(after.external),
          walMb: fs.existsSync(wal) ? mb(fs.statSync(wal).size) : 0,
          spacesMb: Object.fromEntries(
            v8.getHeapSpaceStatistics().map((s) => [s.space_name, mb(s.space_used_size)]),
          ),
        };
        process.stderr.write(`${JSON.stringify(sample)}\n`);
        if (env.FIRST_SYNC_SNAPSHOT) {
          v8.writeHeapSnapshot(`${env.FIRST_SYNC_SNAPSHOT}-${crm.upserted}.heapsnapshot`);
        }
      }
      return result;
    };
  }
  const trace: number[][] = [];
  const tracer =
    env.FIRST_SYNC_TRACE === '1'
      ? setInterval(() => {
          const m = process.memoryUsage();
          trace.push([crm.upserted, m.rss >> 20, m.heapUsed >> 20, m.heapTotal >> 20]);
        }, 50)
      : undefined;
  const allocations = env.FIRST_SYNC_ALLOCATIONS;
  const session = allocations ? new inspector.Session() : undefined;
  if (session) {
    session.connect();
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  }
  return {
    async stop() {
      if (session) {
        const { profile } = await session.post('HeapProfiler.stopSampling');
        fs.writeFileSync(allocations!, JSON.stringify(profile));
        session.disconnect();
      }
      if (tracer) {
        clearInterval(tracer);
        process.stderr.write('trace: upserted, rss MB, heap used MB, heap total MB\n');
        for (const row of trace) process.stderr.write(`${row.join(' ')}\n`);
      }
    },
  };
}
