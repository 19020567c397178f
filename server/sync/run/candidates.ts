import type { Link } from '../model/index.js';
import type { GatewayRecord } from '../gateways.js';
import type { ModuleContext } from '../plan/context.js';
import { matchesLinkSnapshot } from '../plan/snapshot.js';
import type { Candidate } from '../plan/types.js';
import type { Side } from '../vocabulary.js';
import type { EngineDeps } from './deps.js';
import type { LinkLookups } from './lookups.js';

/**
 * Turns changed records of one side into candidates: each with its link and the other side's
 * current record (fetched in one call per batch), so the planner sees both sides as they are.
 * A Zoho record without a link is still paired when it carries a Sage key: the trace of an
 * interrupted earlier sync, or a record keyed by hand (Sage side: see the upsert note below).
 */
export async function loadCandidates(
  deps: EngineDeps,
  ctx: ModuleContext & { lookups: LinkLookups },
  tenantId: string,
  side: Side,
  changed: GatewayRecord[],
  options: { skipSnapshots?: boolean } = {},
): Promise<Candidate[]> {
  const { module } = ctx.def;
  const { links } = deps.repos;
  const { sage, crm } = deps.gateways;
  const records = [...new Map(changed.map((r) => [r.id, r])).values()];
  const ids = records.map((r) => r.id);
  const found: Link[] =
    side === 'sage'
      ? await links.findManyBySageKeys(tenantId, module, ids)
      : await links.findManyByZohoIds(tenantId, module, ids);
  const linkOf = new Map(found.map((l) => [side === 'sage' ? l.sageKey : l.zohoId, l]));

  if (side === 'zoho') {
    // Zoho records carrying a Sage key but no link of their own.
    const keyed = records
      .filter((r) => !linkOf.has(r.id))
      .map((r) => ({ r, key: sageKeyField(ctx, r) }))
      .filter((x): x is { r: GatewayRecord; key: string } => !!x.key);
    const byKey = await links.findManyBySageKeys(
      tenantId,
      module,
      keyed.map((x) => x.key),
    );
    for (const { r, key } of keyed) {
      const link = byKey.find((l) => l.sageKey === key && (!l.zohoId || l.zohoId === r.id));
      if (link) linkOf.set(r.id, link);
    }
  }

  // A record that is exactly its link's snapshot (our own write coming back) reads nothing more.
  const snapshots = new Set(
    options.skipSnapshots
      ? records.filter((r) => matchesLinkSnapshot(ctx, side, r, linkOf.get(r.id))).map((r) => r.id)
      : [],
  );
  const counterpartIds = new Set<string>();
  const keyOnly = new Map<string, string>();
  for (const r of records) {
    if (snapshots.has(r.id)) continue;
    const link = linkOf.get(r.id);
    const other = side === 'sage' ? link?.zohoId : link?.sageKey;
    if (other) counterpartIds.add(other);
    else if (side === 'zoho' && sageKeyField(ctx, r)) keyOnly.set(r.id, sageKeyField(ctx, r)!);
  }
  let counterparts: Map<string, GatewayRecord>;
  let byTheirKey = new Map<string, GatewayRecord>();
  if (side === 'sage') {
    counterparts = await crm.get(module, [...counterpartIds]);
    // Once the initial match has run it has linked every Zoho record that carried a Sage key, so
    // an unlinked Sage record is a create, and the create is an upsert on the Sage key: should
    // Zoho hold the key after all (a crash between our upsert and our commit), the upsert updates
    // that record instead of duplicating it. Searching first would cost a Zoho call per 10
    // records for nothing; only a run before the match (a preview) looks for them. Records with
    // lines are the exception: Zoho appends subform rows sent without their ids, so an upsert
    // onto an order that is there already would double its lines; the search finds its rows.
    const unlinked =
      ctx.settings.initialMatchDone && !ctx.def.lines
        ? []
        : records.filter((r) => !linkOf.get(r.id)?.zohoId).map((r) => r.id);
    if (unlinked.length > 0) byTheirKey = await crm.findBySageKeys(module, unlinked);
    // A search's answer may leave subforms out: an order found is read whole, its rows with it.
    if (ctx.def.lines && byTheirKey.size > 0) {
      const whole = await crm.get(
        module,
        [...byTheirKey.values()].map((r) => r.id),
      );
      for (const [key, r] of byTheirKey) byTheirKey.set(key, whole.get(r.id) ?? r);
    }
  } else {
    counterparts = await sage.get(module, [...counterpartIds, ...keyOnly.values()]);
  }

  const candidates = records.map((r): Candidate => {
    const link = linkOf.get(r.id);
    if (snapshots.has(r.id)) {
      return side === 'sage'
        ? { trigger: 'sage', link, sage: r, snapshot: true }
        : { trigger: 'zoho', link, zoho: r, snapshot: true };
    }
    if (side === 'sage') {
      const zoho = link?.zohoId ? counterparts.get(link.zohoId) : byTheirKey.get(r.id);
      return { trigger: 'sage', link, sage: r, zoho };
    }
    const key = link?.sageKey ?? keyOnly.get(r.id);
    return { trigger: 'zoho', link, zoho: r, sage: key ? counterparts.get(key) : undefined };
  });
  await ctx.lookups.prefetch(
    ctx.mappings,
    ctx.lineMappings,
    {
      sage: candidates.flatMap((c) => (c.sage ? [c.sage] : [])),
      zoho: candidates.flatMap((c) => (c.zoho ? [c.zoho] : [])),
    },
    ctx.def.lines && { sage: ctx.def.lines.sageField, zoho: ctx.def.lines.zohoField },
  );
  return candidates;
}

function sageKeyField(ctx: ModuleContext, r: GatewayRecord): string | undefined {
  const value = r.fields[ctx.def.zohoKeyField];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}
