import { describe, expect, it } from 'vitest';
import type { SyncAccepted } from '../platform/records.js';
import { followRun, type RunReader } from './follow-run.js';

const accepted: SyncAccepted = {
  runId: 'r1',
  location: '/api/v1/runs/r1',
  run: { id: 'r1', status: 'running', reason: null },
};
const record = { module: 'Accounts' as const, recordId: '42' };

/** An API whose run reads `statuses` in turn (the last one repeats), and whose record is `status`. */
function reader(
  statuses: string[],
  status: Record<string, unknown>,
): RunReader & { paths: string[] } {
  const paths: string[] = [];
  let i = 0;
  return {
    paths,
    get: <T>(path: string) => {
      paths.push(path);
      if (path === accepted.location) {
        const s = statuses[Math.min(i++, statuses.length - 1)]!;
        return Promise.resolve({ id: 'r1', status: s, reason: null } as T);
      }
      return Promise.resolve(status as T);
    },
  };
}

describe('following a record sync past the deadline', () => {
  it('reads the record once the run has ended, and calls it synced when linked', async () => {
    const api = reader(['running', 'succeeded'], {
      linked: true,
      sageKey: '01-0000042',
      lastError: null,
    });
    expect(await followRun(api, record, accepted, { waitMs: 0 })).toEqual({
      module: 'Accounts',
      zohoId: '42',
      sageKey: '01-0000042',
      action: 'synced',
      reason: null,
    });
    expect(api.paths).toEqual([
      '/api/v1/runs/r1',
      '/api/v1/runs/r1',
      '/api/v1/records/Accounts/42/status',
    ]);
  });

  it('says a failed run failed, with the record’s error', async () => {
    const api = reader(['failed'], {
      linked: false,
      sageKey: null,
      lastError: 'CustomerName is required',
    });
    expect(await followRun(api, record, accepted, { waitMs: 0 })).toMatchObject({
      action: 'failed',
      reason: 'CustomerName is required',
    });
  });

  it('gives no outcome while the run is still going after its polls: it was not "not sent"', async () => {
    const api = reader(['running'], { linked: false, sageKey: null, lastError: null });
    expect(await followRun(api, record, accepted, { polls: 3, waitMs: 0 })).toBeUndefined();
    expect(api.paths).toEqual(['/api/v1/runs/r1', '/api/v1/runs/r1', '/api/v1/runs/r1']);
  });
});
