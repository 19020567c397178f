import type { Attempt, LinkPatch } from '../model/index.js';
import type { GatewayRecord, WriteResult } from '../gateways.js';
import type { LinkWrite } from '../stores.js';
import { hashProjection, project, type Projection } from '../mapping/projection.js';
import type { ModuleContext } from '../plan/context.js';
import type { RecordPlan } from '../plan/types.js';
import { attemptsOf, describeFailure as failure } from './attempts.js';
import { step, type EngineDeps } from './deps.js';
import type { LinkLookups } from './lookups.js';

export type Execution =
  | { ok: true; sageKey?: string; zohoId?: string; attempts: Attempt[] }
  | { ok: false; error: string; retryable: boolean; attempts: Attempt[] };

/**
 * Carries out one record's plan so that a crash between any two steps, followed by a rerun, ends
 * with exactly one record on each side:
 * - a Sage create first reserves its key and stores it in the link as an intent; a retry finds the
 *   intent and reads Sage by that key instead of creating again;
 * - Zoho writes are upserts on the Sage key field, so a repeated write updates what the first made;
 * - the link (hashes, versions, base) is stored last, from what the two systems hold after the
 *   writes, so what we wrote is recognised as an echo when it comes back. It goes to `links`,
 *   which the caller stores with the rest of the page (`storeLinks`); only an intent, which must
 *   exist before Sage is called, is stored here and now.
 */
export async function executePlan(
  deps: EngineDeps,
  ctx: ModuleContext & { lookups: LinkLookups },
  tenantId: string,
  plan: RecordPlan,
  /** Where the record's link write goes, stored with its page. */
  links: LinkWrite[],
  /** The plan's Zoho write already made in a batch (executeZohoBatch): its result. */
  zohoResult?: WriteResult,
): Promise<Execution> {
  const { module } = ctx.def;
  const { sage, crm } = deps.gateways;
  const now = () => (deps.now?.() ?? new Date()).toISOString();
  const attempts: Attempt[] = [];
  // Every try of every write: a Sage record lock retried shows as a failed try, then the pass.
  const record = (r: WriteResult, write: string) => attempts.push(...attemptsOf(r, write, now()));
  let link = plan.candidate.link;
  let sageKey = plan.sageKey;
  let zohoId = plan.zohoId;
  let sageAfter = plan.candidate.sage;
  let zohoAfter = plan.candidate.zoho;
  let sageWritten = false;
  let zohoWritten = false;
  const fail = async (r: Extract<WriteResult, { ok: false }>): Promise<Execution> => {
    if (link) links.push({ current: link, patch: { state: link.state, lastError: failure(r) } });
    return { ok: false, error: failure(r), retryable: r.retryable, attempts };
  };

  const sageWrite = plan.writes.sage;
  if (sageWrite?.kind === 'create') {
    let existing: GatewayRecord | undefined;
    if (link?.state === 'intent' && link.sageKey) {
      sageKey = link.sageKey;
      existing = (await sage.get(module, [sageKey])).get(sageKey);
    } else {
      sageKey = await sage.nextKey(module, sageWrite.fields);
      await step(deps, 'sage.key-reserved', { sageKey, zohoId });
      // The intent carries its base, the values being written: a rerun after a crash past the
      // create then sees Sage holding our own write, not an edit to weigh against Zoho's.
      const intent: LinkPatch = {
        state: 'intent',
        intentSide: 'sage',
        sageKey,
        zohoId,
        base: { sage: writtenProjection(ctx, sageWrite), zoho: plan.projections.zoho },
      };
      const store = deps.repos.links;
      if (link) await store.update(tenantId, link.id, intent);
      link = link
        ? { ...link, ...intent }
        : await store.create(tenantId, module, { ...intent, state: 'intent' });
      await step(deps, 'intent.stored', { sageKey, zohoId });
    }
    let result = existing
      ? await sage.update(module, sageKey, sageWrite.fields, sageWrite.lines)
      : await sage.create(module, sageKey, sageWrite.fields, sageWrite.lines);
    record(result, existing ? 'sage.update' : 'sage.create');
    // Our own earlier create landed before a crash: the intent says the key is ours.
    if (!result.ok && result.code === 'WS_AlreadyExists') {
      result = await sage.update(module, sageKey, sageWrite.fields, sageWrite.lines);
      record(result, 'sage.update');
    }
    if (!result.ok) return fail(result);
    sageWritten = true;
    await step(deps, 'sage.written', { sageKey, zohoId });
  } else if (sageWrite && sageKey) {
    const result = await sage.update(module, sageKey, sageWrite.fields, sageWrite.lines);
    record(result, 'sage.update');
    if (!result.ok) return fail(result);
    sageWritten = true;
    await step(deps, 'sage.written', { sageKey, zohoId });
  }

  const zohoWrite = plan.writes.zoho;
  if (zohoWrite && sageKey) {
    const [result] = zohoResult
      ? [zohoResult]
      : await crm.upsert(module, [
          { sageKey, zohoId, fields: zohoWrite.fields, lines: zohoWrite.lines },
        ]);
    if (!result) throw new Error('the CRM gateway returned no result for an upsert');
    record(result, 'zoho.upsert');
    if (!result.ok) return fail(result);
    zohoId = result.id;
    zohoWritten = true;
    zohoAfter = {
      id: result.id,
      version: result.version,
      fields: { ...zohoAfter?.fields, ...zohoWrite.fields, [ctx.def.zohoKeyField]: sageKey },
      lines: zohoWrite.lines ?? zohoAfter?.lines,
    };
    await step(deps, 'zoho.written', { sageKey, zohoId });
  } else if (
    zohoId &&
    sageKey &&
    (plan.writeSageKeyToZoho || sageWrite?.kind === 'create' || plan.tickOptIn)
  ) {
    const optIn = ctx.def.optIn?.zohoField;
    const tick = plan.tickOptIn && optIn ? { [optIn]: true } : undefined;
    const result = await crm.setSageKey(module, zohoId, sageKey, tick);
    record(result, 'zoho.setSageKey');
    if (!result.ok) return fail(result);
    zohoWritten = true;
    if (zohoAfter) {
      zohoAfter = {
        ...zohoAfter,
        version: result.version,
        fields: { ...zohoAfter.fields, ...tick, [ctx.def.zohoKeyField]: sageKey },
      };
    }
    await step(deps, 'zoho.key-written', { sageKey, zohoId });
  }

  // Sage is read back (through the on-premises agent, no API credits): it normalises what it stores
  // (upper-case codes, defaults), and the link must remember its version of our write for the echo
  // to be recognised. Zoho stores values as sent, so its state is computed here, saving a credit
  // per write; were it ever to differ, the planner compares before writing, so the cost would be
  // one cycle that writes nothing.
  if (sageWritten && sageKey)
    sageAfter = (await sage.get(module, [sageKey])).get(sageKey) ?? sageAfter;
  const lineFields = ctx.def.lines;
  const sageProjection =
    sageAfter && project('sage', sageAfter, ctx.mappings, ctx.lineMappings, lineFields?.sageField);
  const zohoProjection =
    zohoAfter && project('zoho', zohoAfter, ctx.mappings, ctx.lineMappings, lineFields?.zohoField);
  const sageHash = sageProjection && hashProjection(sageProjection);
  const zohoHash = zohoProjection && hashProjection(zohoProjection);
  const patch: LinkPatch = {
    state: 'linked',
    intentSide: undefined,
    sageKey,
    zohoId,
    sageHash,
    zohoHash,
    sageVersion: sageAfter?.version,
    zohoVersion: zohoAfter?.version,
    base: { sage: sageProjection, zoho: zohoProjection },
    lastSyncedAt: now(),
    lastError: undefined,
  };
  if (sageWritten) patch.sageWrittenHash = sageHash;
  if (zohoWritten) patch.zohoWrittenHash = zohoHash;
  if (plan.deferred && link?.state === 'linked') {
    // That side's changes wait for a run that carries them: keep what it was last synced as.
    const side = plan.deferred;
    patch[side === 'sage' ? 'sageHash' : 'zohoHash'] =
      side === 'sage' ? link.sageHash : link.zohoHash;
    patch.base = { ...patch.base, [side]: link.base?.[side] };
  }
  // Without a link of its own the store finds one made meanwhile by key, or inserts it.
  links.push({ current: link, patch: { ...patch, state: 'linked' } });
  if (sageKey && zohoId) ctx.lookups.remember(module, sageKey, zohoId);
  return { ok: true, sageKey, zohoId, attempts };
}

/**
 * The Sage projection of a write: only the fields it carries (Sage fills the rest with its own
 * defaults, which the rerun takes as they are), and its lines when it carries lines.
 */
function writtenProjection(
  ctx: ModuleContext,
  write: NonNullable<RecordPlan['writes']['sage']>,
): Projection {
  const full = project('sage', write, ctx.mappings, ctx.lineMappings, ctx.def.lines?.sageField);
  const fields = Object.fromEntries(Object.entries(full.fields).filter(([f]) => f in write.fields));
  return write.lines ? { fields, lines: full.lines } : { fields };
}

/**
 * Stores the link writes of a batch of records in one call (`LinkStore.saveMany`): with a page's
 * events and cursor when the caller runs it in the page's transaction.
 */
export async function storeLinks(
  deps: EngineDeps,
  tenantId: string,
  module: ModuleContext['def']['module'],
  links: LinkWrite[],
): Promise<void> {
  if (links.length === 0) return;
  await deps.repos.links.saveMany(tenantId, module, links);
  await step(deps, 'link.stored');
}

/** Plans whose only write is to Zoho: sent 100 to a call (one API credit per call, not per record). */
export const isZohoOnly = (plan: RecordPlan): boolean =>
  !!plan.writes.zoho && !plan.writes.sage && !!plan.sageKey;

export async function executeZohoBatch(
  deps: EngineDeps,
  ctx: ModuleContext & { lookups: LinkLookups },
  tenantId: string,
  plans: RecordPlan[],
  links: LinkWrite[],
): Promise<Execution[]> {
  const results = await deps.gateways.crm.upsert(
    ctx.def.module,
    plans.map((p) => ({
      sageKey: p.sageKey!,
      zohoId: p.zohoId,
      fields: p.writes.zoho!.fields,
      lines: p.writes.zoho!.lines,
    })),
  );
  const out: Execution[] = [];
  for (const [i, plan] of plans.entries()) {
    const result = results[i];
    if (!result) throw new Error('the CRM gateway returned fewer results than records');
    out.push(await executePlan(deps, ctx, tenantId, plan, links, result));
  }
  return out;
}
