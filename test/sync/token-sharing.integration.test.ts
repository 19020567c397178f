import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { engineOpener } from '../../server/cli/main-wiring.js';
import { runSyncCommand } from '../../server/cli/sync-command.js';
import { parseConfig } from '../../server/config.js';
import { createDb } from '../../server/db/knex.js';
import { createRepositories } from '../../server/db/repositories/index.js';
import { composeServices, type Services } from '../../server/root.js';
import { settingsOrDefault } from '../../server/sync/modules.js';
import { ensureExtensionFields } from '../../server/zoho/extension-fields.js';
import { describeEngines } from '../requirements.js';
import { CLIENT_ID, CLIENT_SECRET } from '../zoho/fixture.js';
import { startSyncRig, type SyncRig } from './rig.js';

const logger = pino({ level: 'silent' });

/**
 * Issue 10 item 1: one Zoho client per process, its access token shared with every other process
 * on the database. Before, every engine opening built its own client and refreshed, so the 11th
 * opening (or CLI run) within 10 minutes met Zoho's token limit.
 */
describeEngines('Zoho access token shared by engines and processes (%s)', (engine) => {
  let rig: SyncRig;
  let tenants: Array<{ tenantId: string; orgId: string }>;
  const config = () =>
    parseConfig({
      ZOHO_CLIENT_ID: CLIENT_ID,
      ZOHO_CLIENT_SECRET: CLIENT_SECRET,
      ZOHO_ACCOUNTS_URL: rig.zoho.sim.accountsUrl,
      ZOHO_SANDBOX: 'false',
    });

  /** A separate process: its own pool on the same database, its own memory, its own root. */
  const otherProcess = (): Services => {
    const db = createDb(rig.zoho.t.target, { schema: rig.zoho.t.schema });
    return composeServices(
      { box: rig.zoho.box, db, repos: createRepositories(db, rig.zoho.box) },
      config(),
      logger,
    );
  };
  const grants = () => tenants.map((t) => rig.zoho.sim.admin.refreshGrantsFor(t.orgId));

  beforeEach(async () => {
    rig = await startSyncRig(engine);
    const second = await rig.zoho.addTenant('Second Distribution');
    await ensureExtensionFields(rig.zoho.client.forTenant(second.tenantId));
    tenants = [rig.tenant, second];
    for (const { tenantId } of tenants) {
      await rig.zoho.repos.sageConnections.save({
        tenantId,
        endpointUrl: rig.sage.sim.url,
        companyCode: 'ABC',
        username: 'webuser',
        password: 'Sage100!',
        timeZone: 'America/Chicago',
        lengthProfile: '2023',
        agentUrl: rig.agentUrl,
        agentToken: rig.agentToken,
      });
      const repo = rig.zoho.repos.moduleSettings;
      const current = settingsOrDefault(tenantId, 'Accounts', await repo.get(tenantId, 'Accounts'));
      await repo.save({ ...current, direction: 'sage_to_zoho', initialMatchDone: true });
    }
  });
  afterEach(async () => rig.close());

  it('100 engine openings and 12 CLI runs within 10 minutes ask Zoho for one token per tenant', async () => {
    // The fixture's own client connected both tenants (one token each, in its memory only).
    const before = grants();
    const backend = composeServices(
      { box: rig.zoho.box, db: rig.zoho.t.db, repos: rig.zoho.repos },
      config(),
      logger,
    );
    const started = Date.now();
    try {
      for (let i = 0; i < 100; i++) {
        const { tenantId } = tenants[i % 2]!;
        const opened = await backend.engines.open(tenantId);
        try {
          const report = await opened.engine.run(tenantId, 'Accounts');
          expect(report.status, report.reason).toBe('succeeded');
        } finally {
          opened.close();
        }
      }
      // One agent client per tenant for the whole process, however many engines were opened.
      expect(backend.agents.size).toBe(2);
    } finally {
      await backend.agents.close();
    }
    expect(grants().map((g, i) => g - before[i]!)).toEqual([1, 1]);

    // Twelve CLI runs, each a process of its own, two at a time.
    for (let round = 0; round < 6; round++) {
      await Promise.all(
        tenants.map(async ({ tenantId }) => {
          const cli = otherProcess();
          const err: string[] = [];
          try {
            const code = await runSyncCommand(
              ['--tenant', tenantId, '--module', 'Accounts'],
              { out: () => undefined, err: (l) => void err.push(l) },
              { repos: cli.repos, engineFor: engineOpener(cli) },
            );
            expect(err).toEqual([]);
            expect(code).toBe(0);
          } finally {
            await cli.close();
          }
        }),
      );
    }
    expect(Date.now() - started).toBeLessThan(10 * 60_000);
    expect(grants().map((g, i) => g - before[i]!)).toEqual([1, 1]);
    // Every account arrived once, for each tenant.
    expect(rig.zohoRecords('Accounts').map((a) => a.Sage_Key)).toEqual(['01-ABF']);
    expect(rig.zoho.sim.admin.records(tenants[1]!.orgId, 'Accounts')).toHaveLength(1);
  }, 120_000);

  it('processes that all lack a token refresh once between them, not once each', async () => {
    const processes = Array.from({ length: 6 }, () => otherProcess());
    const before = grants();
    try {
      const orgs = await Promise.all(
        processes.flatMap((p) =>
          tenants.map((t) => p.zoho!.client.forTenant(t.tenantId).metadata.getOrg()),
        ),
      );
      expect(orgs.map((o) => o.id)).toEqual(processes.flatMap(() => tenants.map((t) => t.orgId)));
      expect(grants().map((g, i) => g - before[i]!)).toEqual([1, 1]);

      // Zoho revokes the token early: the first process refused discards the shared token, one
      // refreshes, and the others take the new token instead of each minting their own.
      rig.zoho.sim.admin.expireAccessTokens(tenants[0]!.orgId);
      for (const p of processes) {
        expect((await p.zoho!.client.forTenant(tenants[0]!.tenantId).metadata.getOrg()).id).toBe(
          tenants[0]!.orgId,
        );
      }
      expect(grants().map((g, i) => g - before[i]!)).toEqual([2, 1]);
    } finally {
      await Promise.all(processes.map((p) => p.close()));
    }
  });

  it('a reconnect drops the old grant’s shared token', async () => {
    const one = otherProcess();
    try {
      await one.zoho!.client.forTenant(rig.tenantId).metadata.getOrg();
      expect(await one.repos.zohoAccessTokens.read(rig.tenantId)).toMatchObject({
        accessToken: expect.stringMatching(/^1000\./),
      });
      const grant = (await one.repos.zohoConnections.get(rig.tenantId))!;
      await one.repos.zohoConnections.save(grant);
      expect(await one.repos.zohoAccessTokens.read(rig.tenantId)).toBeUndefined();
    } finally {
      await one.close();
    }
  });
});
