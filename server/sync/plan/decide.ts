import type { GatewayRecord } from '../gateways.js';
import type { CompiledMapping } from '../mapping/compile.js';
import type { Side } from '../vocabulary.js';
import type { ModuleContext } from './context.js';

/**
 * Who wins a field both sides changed since the last sync: the admin's choice when resolving a
 * review item, then the field's owner, then the module policy. "Most recent" only decides when the
 * two edits are further apart than the clock-skew tolerance; closer than that, nobody can know
 * which came last, so the field goes to the review list.
 */
export function decideWinner(
  ctx: ModuleContext,
  m: CompiledMapping | undefined,
  sage: GatewayRecord,
  zoho: GatewayRecord,
): Side | undefined {
  if (typeof ctx.forceWinner === 'string') return ctx.forceWinner;
  const chosen = ctx.forceWinner?.[m?.label ?? 'lines'];
  if (chosen) return chosen;
  if (m?.owner) return m.owner;
  switch (ctx.settings.conflictPolicy) {
    case 'zoho_wins':
      return 'zoho';
    case 'sage_wins':
      return 'sage';
    case 'most_recent': {
      const s = Date.parse(sage.version);
      const z = Date.parse(zoho.version);
      if (!Number.isFinite(s) || !Number.isFinite(z)) return undefined;
      if (Math.abs(s - z) <= ctx.settings.conflictToleranceSeconds * 1000) return undefined;
      return s > z ? 'sage' : 'zoho';
    }
  }
}
