import { describe, expect, it } from 'vitest';
import type { Repositories } from '../db/repositories/index.js';
import { runTenantCommand } from './tenant-command.js';

/** An operator's typo in a proposal id or a day count is named as it was typed. */
describe('tenant CLI number options', () => {
  const repos = {
    tenants: { get: async () => ({ id: 't1' }), list: async () => [] },
  } as unknown as Repositories;
  const engineFor = () => Promise.reject(new Error('the engine was opened for a usage error'));
  const run = async (argv: string[]) => {
    const err: string[] = [];
    const code = await runTenantCommand(argv, { out: () => {}, err: (l) => err.push(l) }, repos, {
      engineFor,
    });
    return { code, first: err[0]?.split('\n')[0] };
  };
  const matches = ['matches', '--tenant', 't1', '--module', 'Accounts'];

  it('refuses a proposal id that is not a whole number before opening the engine', async () => {
    expect(await run([...matches, '--confirm', 'abc'])).toEqual({
      code: 1,
      first: '--confirm "abc" is not a proposal id (a whole number, as listed: #17)',
    });
    expect(await run([...matches, '--reject', '1.5'])).toEqual({
      code: 1,
      first: '--reject "1.5" is not a proposal id (a whole number, as listed: #17)',
    });
  });

  it('says a day count must be at least 1', async () => {
    expect(await run(['prune-events', '--days', '0'])).toEqual({
      code: 1,
      first: '--days "0" is not a whole number of days, 1 or more',
    });
  });
});
