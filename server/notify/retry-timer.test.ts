import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { createLogger } from '../logging.js';
import { SecretBox } from '../security/secret-box.js';
import { Notifier } from './notifier.js';
import type { AttemptResult } from './transports.js';

let t: TestDb;
let repos: Repositories;
let notifier: Notifier | undefined;
beforeEach(async () => {
  t = await openTestDb('sqlite');
  repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
});
afterEach(async () => {
  await notifier?.close();
  await t.destroy();
});

/**
 * A retry's timer fires when its delay has passed on the process's timer clock; the wall clock
 * the delivery's due time was written with may not have reached it yet (timers fire up to a
 * millisecond early next to Date, and a CI run lost a webhook's retry that way: it waited for
 * the next maintenance sweep). Here the wall clock does not move at all.
 */
it('retries a delivery when its timer fires, though the wall clock says it is not due yet', async () => {
  const tenantId = (await repos.tenants.create({ zohoOrgId: '64101', name: 'Acme' })).id;
  await repos.notificationSettings.save({ tenantId, mode: 'every', emails: ['ops@example.test'] });
  const frozen = new Date('2026-12-04T05:00:00.000Z');
  const tries: string[] = [];
  let delivered: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (delivered = resolve));
  notifier = new Notifier({
    repos,
    logger: createLogger('silent'),
    email: {
      send: async (): Promise<AttemptResult> => {
        tries.push('try');
        if (tries.length < 3) return { ok: false, error: 'mail server busy', retryable: true };
        delivered();
        return { ok: true };
      },
    },
    runLink: 'https://crm.example.test/runs/{runId}',
    maxAttempts: 3,
    retryBaseMs: 10,
    webhookTimeoutMs: 1000,
    allowInternalWebhooks: true,
    now: () => frozen,
  });
  const at = frozen.toISOString();
  const run = await repos.runs.start(
    { tenantId, module: 'Accounts', direction: 'both', kind: 'manual', dryRun: false },
    at,
  );
  await repos.runs.finish(tenantId, run.id, { status: 'failed', counts: {}, reason: 'x' }, at);
  await notifier.notifyRun(tenantId, run.id);
  const timeout = new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`retried ${tries.length - 1} times of 2`)), 5000),
  );
  await Promise.race([done, timeout]);
  await notifier.idle();
  expect(tries).toHaveLength(3);
  const deliveries = await repos.deliveries.list(tenantId, { runId: run.id });
  expect(deliveries.map((d) => [d.status, d.attempts])).toEqual([['delivered', 3]]);
});
