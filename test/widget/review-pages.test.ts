import { expect, it } from 'vitest';
import { settingsApi } from '../../widget/src/settings/api.js';

/** The review sections read every page of GET /matches and GET /conflicts, as they showed all. */
it('reads every page of match proposals and conflicts, following nextAfter', async () => {
  const asked: string[] = [];
  const pages: Record<string, unknown> = {
    '/api/v1/matches?module=Accounts': { proposals: [{ id: 4 }, { id: 2 }], nextAfter: 2 },
    '/api/v1/matches?module=Accounts&after=2': { proposals: [{ id: 9 }], nextAfter: null },
    '/api/v1/conflicts': { conflicts: [{ id: 1 }], nextAfter: 1 },
    '/api/v1/conflicts?after=1': { conflicts: [{ id: 3 }], nextAfter: 3 },
    '/api/v1/conflicts?after=3': { conflicts: [], nextAfter: null },
  };
  const client = {
    request: <T>(method: string, path: string): Promise<T> => {
      asked.push(`${method} ${path}`);
      return Promise.resolve(pages[path] as T);
    },
  };
  const api = settingsApi(client);
  expect((await api.matches('Accounts')).proposals.map((p) => p.id)).toEqual([4, 2, 9]);
  expect((await api.conflicts()).conflicts.map((c) => c.id)).toEqual([1, 3]);
  expect(asked).toEqual([
    'GET /api/v1/matches?module=Accounts',
    'GET /api/v1/matches?module=Accounts&after=2',
    'GET /api/v1/conflicts',
    'GET /api/v1/conflicts?after=1',
    'GET /api/v1/conflicts?after=3',
  ]);
});
