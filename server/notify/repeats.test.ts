import crypto from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDb, type TestDb } from '../../test/db.js';
import { createRepositories, type Repositories } from '../db/repositories/index.js';
import { createLogger } from '../logging.js';
import { SecretBox } from '../security/secret-box.js';
import type { FinalRunStatus } from '../sync/vocabulary.js';
import type { EmailMessage } from './message.js';
import { Notifier } from './notifier.js';

/**
 * "Failures only" tells people when a module starts failing, when the failure changes and when
 * it recovers: not once per scheduled slot while Sage stays down (every 5 minutes, 288 a day).
 */
describe('failure notifications of a module that keeps failing', () => {
  let t: TestDb;
  let repos: Repositories;
  let tenantId: string;
  const sent: EmailMessage[] = [];
  let notifier: Notifier;

  beforeEach(async () => {
    t = await openTestDb('sqlite');
    repos = createRepositories(t.db, new SecretBox('k1', crypto.randomBytes(32)));
    tenantId = (await repos.tenants.create({ zohoOrgId: '64001', name: 'Acme' })).id;
    await repos.notificationSettings.save({
      tenantId,
      mode: 'failures',
      emails: ['ops@example.test'],
    });
    sent.length = 0;
    notifier = new Notifier({
      repos,
      logger: createLogger('silent'),
      email: { send: (_to, m) => (sent.push(m), Promise.resolve({ ok: true })) },
      runLink: 'https://crm.example.test/runs/{runId}',
      maxAttempts: 1,
      retryBaseMs: 10,
      webhookTimeoutMs: 1000,
      allowInternalWebhooks: true,
    });
  });
  afterEach(async () => {
    await notifier.close();
    await t.destroy();
  });

  let minute = 0;
  const ran = async (status: FinalRunStatus, reason?: string) => {
    const at = new Date(Date.UTC(2026, 11, 2, 3, minute++)).toISOString();
    const run = await repos.runs.start(
      { tenantId, module: 'Accounts', direction: 'both', kind: 'incremental', dryRun: false },
      at,
    );
    await repos.runs.finish(tenantId, run.id, { status, counts: {}, reason }, at);
    return (await notifier.notifyRun(tenantId, run.id)).length;
  };
  const down = 'Sage 100 (eBWS) could not be reached: connect ECONNREFUSED';

  it('sends the first failure, not its repeats; a new reason and the recovery are sent', async () => {
    expect(await ran('succeeded')).toBe(0);
    expect(await ran('failed', down)).toBe(1);
    expect(await ran('failed', down)).toBe(0);
    expect(await ran('failed', down)).toBe(0);
    expect(await ran('failed', 'Zoho refused the grant: invalid_token')).toBe(1);
    expect(await ran('succeeded')).toBe(1);
    expect(await ran('succeeded')).toBe(0);
    expect(await ran('failed', down)).toBe(1);
    // A partial run's failures are records of its own (they wait in review, not retried by the
    // next run): the same count again is new records, told each time.
    const partial = '1 failed, 0 in review, 0 skipped';
    expect(await ran('partial', partial)).toBe(1);
    expect(await ran('partial', partial)).toBe(1);
    expect(sent.map((m) => m.subject)).toEqual([
      '[Sage 100 Sync] Accounts incremental run failed: no records',
      '[Sage 100 Sync] Accounts incremental run failed: no records',
      '[Sage 100 Sync] Accounts recovered: incremental run succeeded: no records',
      '[Sage 100 Sync] Accounts incremental run failed: no records',
      '[Sage 100 Sync] Accounts incremental run partial: no records',
      '[Sage 100 Sync] Accounts incremental run partial: no records',
    ]);
  });
});
