import type { Repositories } from '../db/repositories/index.js';
import type { SyncEngine } from '../sync/engine.js';
import { SyncError } from '../sync/errors.js';
import { runMatchesCommand } from './matches-command.js';
import { allowOnly, optionText, parseArgs, UsageError, type CliIo } from './args.js';
import { readTenantFile, registerTenant } from './tenant-file.js';

export const TENANT_USAGE =
  'usage: npm run tenant -- add --file tenant.json | list | prune-events [--days N] | matches --tenant <id> --module <Module> [--propose] [--confirm <id>] [--reject <id>] [--confirm-above <score>]';

/** `npm run tenant`: register a tenant from a file, or list them. */
export async function runTenantCommand(
  argv: string[],
  io: CliIo,
  repos: Repositories,
  options: {
    retentionDays?: number;
    now?: () => Date;
    engineFor?: (tenantId: string) => Promise<{ engine: SyncEngine; close(): void }>;
  } = {},
): Promise<number> {
  try {
    const args = parseArgs(argv, ['propose']);
    switch (args.command) {
      case 'add': {
        allowOnly(args, ['file']);
        const path = optionText(args, 'file');
        if (!path) throw new UsageError('add needs --file <tenant.json>');
        const file = readTenantFile(path);
        const result = await registerTenant(repos, file);
        io.out(
          `${result.created ? 'added' : 'updated'} tenant ${result.tenantId} (${file.name}, Zoho org ${file.zoho.orgId})`,
        );
        if (result.enabled.length > 0) io.out(`modules enabled: ${result.enabled.join(', ')}`);
        return 0;
      }
      case 'list': {
        allowOnly(args, []);
        const tenants = await repos.tenants.list();
        if (tenants.length === 0) io.out('no tenants');
        for (const t of tenants) io.out(`${t.id}  ${t.zohoOrgId}  ${t.status}  ${t.name}`);
        return 0;
      }
      case 'matches': {
        if (!options.engineFor) throw new UsageError('matches needs the Sage and Zoho connections');
        return await runMatchesCommand(args, io, repos, options.engineFor);
      }
      case 'prune-events': {
        allowOnly(args, ['days']);
        const text = optionText(args, 'days');
        const days = text === undefined ? (options.retentionDays ?? 90) : Number(text);
        if (!Number.isInteger(days) || days < 1)
          throw new UsageError(`--days "${text}" is not a whole number of days`);
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
    throw error;
  }
}
