import { startSyncRig } from '../test/sync/rig.js';
import { customerRows } from './customer-rows.js';
import { expectTarget } from './targets.js';

/**
 * End to end through the real clients over HTTP: the Sage agent's feed (SOAP) into Zoho upserts
 * (REST), both against the simulators, with links and audit events stored in SQLite. Figures:
 * the first sync of N new customers, a quiet re-run, and an incremental run after edits.
 * Target (2 cores): first sync >= 200 customers/s; quiet re-run of N under 5 s.
 */
const N = 2000;
const EDITED = 100;

const rig = await startSyncRig('sqlite');
try {
  for (const row of customerRows(N, 'B', 'Bench Customer')) rig.company.insert('AR_Customer', row);
  await rig.configure('Accounts', 'sage_to_zoho');
  const mb = () => Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  const heapBefore = mb();

  let started = performance.now();
  const first = await rig.engine.run(rig.tenantId, 'Accounts');
  const firstMs = performance.now() - started;
  rig.advanceSage(60);
  started = performance.now();
  const quiet = await rig.engine.run(rig.tenantId, 'Accounts');
  const quietMs = performance.now() - started;

  rig.advanceSage(3600);
  for (let i = 0; i < EDITED; i++) {
    const key = { ARDivisionNo: '01', CustomerNo: `B${String(i * 7).padStart(6, '0')}` };
    rig.company.update('AR_Customer', key, { CustomerName: `Bench Customer ${i * 7} (renamed)` });
  }
  started = performance.now();
  const edits = await rig.engine.run(rig.tenantId, 'Accounts');
  const editsMs = performance.now() - started;

  const line = (label: string, ms: number, report: typeof first) =>
    `${label}: ${(ms / 1000).toFixed(2)} s, ${report.status}, ${JSON.stringify(report.counts)}`;
  process.stdout.write(
    [
      line(`first sync of ${N} customers`, firstMs, first) +
        ` = ${Math.round((N / firstMs) * 1000)} customers/s (target >= 200)`,
      line(`quiet re-run`, quietMs, quiet) + ' (target < 5 s)',
      line(`incremental after ${EDITED} edits`, editsMs, edits),
      `heap: ${heapBefore} MB before, ${mb()} MB after; Zoho accounts: ${rig.zohoRecords('Accounts').length}`,
    ].join('\n') + '\n',
  );
  expectTarget(`first sync of ${N} customers`, (N / firstMs) * 1000, 'customers/s', { min: 200 });
  expectTarget('quiet re-run', quietMs / 1000, 's', { max: 5 });
} finally {
  await rig.close();
}
