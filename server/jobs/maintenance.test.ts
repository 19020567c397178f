import crypto from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { describeEngines } from '../../test/requirements.js';
import { TABLES } from '../db/tables.js';
import { runMaintenance } from './maintenance.js';
import { jobsWorld, silent, type JobsWorld } from './testing.js';

describeEngines('maintenance tasks (%s)', (engine) => {
  let world: JobsWorld;
  beforeEach(async () => {
    world = await jobsWorld(engine);
  });
  afterEach(() => world.destroy());

  interface ChannelsStub {
    canReceive: boolean;
    renewExpiring(tenantId: string): Promise<number>;
    ensure(
      tenantId: string,
      modules: string[],
    ): Promise<'current' | 'enabled' | 'disabled' | 'none'>;
  }
  const deps = (channels?: ChannelsStub) => ({
    repos: world.repos,
    channels,
    eventRetentionDays: 90,
    logger: silent,
  });

  it('renews channels of active tenants; one failing tenant does not stop the others', async () => {
    const a = await world.tenant('A', {});
    const b = await world.tenant('B', {});
    const off = await world.tenant('Off', {});
    await world.repos.tenants.setStatus(off, 'suspended');
    const renewed: string[] = [];
    const result = await runMaintenance(
      deps({
        canReceive: false,
        ensure: () => Promise.reject(new Error('no public URL: never asked')),
        renewExpiring: (id) => {
          if (id === a) return Promise.reject(new Error('Zoho refused'));
          renewed.push(id);
          return Promise.resolve(1);
        },
      }),
      'renew_zoho_channels',
      new Date(),
    );
    expect(renewed).toEqual([b]);
    expect(result).toEqual({ done: 1, failed: 1 });
    // Without Zoho configured there is nothing to renew, and that is not a failure.
    expect(await runMaintenance(deps(), 'renew_zoho_channels', new Date())).toEqual({
      done: 2,
      failed: 0,
    });
  });

  it('with a public URL, watches exactly the modules whose Zoho changes flow to Sage', async () => {
    const a = await world.tenant('A', { Accounts: { kind: 'interval', seconds: 900 } });
    const accounts = await world.repos.moduleSettings.get(a, 'Accounts');
    await world.repos.moduleSettings.save({ ...accounts!, direction: 'both' });
    const b = await world.tenant('B', { Products: { kind: 'interval', seconds: 900 } });
    const ensured: Array<[string, string[]]> = [];
    const result = await runMaintenance(
      deps({
        canReceive: true,
        ensure: (id, modules) => {
          ensured.push([id, modules]);
          return Promise.resolve(modules.length ? 'enabled' : 'none');
        },
        renewExpiring: () => Promise.resolve(0),
      }),
      'renew_zoho_channels',
      new Date(),
    );
    expect(result).toEqual({ done: 2, failed: 0 });
    expect(ensured).toEqual([
      [a, ['Accounts']],
      [b, []],
    ]);
  });

  it('prunes audit events past retention for every tenant, and only theirs', async () => {
    const a = await world.tenant('A', {});
    const run = await world.repos.runs.start({
      tenantId: a,
      module: 'Accounts',
      direction: 'sage_to_zoho',
      kind: 'incremental',
      dryRun: false,
    });
    await world.repos.events.append([
      {
        tenantId: a,
        runId: run.id,
        module: 'Accounts',
        direction: 'sage_to_zoho',
        action: 'created',
        changes: [],
        attempts: [],
        attempt: 1,
      },
    ]);
    await runMaintenance(deps(), 'prune_events', new Date(Date.now() + 89 * 86_400_000));
    expect(await world.repos.events.query(a)).toHaveLength(1);
    await world.repos.tenants.setStatus(a, 'suspended');
    await runMaintenance(deps(), 'prune_events', new Date(Date.now() + 91 * 86_400_000));
    expect(await world.repos.events.query(a)).toHaveLength(0);
  });

  it('prunes credit buckets older than two days and expired sign-in states', async () => {
    const a = await world.tenant('A', {});
    const now = new Date('2026-11-21T12:00:00Z');
    await world.repos.zohoCredits.add(a, 5, new Date('2026-11-18T12:00:00Z'));
    await world.repos.zohoCredits.add(a, 7, new Date('2026-11-21T11:00:00Z'));
    await runMaintenance(deps(), 'prune_zoho_credits', now);
    const hours = await world.testDb
      .db(TABLES.zohoCreditUsage)
      .where({ tenant_id: a })
      .pluck('hour');
    expect(hours).toEqual(['2026-11-21T11']);

    const state = (expiresAt: string) => ({
      stateHash: crypto.randomBytes(16).toString('hex'),
      purpose: 'connect' as const,
      bindingHash: 'b'.repeat(64),
      createdAt: '2026-11-21T11:50:00.000Z',
      expiresAt,
    });
    const expired = state('2026-11-21T11:55:00.000Z');
    const live = state('2026-11-21T12:05:00.000Z');
    await world.repos.zohoOAuthStates.create(expired);
    await world.repos.zohoOAuthStates.create(live);
    await runMaintenance(deps(), 'purge_oauth_states', now);
    const left = await world.testDb.db(TABLES.zohoOauthStates).pluck('state_hash');
    expect(left).toEqual([live.stateHash]);
  });
});
