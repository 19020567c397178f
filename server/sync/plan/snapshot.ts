import type { GatewayRecord } from '../gateways.js';
import { hashProjection, project } from '../mapping/projection.js';
import type { Link } from '../model/index.js';
import type { Side } from '../vocabulary.js';
import type { ModuleContext } from './context.js';

/**
 * Whether a changed record is exactly what its link recorded of that side at the last sync: the
 * same version (Zoho's Modified_Time, Sage's update stamp) and the same projection hash. That is
 * our own write coming back (the Sage key written back to a Zoho-born record moves its
 * Modified_Time; a record Sage created for us enters the Sage feed), or a record a cursor hands
 * over again. It carries nothing new, so the run plans it as an echo without reading the other
 * side: the other side's own changes come through its own cursor.
 */
export function matchesLinkSnapshot(
  ctx: ModuleContext,
  side: Side,
  record: GatewayRecord,
  link: Link | undefined,
): boolean {
  if (!link || link.state !== 'linked' || !link.sageKey || !link.zohoId) return false;
  if (record.version !== (side === 'sage' ? link.sageVersion : link.zohoVersion)) return false;
  if (side === 'zoho') {
    // What the planner would still write to this record: its Sage key, or the opt-in tick.
    if (record.fields[ctx.def.zohoKeyField] !== link.sageKey) return false;
    const tick = ctx.def.optIn?.zohoField;
    if (ctx.optInGiven && tick && ctx.optInFieldPresent && record.fields[tick] !== true) {
      return false;
    }
  }
  const lines =
    ctx.def.lines && (side === 'sage' ? ctx.def.lines.sageField : ctx.def.lines.zohoField);
  const hash = hashProjection(project(side, record, ctx.mappings, ctx.lineMappings, lines));
  return hash === (side === 'sage' ? link.sageHash : link.zohoHash);
}
