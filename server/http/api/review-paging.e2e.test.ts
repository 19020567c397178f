import { afterAll, beforeAll, expect, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './api-fixture.js';

/** GET /matches and GET /conflicts in keyset pages: `after` + `nextAfter`, `limit` 1-1000. */
let fx: ApiFixture;
beforeAll(async () => {
  fx = await startApiFixture();
}, 30_000);
afterAll(async () => {
  await fx?.close();
});

const expectProblem = (res: { status: number; type: string }, status: number) => {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/application\/problem\+json/);
};

/** Every page of a list, following nextAfter; the pages' sizes. */
async function readAll(path: string, key: string, limit: number) {
  const items: Array<{ id: number; score?: number }> = [];
  const sizes: number[] = [];
  let after: number | null = null;
  for (let i = 0; i < 50; i++) {
    const sep = path.includes('?') ? '&' : '?';
    const res = await fx.call(
      'GET',
      `${path}${sep}limit=${limit}${after === null ? '' : `&after=${after}`}`,
      fx.adminToken,
    );
    expect(res.status).toBe(200);
    items.push(...res.body[key]);
    sizes.push(res.body[key].length);
    after = res.body.nextAfter;
    if (after === null) break;
  }
  return { items, sizes };
}

it('an empty list is one page, nextAfter null', async () => {
  const res = await fx.call('GET', '/matches?module=Products&status=confirmed', fx.adminToken);
  expect(res.body).toMatchObject({ proposals: [], nextAfter: null });
  const conflicts = await fx.call('GET', '/conflicts?module=Products', fx.adminToken);
  expect(conflicts.body).toMatchObject({ conflicts: [], nextAfter: null });
});

it('match proposals come in pages by score then id, none twice, ending null', async () => {
  const scores = [88, 91, 88, 75, 91, 60, 88];
  await fx.backend.repos.matchProposals.add(
    scores.map((score, i) => ({
      tenantId: fx.tenantId,
      module: 'Contacts' as const,
      zohoId: `900${i}`,
      sageKey: `01-PAGE${i}`,
      score,
      reasons: ['name'],
      summary: { zoho: {}, sage: {} },
    })),
  );
  const whole = await fx.call('GET', '/matches?module=Contacts', fx.adminToken);
  expect(whole.body.nextAfter).toBeNull();
  expect(whole.body.proposals.map((p: { score: number }) => p.score)).toEqual([
    91, 91, 88, 88, 88, 75, 60,
  ]);
  const paged = await readAll('/matches?module=Contacts', 'proposals', 3);
  expect(paged.sizes).toEqual([3, 3, 1]);
  expect(paged.items.map((p) => p.id)).toEqual(
    whole.body.proposals.map((p: { id: number }) => p.id),
  );
  // A page that ends exactly at the end says null, not a next empty page.
  expect((await readAll('/matches?module=Contacts', 'proposals', 7)).sizes).toEqual([7]);
});

it('open conflicts come in pages by id', async () => {
  for (let i = 0; i < 5; i++) {
    await fx.backend.repos.conflicts.open({
      tenantId: fx.tenantId,
      module: 'Contacts',
      zohoId: `800${i}`,
      sageKey: `01-CONF${i}`,
      fields: [],
    });
  }
  const whole = await fx.call('GET', '/conflicts?module=Contacts', fx.adminToken);
  expect(whole.body.conflicts).toHaveLength(5);
  const paged = await readAll('/conflicts?module=Contacts', 'conflicts', 2);
  expect(paged.sizes).toEqual([2, 2, 1]);
  expect(paged.items.map((c) => c.id)).toEqual(
    whole.body.conflicts.map((c: { id: number }) => c.id),
  );
});

it('a bad limit or after is a 400 that names it', async () => {
  for (const q of ['limit=0', 'limit=1001', 'limit=ten', 'after=-1', 'after=x']) {
    const matches = await fx.call('GET', `/matches?module=Contacts&${q}`, fx.adminToken);
    expectProblem(matches, 400);
    expect(JSON.stringify(matches.body)).toContain(q.split('=')[0]);
    expectProblem(await fx.call('GET', `/conflicts?${q}`, fx.adminToken), 400);
  }
  // A proposal id that is not this module's: nowhere to continue from.
  const res = await fx.call('GET', '/matches?module=Contacts&after=999999', fx.adminToken);
  expectProblem(res, 400);
  expect(res.body.detail).toMatch(/after: no match proposal 999999 of Contacts/);
});
