import type { GatewayRecord, LineFields } from '../gateways.js';
import { flowsFrom } from '../mapping/compile.js';
import { project } from '../mapping/projection.js';
import { sameValue } from '../mapping/values.js';
import type { ModuleContext } from './context.js';
import { mapLines } from './map-values.js';
import { settleLines } from './shared-precision.js';

/** A record's lines: the gateway's `lines`, else the line field's array. */
export const linesOf = (record: GatewayRecord, field: string): LineFields[] =>
  record.lines ??
  (Array.isArray(record.fields[field]) ? (record.fields[field] as LineFields[]) : []);

/**
 * Whether Zoho's lines already say what Sage's would write there: Sage's mapped to Zoho's fields,
 * settled at the decimals both hold, against Zoho's. A pair both sides "changed" with no base to
 * tell (Sage's order found in Zoho after a crash between Zoho's write and our commit, or a match)
 * is then no conflict: there is nothing to choose between.
 */
export function linesAgree(ctx: ModuleContext, sage: GatewayRecord, zoho: GatewayRecord): boolean {
  const def = ctx.def.lines;
  if (!def || !ctx.lineMappings) return false;
  const flowing = ctx.lineMappings.filter((m) => flowsFrom(m, 'sage'));
  const mapped = mapLines(flowing, 'sage', linesOf(sage, def.sageField), ctx.lookups);
  if (mapped.problems.length > 0) return false;
  const zohoLines = linesOf(zoho, def.zohoField);
  settleLines(flowing, 'zoho', mapped.lines, zohoLines);
  const current = project('zoho', { fields: {}, lines: zohoLines }, [], flowing, def.zohoField);
  const proposed = project('zoho', { fields: {}, lines: mapped.lines }, [], flowing);
  return sameValue(proposed.lines ?? [], current.lines ?? []);
}
