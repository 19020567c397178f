import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { describeEngines } from '../../test/requirements.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { createLogger } from '../logging.js';
import { SecretBox } from '../security/secret-box.js';
import { CreditLedger } from './credit-ledger.js';

/**
 * Credits of many Zoho calls, written one upsert per tenant and hour a second: the totals add up
 * to the credit exactly, before the write (pending counts), after it, across an hour's end and
 * after a failed write.
 */
describeEngines('Zoho credit ledger on %s', (engine) => {
  let t: TestDb;
  let repos: Repositories;
  let acme: string;
  let other: string;
  let clock: number;
  const logger = createLogger('silent');
  beforeEach(async () => {
    t = await openTestDb(engine);
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    acme = (await repos.tenants.create({ zohoOrgId: '81001', name: 'Acme' })).id;
    other = (await repos.tenants.create({ zohoOrgId: '81002', name: 'Other' })).id;
    clock = Date.parse('2026-12-01T10:59:58Z');
  });
  afterEach(async () => {
    vi.useRealTimers();
    await t.destroy();
  });
  const ledger = () =>
    new CreditLedger(repos.zohoCredits, { logger, flushMs: 60_000, now: () => clock });
  const at = new Date('2026-12-01T11:30:00Z');

  it('writes 300 calls of two tenants as one upsert each; the totals stay exact', async () => {
    const add = vi.spyOn(repos.zohoCredits, 'add');
    const l = ledger();
    for (let i = 0; i < 250; i++) l.add(acme, 1);
    for (let i = 0; i < 50; i++) l.add(other, 3);
    // Not written yet, and counted all the same.
    expect(add).not.toHaveBeenCalled();
    expect(await l.usedInLast24h(acme, at)).toBe(250);
    expect(await l.usedInLast24h(other, at)).toBe(150);
    await l.flush();
    expect(add.mock.calls.map(([tenant, credits]) => [tenant, credits])).toEqual([
      [acme, 250],
      [other, 150],
    ]);
    expect(await repos.zohoCredits.usedInLast24h(acme, at)).toBe(250);
    expect(await repos.zohoCredits.usedInLast24h(other, at)).toBe(150);
    expect(await l.usedInLast24h(acme, at)).toBe(250);
    await l.flush();
    expect(add).toHaveBeenCalledTimes(2);
  });

  it("keeps each call in its own hour's bucket across the hour's end", async () => {
    const l = ledger();
    l.add(acme, 2);
    clock = Date.parse('2026-12-01T11:00:01Z');
    l.add(acme, 5);
    await l.flush();
    const rows = await t
      .db('zoho_credit_usage')
      .where({ tenant_id: acme })
      .orderBy('hour')
      .select('hour', 'credits');
    expect(rows.map((r) => [r.hour, Number(r.credits)])).toEqual([
      ['2026-12-01T10', 2],
      ['2026-12-01T11', 5],
    ]);
  });

  it('a failed write keeps its credits for the next one', async () => {
    const l = ledger();
    for (let i = 0; i < 7; i++) l.add(acme, 1);
    vi.spyOn(repos.zohoCredits, 'add').mockRejectedValueOnce(new Error('database is locked'));
    await l.flush();
    expect(await repos.zohoCredits.usedInLast24h(acme, at)).toBe(0);
    expect(await l.usedInLast24h(acme, at)).toBe(7);
    l.add(acme, 1);
    await l.flush();
    expect(await repos.zohoCredits.usedInLast24h(acme, at)).toBe(8);
    expect(await l.usedInLast24h(acme, at)).toBe(8);
  });

  it('writes on its own once flushMs has passed', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const add = vi.spyOn(repos.zohoCredits, 'add');
    const l = ledger();
    l.add(acme, 4);
    l.add(acme, 4);
    vi.advanceTimersByTime(59_999);
    expect(add).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    vi.useRealTimers();
    await vi.waitFor(() => expect(add).toHaveBeenCalledWith(acme, 8, expect.any(Date)));
    await l.flush();
    expect(await repos.zohoCredits.usedInLast24h(acme, at)).toBe(8);
  });
});
