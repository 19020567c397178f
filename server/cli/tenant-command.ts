import type { Repositories } from '../db/repositories/index.js';
import type { SyncEngine } from '../sync/engine.js';
import { SyncError } from '../sync/errors.js';
import type { TenantCrmClient } from '../zoho/client.js';
import { errorLine, errorReason } from './errors.js';
import { ensureFieldsForTenant } from './fields-command.js';
import { runMatchesCommand } from './matches-command.js';
import { runCancelCommand, runRunsCommand } from './runs-command.js';
import { allowOnly, optionText, parseArgs, UsageError, type CliIo } from './args.js';
import { readTenantFile, registerTenant } from './tenant-file.js';

export const TENANT_USAGE =
  'usage: npm run tenant -- add --file tenant.json [--skip-fields] | fields --tenant <id> | list | runs --tenant <id> [--module <Module>] [--limit N] [--run <run id>] | cancel --tenant <id> --run <run id> | prune-events [--days N] | matches --tenant <id> --module <Module> [--propose] [--confirm <id>] [--reject <id>] [--confirm-above <score>]';

/** `npm run tenant`: register a tenant from a file, or list them. */
export async function runTenantCommand(
  argv: string[],
  io: CliIo,
  repos: Repositories,
  options: {
    retentionDays?: number;
    now?: () => Date;
    engineFor?: (tenantId: string) => Promise<{ engine: SyncEngine; close(): void }>;
    /** The tenant's Zoho org through the process's Zoho client; absent without ZOHO_CLIENT_ID. */
    crmFor?: (tenantId: string) => TenantCrmClient;
  } = {},
): Promise<number> {
  try {
    const args = parseArgs(argv, ['propose', 'skip-fields']);
    switch (args.command) {
      case 'add': {
        allowOnly(args, ['file', 'skip-fields']);
        const path = optionText(args, 'file');
        if (!path) throw new UsageError('add needs --file <tenant.json>');
        const file = readTenantFile(path);
        const result = await registerTenant(repos, file);
        io.out(
          `${result.created ? 'added' : 'updated'} tenant ${result.tenantId} (${file.name}, Zoho org ${file.zoho.orgId})`,
        );
        if (result.enabled.length > 0) io.out(`modules enabled: ${result.enabled.join(', ')}`);
        if (result.disabled.length > 0) io.out(`modules disabled: ${result.disabled.join(', ')}`);
        if (args.options.has('skip-fields')) {
          io.out(
            `warning: extension fields not checked (--skip-fields): syncs write nothing until "npm run tenant -- fields --tenant ${result.tenantId}" has added them`,
          );
          return 0;
        }
        return await addFields(result.tenantId, io, options.crmFor, 'add');
      }
      case 'fields': {
        allowOnly(args, ['tenant']);
        const tenantId = optionText(args, 'tenant');
        if (!tenantId) throw new UsageError('fields needs --tenant <id>');
        if (!(await repos.tenants.get(tenantId))) {
          throw new UsageError(`unknown tenant "${tenantId}"`);
        }
        return await addFields(tenantId, io, options.crmFor, 'fields');
      }
      case 'list': {
        allowOnly(args, []);
        const tenants = await repos.tenants.list();
        if (tenants.length === 0) io.out('no tenants');
        for (const t of tenants) io.out(`${t.id}  ${t.zohoOrgId}  ${t.status}  ${t.name}`);
        return 0;
      }
      case 'runs':
        return await runRunsCommand(args, io, repos);
      case 'cancel':
        return await runCancelCommand(args, io, repos);
      case 'matches': {
        if (!options.engineFor) throw new UsageError('matches needs the Sage and Zoho connections');
        return await runMatchesCommand(args, io, repos, options.engineFor);
      }
      case 'prune-events': {
        allowOnly(args, ['days']);
        const text = optionText(args, 'days');
        const days = text === undefined ? (options.retentionDays ?? 90) : Number(text);
        if (!Number.isInteger(days) || days < 1)
          throw new UsageError(`--days "${text}" is not a whole number of days, 1 or more`);
        const before = new Date(
          (options.now?.() ?? new Date()).getTime() - days * 86_400_000,
        ).toISOString();
        for (const t of await repos.tenants.list()) {
          io.out(
            `${t.id}: pruned ${await repos.events.pruneBefore(t.id, before)} events older than ${days} days`,
          );
        }
        return 0;
      }
      default:
        throw new UsageError(
          args.command ? `unknown command "${args.command}"` : 'a command is required',
        );
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof SyncError) {
      io.err(
        error instanceof UsageError && !error.message.includes('\n')
          ? `${error.message}\n${TENANT_USAGE}`
          : error.message,
      );
      return 1;
    }
    io.err(errorLine(error));
    return 1;
  }
}

/** Creates the tenant's Zoho extension fields; 0 when every module has its key field. */
async function addFields(
  tenantId: string,
  io: CliIo,
  crmFor: ((tenantId: string) => TenantCrmClient) | undefined,
  command: 'add' | 'fields',
): Promise<number> {
  const retry = `"npm run tenant -- fields --tenant ${tenantId}"`;
  if (!crmFor) {
    const message = `ZOHO_CLIENT_ID and ZOHO_CLIENT_SECRET are not set, so the Zoho extension fields cannot be checked; set them and run ${retry}: syncs write nothing until the fields exist`;
    if (command === 'fields') throw new UsageError(message);
    io.out(`warning: ${message}`);
    return 0;
  }
  try {
    return (await ensureFieldsForTenant(tenantId, crmFor(tenantId), io)) ? 0 : 1;
  } catch (error) {
    const saved = command === 'add' ? 'tenant saved, but ' : '';
    io.err(
      `${saved}the Zoho extension fields could not be added: ${errorReason(error)}; run ${retry} once this is fixed`,
    );
    return 1;
  }
}
