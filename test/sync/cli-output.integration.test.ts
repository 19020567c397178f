import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWarnings } from '../../server/cli/run-warnings.js';
import { runSyncCommand } from '../../server/cli/sync-command.js';
import type { RunReport, SyncEngine } from '../../server/sync/engine.js';
import { ZohoUnavailableError } from '../../server/zoho/errors.js';
import { describeEngines } from '../requirements.js';
import { startSyncRig, type SyncRig } from './rig.js';

/** Issue 10 item 10: the operator CLI's output is a summary with its warnings, or one line. */
describeEngines('operator CLI output (%s)', (engine) => {
  let rig: SyncRig;
  let out: string[];
  let err: string[];
  const io = { out: (l: string) => void out.push(l), err: (l: string) => void err.push(l) };
  beforeEach(async () => {
    rig = await startSyncRig(engine);
    out = [];
    err = [];
  });
  afterEach(async () => rig.close());

  it('lists the warnings of records written anyway in the summary', async () => {
    await rig.configure('Accounts', 'both');
    const long = 'Consolidated Northwestern Industrial Supply Company of America';
    const [zohoId] = rig.zoho.sim.admin.seedRecords(rig.tenant.orgId, 'Accounts', [
      { Account_Name: long },
    ]);
    const deps = {
      repos: rig.zoho.repos,
      engineFor: async () => ({ engine: rig.engine, close() {} }),
    };
    const argv = ['--tenant', rig.tenantId, '--module', 'Accounts', '--direction', 'zoho_to_sage'];
    expect(await runSyncCommand(argv, io, deps)).toBe(0);
    expect(err).toEqual([]);
    const id = zohoId!;
    expect(out).toContainEqual(
      expect.stringMatching(
        new RegExp(
          `^ {2}warning: created Sage 01-\\S+ / Zoho ${id}: CustomerName trimmed to 50 characters \\("Consolidated Northwestern Industrial Supply"\\)$`,
        ),
      ),
    );
    expect(out.at(-1)).toBe('  1 records written with warnings');
  });

  it('prints one line and exits 1 for an unexpected failure, never a stack trace', async () => {
    await rig.configure('Accounts', 'sage_to_zoho');
    const failing = {
      runMany: () => Promise.reject(new ZohoUnavailableError(503, 'service unavailable')),
    } as unknown as SyncEngine;
    const code = await runSyncCommand(['--tenant', rig.tenantId, '--module', 'Accounts'], io, {
      repos: rig.zoho.repos,
      engineFor: async () => ({ engine: failing, close() {} }),
    });
    expect(code).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^error: .*503/);
    expect(err[0]).not.toContain('\n');
  });
});

describe('operator CLI warnings', () => {
  it('spells out mapped Zoho fields the org lacks', async () => {
    const report = {
      runId: 'r1',
      module: 'Accounts',
      kind: 'manual',
      direction: 'both',
      dryRun: true,
      status: 'succeeded',
      counts: {},
      flags: ['zoho_fields_missing:Sage_Region,Fax'],
      records: [
        { sageKey: '01-ABF', direction: 'sage_to_zoho', action: 'created', changes: [] },
        {
          sageKey: '01-BRK',
          direction: 'sage_to_zoho',
          action: 'updated',
          reason: 'Phone dropped: not a phone number',
          changes: [],
        },
      ],
    } as unknown as RunReport;
    expect(await runWarnings({ events: undefined as never }, 't', report)).toEqual([
      '  warning: mapped Zoho fields this org does not have were left out: Sage_Region, Fax',
      '  warning: updated Sage 01-BRK: Phone dropped: not a phone number',
      '  1 records written with warnings',
    ]);
  });
});

describe('operator CLI process', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-process-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (script: string, env: Record<string, string>) =>
    spawnSync(
      process.execPath,
      ['--import', 'tsx', script, '--tenant', 't', '--module', 'Accounts'],
      {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', DATA_DIR: dir, ...env },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );

  it('a database it cannot reach and a bad setting are one line each, exit 1', () => {
    const unreachable = run('server/cli/sync.ts', {
      DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
      SECRET_KEY: 'e'.repeat(64),
    });
    expect(unreachable.status).toBe(1);
    expect(unreachable.stdout).toBe('');
    expect(unreachable.stderr).toBe('error: connect ECONNREFUSED 127.0.0.1:1\n');

    const badConfig = run('server/cli/tenant.ts', { PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(badConfig.status).toBe(1);
    expect(badConfig.stderr.trim().split('\n')).toHaveLength(1);
    expect(badConfig.stderr).toMatch(
      /^invalid configuration: .*PORT.*LOG_LEVEL.*docs\/configuration\.md\)\n$/,
    );
  }, 120_000);
});
