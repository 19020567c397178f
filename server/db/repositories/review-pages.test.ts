import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../../test/db.js';
import { describeEngines } from '../../../test/requirements.js';
import { SecretBox } from '../../security/secret-box.js';
import { createRepositories, type Repositories } from './index.js';

/** The review lists read in keyset pages: match proposals by score then id, conflicts by id. */
describeEngines('review list pages on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;

  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '62001', name: 'Acme' })).id;
  });
  afterEach(async () => t.destroy());

  it('pages match proposals by score, ties by id, none twice', async () => {
    const scores = [70, 95, 70, 80, 95, 70, 60];
    await repos.matchProposals.add(
      scores.map((score, i) => ({
        tenantId,
        module: 'Accounts' as const,
        zohoId: `z${i}`,
        sageKey: `s${i}`,
        score,
        reasons: [],
        summary: { zoho: {}, sage: {} },
      })),
    );
    const all = await repos.matchProposals.list(tenantId, 'Accounts', 'open');
    const read: string[] = [];
    let after: { score: number; id: number } | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await repos.matchProposals.list(tenantId, 'Accounts', 'open', {
        after,
        limit: 3,
      });
      read.push(...page.map((p) => `${p.score}:${p.zohoId}`));
      if (page.length < 3) break;
      after = { score: page[2]!.score, id: page[2]!.id };
    }
    expect(read).toEqual(['95:z1', '95:z4', '80:z3', '70:z0', '70:z2', '70:z5', '60:z6']);
    expect(read).toEqual(all.map((p) => `${p.score}:${p.zohoId}`));
  });

  it('pages open conflicts by id', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        await repos.conflicts.open({
          tenantId,
          module: 'Accounts',
          zohoId: `z${i}`,
          sageKey: `s${i}`,
          fields: [],
        }),
      );
    }
    const first = await repos.conflicts.listOpen(tenantId, undefined, { limit: 2 });
    expect(first.map((c) => c.id)).toEqual(ids.slice(0, 2));
    const rest = await repos.conflicts.listOpen(tenantId, 'Accounts', {
      afterId: ids[1],
      limit: 9,
    });
    expect(rest.map((c) => c.id)).toEqual(ids.slice(2));
  });
});
