import { settingsOrDefault } from '../../server/sync/modules.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { parseConfig } from '../../server/config.js';
import { engineOpener } from '../../server/cli/main-wiring.js';
import { composeServices } from '../../server/root.js';
import { runSyncCommand } from '../../server/cli/sync-command.js';
import { runTenantCommand } from '../../server/cli/tenant-command.js';
import { GL_MODULE_INSTRUCTIONS } from '../../server/zoho/extension-fields.js';
import { describeEngines } from '../requirements.js';
import { CLIENT_ID, CLIENT_SECRET } from '../zoho/fixture.js';
import { startSyncRig, type SyncRig } from './rig.js';

const logger = pino({ level: 'silent' });

describeEngines('operator CLI (%s)', (engine) => {
  let rig: SyncRig;
  let dir: string;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };

  beforeEach(async () => {
    rig = await startSyncRig(engine);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    out = [];
    err = [];
  });
  afterEach(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await rig.close();
  });

  function tenantFile(orgId: string, refreshToken: string, extra: Record<string, unknown> = {}) {
    return {
      name: 'Bolt Supply',
      zoho: {
        orgId,
        dataCentre: 'us',
        accountsServer: rig.zoho.sim.accountsUrl,
        apiDomain: rig.zoho.sim.apiDomain,
        refreshToken,
        scope: 'ZohoCRM.modules.ALL,ZohoCRM.settings.ALL',
      },
      sage: {
        endpointUrl: rig.sage.sim.url,
        companyCode: 'ABC',
        username: 'webuser',
        password: 'Sage100!',
        timeZone: 'America/Chicago',
        agentUrl: rig.agentUrl,
        agentToken: rig.agentToken,
      },
      modules: {
        Contacts: { direction: 'both', deletePolicy: 'mark_inactive', initialMatchDone: true },
      },
      ...extra,
    };
  }

  const write = (name: string, content: unknown) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  const newOrg = () => {
    const org = rig.zoho.sim.admin.createOrg({ companyName: 'Bolt Supply' });
    const admin = rig.zoho.sim.admin.createUser(org.id, {
      email: 'admin@bolt.example',
      profile: 'Administrator',
    });
    const refreshToken = rig.zoho.sim.admin.mintRefreshToken(org.id, admin.id, {
      clientId: CLIENT_ID,
    });
    return { org, refreshToken };
  };
  const crmFor = (tenantId: string) => rig.zoho.client.forTenant(tenantId);

  it('adds a tenant from a file and syncs a module, printing a summary', async () => {
    const { org, refreshToken } = newOrg();
    const file = write('tenant.json', tenantFile(org.id, refreshToken));

    expect(await runTenantCommand(['add', '--file', file], io, rig.zoho.repos, { crmFor })).toBe(0);
    expect(err).toEqual([]);
    expect(out[0]).toMatch(/^added tenant [0-9a-f-]{36} \(Bolt Supply, Zoho org \d+\)$/);
    expect(out[1]).toBe('modules enabled: Contacts, Accounts');
    const tenantId = /tenant ([0-9a-f-]{36})/.exec(out[0]!)![1]!;
    // `add` created the extension fields: the key field upserts match on is there before any sync.
    expect(out[2]).toBe(`Zoho extension fields for tenant ${tenantId}:`);
    expect(out).toContain(
      '  Accounts: created Sage_Key, Sage_Sync_Status, Sage_Last_Synced, Sage_Inactive, Sync_to_Sage; 0 already there',
    );
    expect(out).toContain(`  warning: GL_Accounts: ${GL_MODULE_INSTRUCTIONS}`);
    expect((await rig.zoho.repos.moduleSettings.get(tenantId, 'Accounts'))?.direction).toBe('both');
    await rig.zoho.repos.moduleSettings.save({
      ...(await rig.zoho.repos.moduleSettings.get(tenantId, 'Accounts'))!,
      initialMatchDone: true,
    });

    const config = parseConfig({
      ZOHO_CLIENT_ID: CLIENT_ID,
      ZOHO_CLIENT_SECRET: CLIENT_SECRET,
      ZOHO_ACCOUNTS_URL: rig.zoho.sim.accountsUrl,
      ZOHO_SANDBOX: 'false',
    });
    const services = composeServices(
      { box: rig.zoho.box, db: rig.zoho.t.db, repos: rig.zoho.repos },
      config,
      logger,
    );
    const deps = { repos: rig.zoho.repos, engineFor: engineOpener(services) };
    out = [];
    const code = await runSyncCommand(
      ['--tenant', tenantId, '--module', 'Accounts', '--direction', 'sage_to_zoho'],
      io,
      deps,
    );
    expect(err).toEqual([]);
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^run [0-9a-f-]{36}: Accounts sage_to_zoho manual: succeeded$/);
    expect(out[1]).toContain('created 1');
    expect(rig.zoho.sim.admin.records(org.id, 'Accounts')).toEqual([
      expect.objectContaining({ Account_Name: 'American Business Futures', Sage_Key: '01-ABF' }),
    ]);

    out = [];
    const dry = await runSyncCommand(
      ['--tenant', tenantId, '--module', 'Contacts', '--dry-run'],
      io,
      deps,
    );
    expect(dry).toBe(0);
    expect(out[0]).toMatch(/^dry run .*: Contacts both manual: succeeded$/);
    expect(out).toContain('      zoho.Last_Name: null -> "Johnson"');
    expect(rig.zoho.sim.admin.records(org.id, 'Contacts')).toEqual([]);

    // The org has no GL module: a typed refusal with what to do, and no run recorded.
    const gl = settingsOrDefault(tenantId, 'GL_Accounts', undefined);
    await rig.zoho.repos.moduleSettings.save({ ...gl, direction: 'sage_to_zoho' });
    out = [];
    err.length = 0;
    const refused = await runSyncCommand(
      ['--tenant', tenantId, '--module', 'GL_Accounts'],
      io,
      deps,
    );
    expect(refused).toBe(3);
    expect(err[0]).toMatch(
      /^refused: GL_Accounts: This Zoho organisation has no "GL Accounts" module/,
    );
    expect(err[1]).toBe(`  to do: ${GL_MODULE_INSTRUCTIONS}`);
    expect(out).toEqual([]);
    expect(await rig.zoho.repos.runs.listRecent(tenantId, { module: 'GL_Accounts' })).toEqual([]);
    await services.agents.close();
  });

  it('writes nothing to a module without the Sage_Key field, and `fields` adds it', async () => {
    const { org, refreshToken } = newOrg();
    const file = write('tenant.json', tenantFile(org.id, refreshToken));
    const repos = rig.zoho.repos;
    expect(await runTenantCommand(['add', '--file', file, '--skip-fields'], io, repos)).toBe(0);
    const tenantId = /tenant ([0-9a-f-]{36})/.exec(out[0]!)![1]!;
    expect(out[2]).toBe(
      `warning: extension fields not checked (--skip-fields): syncs write nothing until "npm run tenant -- fields --tenant ${tenantId}" has added them`,
    );
    const accounts = (await repos.moduleSettings.get(tenantId, 'Accounts'))!;
    await repos.moduleSettings.save({ ...accounts, initialMatchDone: true });
    const services = composeServices(
      { box: rig.zoho.box, db: rig.zoho.t.db, repos },
      parseConfig({
        ZOHO_CLIENT_ID: CLIENT_ID,
        ZOHO_CLIENT_SECRET: CLIENT_SECRET,
        ZOHO_ACCOUNTS_URL: rig.zoho.sim.accountsUrl,
        ZOHO_SANDBOX: 'false',
      }),
      logger,
    );
    try {
      const deps = { repos, engineFor: engineOpener(services) };
      const sync = ['--tenant', tenantId, '--module', 'Accounts', '--direction', 'sage_to_zoho'];
      out = [];
      expect(await runSyncCommand(sync, io, deps)).toBe(1);
      expect([...out, ...err].join('\n')).toContain(
        "Zoho's Accounts module has no Sage_Key field, so nothing was written",
      );
      expect(rig.zoho.sim.admin.records(org.id, 'Accounts')).toEqual([]);

      out = [];
      err = [];
      expect(await runTenantCommand(['fields', '--tenant', tenantId], io, repos, { crmFor })).toBe(
        0,
      );
      expect(out).toContain(
        '  Contacts: created Sage_Key, Sage_Sync_Status, Sage_Last_Synced, Sage_Inactive, Sync_to_Sage; 0 already there',
      );
      // Run again: nothing left to create.
      out = [];
      expect(await runTenantCommand(['fields', '--tenant', tenantId], io, repos, { crmFor })).toBe(
        0,
      );
      expect(out).toContain('  Accounts: nothing to create; 5 already there');

      out = [];
      expect(await runSyncCommand(sync, io, deps)).toBe(0);
      expect(rig.zoho.sim.admin.records(org.id, 'Accounts')).toEqual([
        expect.objectContaining({ Account_Name: 'American Business Futures', Sage_Key: '01-ABF' }),
      ]);
      expect(await runTenantCommand(['fields', '--tenant', tenantId], io, repos, {})).toBe(1);
      expect(err.at(-1)).toMatch(/^ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set/);
    } finally {
      await services.agents.close();
    }
  });

  it('runs several modules parents first, and exits 2 when one is partial', async () => {
    await rig.configure('Accounts', 'sage_to_zoho');
    await rig.configure('Contacts', 'sage_to_zoho');
    rig.company.insert('AR_CustomerContact', {
      ARDivisionNo: '01',
      CustomerNo: 'NOPE',
      ContactCode: 'X',
      ContactName: 'Orphan Contact',
    });
    const deps = {
      repos: rig.zoho.repos,
      engineFor: async () => ({ engine: rig.engine, close() {} }),
    };
    const code = await runSyncCommand(
      ['--tenant', rig.tenantId, '--module', 'Contacts,Accounts'],
      io,
      deps,
    );
    expect(code).toBe(2);
    const heads = out.filter((l) => l.startsWith('run '));
    expect(heads.map((l) => l.split(': ')[1])).toEqual([
      'Accounts sage_to_zoho manual',
      'Contacts sage_to_zoho manual',
    ]);
    expect(out).toContain(
      '  skipped Sage 01-NOPE-X: Account_Name ↔ ARDivisionNo,CustomerNo: Accounts 01-NOPE is not linked yet',
    );
    expect(rig.zohoRecords('Contacts').map((c) => c.Last_Name)).toEqual(['Johnson']);
  });

  it("replays a run's skipped record, or one event, once the cause is fixed (--replay-run, --replay-event)", async () => {
    await rig.configure('Accounts', 'sage_to_zoho');
    await rig.configure('Contacts', 'sage_to_zoho');
    const contact = (code: string, name: string) =>
      rig.company.insert('AR_CustomerContact', {
        ARDivisionNo: '01',
        CustomerNo: 'NOPE',
        ContactCode: code,
        ContactName: name,
      });
    contact('X', 'Orphan Contact');
    contact('Y', 'Second Orphan');
    const deps = {
      repos: rig.zoho.repos,
      engineFor: async () => ({ engine: rig.engine, close() {} }),
    };
    expect(
      await runSyncCommand(['--tenant', rig.tenantId, '--module', 'Accounts,Contacts'], io, deps),
    ).toBe(2);
    const [contactsRun] = await rig.zoho.repos.runs.listRecent(rig.tenantId, {
      module: 'Contacts',
      limit: 1,
    });
    const skipped = await rig.zoho.repos.events.query(rig.tenantId, {
      runId: contactsRun!.id,
      action: 'skipped',
    });
    expect(skipped.map((e) => e.sageKey).sort()).toEqual(['01-NOPE-X', '01-NOPE-Y']);

    // The operator adds the missing customer and syncs Accounts: the parent is linked now.
    rig.advanceSage(60);
    rig.company.insert('AR_Customer', {
      ARDivisionNo: '01',
      CustomerNo: 'NOPE',
      CustomerName: 'Nope Ltd',
    });
    expect(await runSyncCommand(['--tenant', rig.tenantId, '--module', 'Accounts'], io, deps)).toBe(
      0,
    );
    out.length = 0;
    const x = skipped.find((e) => e.sageKey === '01-NOPE-X')!;
    expect(
      await runSyncCommand(['--tenant', rig.tenantId, '--replay-event', String(x.id)], io, deps),
    ).toBe(0);
    expect(out[0]).toMatch(/^run [\w-]+: Contacts sage_to_zoho replay: succeeded$/);
    expect(out).toContain(
      '  created Sage 01-NOPE-X / Zoho ' +
        String(rig.zohoRecords('Contacts').find((c) => c.Last_Name === 'Contact')?.id),
    );
    out.length = 0;
    expect(
      await runSyncCommand(['--tenant', rig.tenantId, '--replay-run', contactsRun!.id], io, deps),
    ).toBe(0);
    expect(out.filter((l) => l.startsWith('  created '))).toEqual([
      expect.stringMatching(/^ {2}created Sage 01-NOPE-Y \/ Zoho \d+$/),
    ]);
    expect(
      rig
        .zohoRecords('Contacts')
        .map((c) => c.Last_Name)
        .sort(),
    ).toEqual(['Contact', 'Johnson', 'Orphan'].sort());

    // Usage: one way at a time, nothing a replay does not take, and an id that is one.
    err.length = 0;
    const usage = async (argv: string[]) => {
      expect(await runSyncCommand(['--tenant', rig.tenantId, ...argv], io, deps)).toBe(1);
      return err.pop()!.split('\n')[0];
    };
    expect(await usage(['--replay-run', contactsRun!.id, '--replay-event', '1'])).toBe(
      '--replay-run and --replay-event: one at a time',
    );
    expect(await usage(['--replay-run', contactsRun!.id, '--module', 'Contacts'])).toBe(
      '--replay-run replays what the run or event names: --module does not apply',
    );
    expect(await usage(['--replay-event', 'latest'])).toBe(
      '--replay-event "latest" is not an event id (a whole number)',
    );
    expect(await usage(['--replay-run', 'no-such-run'])).toBe('run no-such-run not found');
  });

  it('gives one clear message for unknown tenants, modules, directions and dates', async () => {
    const deps = {
      repos: rig.zoho.repos,
      engineFor: async () => ({ engine: rig.engine, close() {} }),
    };
    expect(await runSyncCommand(['--tenant', 'nope', '--module', 'Accounts'], io, deps)).toBe(1);
    expect(await runSyncCommand(['--tenant', rig.tenantId, '--module', 'Leads'], io, deps)).toBe(1);
    expect(
      await runSyncCommand(
        ['--tenant', rig.tenantId, '--module', 'Accounts', '--direction', 'sideways'],
        io,
        deps,
      ),
    ).toBe(1);
    expect(
      await runSyncCommand(
        ['--tenant', rig.tenantId, '--module', 'Accounts', '--since', 'last week'],
        io,
        deps,
      ),
    ).toBe(1);
    // Dates JavaScript would roll over or guess at (Feb 30 is Mar 2; "1" is 2001) are refused too.
    for (const since of ['2026-02-30', '1', '2026-11-01T08:00:00']) {
      expect(
        await runSyncCommand(
          ['--tenant', rig.tenantId, '--module', 'Accounts', '--since', since],
          io,
          deps,
        ),
      ).toBe(1);
    }
    expect(await runSyncCommand(['--module', 'Accounts'], io, deps)).toBe(1);
    // A mistyped flag is named as unknown, not as one that "needs a value".
    expect(
      await runSyncCommand(
        ['--tenant', rig.tenantId, '--module', 'Accounts', '--dryrun'],
        io,
        deps,
      ),
    ).toBe(1);
    expect(await runSyncCommand(['--tenant', rig.tenantId, '--module'], io, deps)).toBe(1);
    expect(await runSyncCommand(['--tenant', rig.tenantId, '--module', 'Vendors'], io, deps)).toBe(
      1,
    );
    expect(err).toEqual([
      'unknown tenant "nope" (npm run tenant -- list shows them)',
      'unknown module "Leads"; modules are Accounts, Contacts, Products, Vendors, Sales_Orders, Invoices, GL_Accounts',
      'unknown direction "sideways"; use both, sage_to_zoho or zoho_to_sage',
      '--since "last week" is not a date (use 2026-11-01 or 2026-11-01T08:00:00Z)',
      '--since "2026-02-30" is not a date (use 2026-11-01 or 2026-11-01T08:00:00Z)',
      '--since "1" is not a date (use 2026-11-01 or 2026-11-01T08:00:00Z)',
      '--since "2026-11-01T08:00:00" is not a date (use 2026-11-01 or 2026-11-01T08:00:00Z)',
      expect.stringMatching(/^--tenant and --module are required\nusage: npm run sync/),
      expect.stringMatching(/^unknown option --dryrun\nusage: npm run sync/),
      expect.stringMatching(/^--module needs a value\nusage: npm run sync/),
      'Vendors is disabled for this tenant',
    ]);
  });

  it("stores a tenant file's AR division for new customers, refusing one that is not two digits", async () => {
    const repos = rig.zoho.repos;
    const { org, refreshToken } = newOrg();
    const base = tenantFile(org.id, refreshToken);
    const withDivision = (defaultDivision: unknown) =>
      write(`division-${String(defaultDivision)}.json`, {
        ...base,
        sage: { ...base.sage, defaultDivision },
      });
    expect(await runTenantCommand(['add', '--file', withDivision('2')], io, repos)).toBe(1);
    expect(err[0]).toContain('sage.defaultDivision: two digits');
    expect(await repos.tenants.findByZohoOrgId(org.id)).toBeUndefined();

    const skip = ['--skip-fields'];
    expect(await runTenantCommand(['add', '--file', withDivision('00'), ...skip], io, repos)).toBe(
      0,
    );
    const tenant = (await repos.tenants.findByZohoOrgId(org.id))!;
    expect((await repos.sageConnections.get(tenant.id))?.defaultDivision).toBe('00');
    // The file is the whole connection: left out, the division is the default again.
    const plain = write('plain.json', base);
    expect(await runTenantCommand(['add', '--file', plain, ...skip], io, repos)).toBe(0);
    expect((await repos.sageConnections.get(tenant.id))?.defaultDivision).toBe('01');
  });

  it('gives one clear message for a malformed or missing tenant file', async () => {
    const repos = rig.zoho.repos;
    expect(
      await runTenantCommand(['add', '--file', path.join(dir, 'missing.json')], io, repos),
    ).toBe(1);
    expect(
      await runTenantCommand(['add', '--file', write('bad.json', '{"name": ')], io, repos),
    ).toBe(1);
    const incomplete = tenantFile('123', 'x');
    expect(
      await runTenantCommand(
        [
          'add',
          '--file',
          write('t.json', {
            ...incomplete,
            sage: { ...incomplete.sage, timeZone: undefined },
            modules: { Leads: { direction: 'both' } },
          }),
        ],
        io,
        repos,
      ),
    ).toBe(1);
    expect(
      await runTenantCommand(
        [
          'add',
          '--file',
          write('p.json', {
            ...incomplete,
            zoho: { ...incomplete.zoho, refreshToken: '1000.refresh-token' },
            modules: { Products: { direction: 'zoho_to_sage' } },
          }),
        ],
        io,
        repos,
      ),
    ).toBe(1);
    expect(
      await runTenantCommand(
        [
          'add',
          '--file',
          write('z.json', {
            ...incomplete,
            zoho: { ...incomplete.zoho, refreshToken: '1000.refresh-token' },
            sage: { ...incomplete.sage, timeZone: 'Central' },
          }),
        ],
        io,
        repos,
      ),
    ).toBe(1);
    expect(await runTenantCommand(['remove'], io, repos)).toBe(1);
    // "Central" was saved as the Sage server's zone (the settings tab refuses it).
    expect(err[4]).toContain('sage.timeZone: not an IANA time zone (like America/Chicago)');
    err.splice(4, 1);
    expect(err[0]).toMatch(/^cannot read .*missing\.json: ENOENT/);
    expect(err[1]).toMatch(/^.*bad\.json is not valid JSON: /);
    expect(err[2]).toContain('is not a valid tenant file:');
    expect(err[2]).toContain('zoho.refreshToken: ');
    expect(err[2]).toContain('sage.timeZone: ');
    expect(err[2]).toContain('modules: module names are Accounts, Contacts');
    expect(err[3]).toBe('Products cannot sync zoho_to_sage: Sage allows sage_to_zoho, disabled');
    expect(err[4]).toMatch(/^unknown command "remove"\nusage: npm run tenant/);
  });
});

describeEngines('operator CLI: event retention (%s)', (engine) => {
  it('prunes events older than the retention period, per tenant', async () => {
    const rig = await startSyncRig(engine);
    try {
      await rig.configure('Accounts', 'sage_to_zoho');
      await rig.engine.run(rig.tenantId, 'Accounts');
      const out: string[] = [];
      const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(l) };
      expect(
        // The rig's one clock stamps the events, so pruning reads the same clock.
        await runTenantCommand(['prune-events'], io, rig.zoho.repos, {
          retentionDays: 90,
          now: rig.deps.now,
        }),
      ).toBe(0);
      expect(out).toEqual([`${rig.tenantId}: pruned 0 events older than 90 days`]);
      const later = () => new Date(rig.deps.now!().getTime() + 91 * 86_400_000);
      expect(
        await runTenantCommand(['prune-events', '--days', '90'], io, rig.zoho.repos, {
          now: later,
        }),
      ).toBe(0);
      expect(out[1]).toBe(`${rig.tenantId}: pruned 1 events older than 90 days`);
      expect(await runTenantCommand(['prune-events', '--days', 'soon'], io, rig.zoho.repos)).toBe(
        1,
      );
    } finally {
      await rig.close();
    }
  });
});

describeEngines('operator CLI: initial match review (%s)', (engine) => {
  it('proposes, lists and confirms matches so the first sync can run', async () => {
    const rig = await startSyncRig(engine);
    try {
      await rig.configure('Accounts', 'both', { initialMatchDone: false });
      rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
        { Account_Name: 'AMERICAN BUSINESS FUTURES', Billing_Code: '60601' },
      ]);
      const out: string[] = [];
      const io = { out: (l: string) => void out.push(l), err: (l: string) => void out.push(l) };
      const options = { engineFor: async () => ({ engine: rig.engine, close() {} }) };
      const base = ['matches', '--tenant', rig.tenantId, '--module', 'Accounts'];
      expect(await runTenantCommand([...base, '--propose'], io, rig.zoho.repos, options)).toBe(0);
      expect(out[0]).toBe('linked by key 0, proposed 1, open 1');
      expect(out[1]).toBe('1 open proposals');
      expect(out[2]).toMatch(/^ {2}#\d+ score 55 \(name, zip\): Zoho \d+ .* = Sage 01-ABF /);
      out.length = 0;
      expect(
        await runTenantCommand([...base, '--confirm-above', '50'], io, rig.zoho.repos, options),
      ).toBe(0);
      expect(out).toEqual(['confirmed 1 proposals scoring 50 or more', '0 open proposals']);
      await rig.configure('Accounts', 'both', {
        initialMatchDone: false,
        conflictPolicy: 'sage_wins',
      });
      const report = await rig.engine.run(rig.tenantId, 'Accounts');
      expect(report.status).toBe('succeeded');
      expect(rig.zohoRecords('Accounts')).toEqual([
        expect.objectContaining({ Account_Name: 'American Business Futures', Sage_Key: '01-ABF' }),
      ]);
      expect(rig.company.count('AR_Customer')).toBe(1);
      expect(
        await runTenantCommand(['matches', '--tenant', rig.tenantId], io, rig.zoho.repos, options),
      ).toBe(1);
    } finally {
      await rig.close();
    }
  });
});
