import type { Repositories } from '../db/repositories/index.js';
import { isModuleName } from '../sync/catalog/index.js';
import type { SyncEngine } from '../sync/engine.js';
import { MODULES } from '../sync/vocabulary.js';
import { allowOnly, optionText, UsageError, type CliIo, type ParsedArgs } from './args.js';

/** A proposal id as listed (`#17`): a typo is named, not looked up as "proposal NaN". */
function proposalId(args: ParsedArgs, name: 'confirm' | 'reject'): number | undefined {
  const text = optionText(args, name);
  if (text === undefined) return undefined;
  const id = /^#?\d{1,15}$/.test(text) ? Number(text.replace('#', '')) : NaN;
  if (!Number.isSafeInteger(id))
    throw new UsageError(
      `--${name} "${text}" is not a proposal id (a whole number, as listed: #17)`,
    );
  return id;
}

/**
 * `npm run tenant -- matches --tenant <id> --module <M> [--propose] [--confirm <id>]
 * [--reject <id>] [--confirm-above <score>]`: the initial-match review without the widget.
 */
export async function runMatchesCommand(
  args: ParsedArgs,
  io: CliIo,
  repos: Repositories,
  engineFor: (tenantId: string) => Promise<{ engine: SyncEngine; close(): void }>,
): Promise<number> {
  allowOnly(args, ['tenant', 'module', 'propose', 'confirm', 'reject', 'confirm-above']);
  const tenantId = optionText(args, 'tenant');
  const module = optionText(args, 'module');
  if (!tenantId || !module)
    throw new UsageError('matches needs --tenant <id> and --module <Module>');
  if (!isModuleName(module)) {
    throw new UsageError(`unknown module "${module}"; modules are ${MODULES.join(', ')}`);
  }
  if (!(await repos.tenants.get(tenantId))) throw new UsageError(`unknown tenant "${tenantId}"`);
  const confirm = proposalId(args, 'confirm');
  const reject = proposalId(args, 'reject');
  const wired = await engineFor(tenantId);
  try {
    const { engine } = wired;
    if (args.options.has('propose')) {
      const s = await engine.proposeMatches(tenantId, module);
      io.out(`linked by key ${s.linkedByKey}, proposed ${s.proposed}, open ${s.open}`);
    }
    const above = optionText(args, 'confirm-above');
    if (confirm !== undefined) await engine.confirmMatch(tenantId, confirm);
    if (reject !== undefined) await engine.rejectMatch(tenantId, reject);
    if (above !== undefined) {
      const min = Number(above);
      if (!Number.isFinite(min)) throw new UsageError(`--confirm-above "${above}" is not a score`);
      let confirmed = 0;
      for (const p of await repos.matchProposals.list(tenantId, module, 'open')) {
        if (p.score < min) continue;
        await engine.confirmMatch(tenantId, p.id);
        confirmed++;
      }
      io.out(`confirmed ${confirmed} proposals scoring ${min} or more`);
    }
    const open = await repos.matchProposals.list(tenantId, module, 'open');
    io.out(`${open.length} open proposals`);
    for (const p of open.slice(0, 100)) {
      io.out(
        `  #${p.id} score ${p.score} (${p.reasons.join(', ')}): Zoho ${p.zohoId} ${JSON.stringify(p.summary.zoho)} = Sage ${p.sageKey} ${JSON.stringify(p.summary.sage)}`,
      );
    }
    return 0;
  } finally {
    wired.close();
  }
}
