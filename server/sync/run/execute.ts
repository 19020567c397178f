import type { LinkPatch } from '../model/index.js';
import { GONE_IN_THIS_RUN } from './gone-at-stamp.js';
import type { LinkWrite } from '../stores.js';
import type { GatewayRecord, WriteResult } from '../gateways.js';
import { hashProjection, project, type Projection } from '../mapping/projection.js';
import type { ModuleContext } from '../plan/context.js';
import type { RecordPlan } from '../plan/types.js';
import { isInterrupted, step, type EngineDeps, type SyncStep } from './deps.js';
import { SeatPool, type Halt } from './pool.js';
import { RunCancelled } from './resume.js';
import {
  fail,
  failedExecution,
  inBatch,
  nowIso,
  record,
  type Ctx,
  type Execution,
  type Work,
} from './work.js';
import { looksUpItself } from './self-lookups.js';
import { writeZoho } from './zoho-writes.js';

export type { Execution } from './work.js';

/**
 * Carries out a page's plans (those with writes or a link to store) so that a crash between any
 * two steps, followed by a rerun, ends with exactly one record on each side, and with as few
 * calls as the APIs allow:
 * 1. Sage writes, `deps.sageConcurrency` records at a time (the eBWS client bounds the calls by
 *    the tenant's sessions), on seats the pass's pages share (`seats`, ADR 0071). A create first reserves its key and stores it in the link as an
 *    intent; a retry finds the intent and reads Sage by that key instead of creating again.
 * 2. Zoho writes, 100 records to a call: upserts on the Sage key field (a repeated write updates
 *    what the first made), and the keys of Zoho-born records Sage just created.
 * 3. Sage read back for every record written there, 100 keys to an agent call.
 * 4. Links (hashes, versions, base) stored last, from what the two systems hold after the writes,
 *    so what we wrote is recognised as an echo when it comes back.
 * A record's failure is its own (its Execution says why); a crash (the step hook) stops it all.
 * Executions come back in the order of `plans`.
 */
export async function executePlans(
  deps: EngineDeps,
  ctx: Ctx,
  tenantId: string,
  plans: RecordPlan[],
  /** Where the records' link writes go, stored with their page (`storeLinks`). */
  linkWrites: LinkWrite[],
  seats: PageSeats = {},
): Promise<Execution[]> {
  const works = plans.map((plan): Work => ({
    plan,
    link: plan.candidate.link,
    sageKey: plan.sageKey,
    zohoId: plan.zohoId,
    sageAfter: plan.candidate.sage,
    zohoAfter: plan.candidate.zoho,
    sageWritten: false,
    zohoWritten: false,
    attempts: [],
    linkWrites,
  }));
  const recordContext = (work: Work) => ({
    tenantId,
    module: ctx.def.module,
    sageKey: work.sageKey,
    zohoId: work.zohoId,
  });
  const guarded = async (work: Work, stage: () => Promise<void>) => {
    try {
      await stage();
    } catch (error) {
      if (isInterrupted(error)) throw error;
      work.outcome = failedExecution(error, work.attempts, deps.logger, recordContext(work));
    }
  };

  const sageWorks = works.filter((w) => w.plan.writes.sage);
  const intents = await readIntents(deps, ctx, sageWorks);
  const pool = seats.pool ?? new SeatPool(deps.sageConcurrency ?? 1);
  // Asked once, when the page's first record has its seat: a page queued behind another may
  // wait there past a cancel, and then writes nothing (the page before it finishes as it is).
  let mayWrite: Promise<boolean> | undefined;
  const sageWritten = pool.run(sageWorks, async (work, halt) => {
    mayWrite ??= seats.mayWrite?.() ?? Promise.resolve(true);
    if (!(await mayWrite)) return;
    await guarded(work, () => writeSage(deps, ctx, tenantId, work, intents, halt));
  });
  seats.queued?.();
  await sageWritten;
  if (mayWrite && !(await mayWrite)) throw new RunCancelled();
  await writeZoho(deps, ctx, works);
  await readBackSage(deps, ctx, works);
  // storeLink is synchronous: no promise per record for its guard.
  for (const work of works) {
    if (work.outcome) continue;
    try {
      storeLink(deps, ctx, work);
    } catch (error) {
      if (isInterrupted(error)) throw error;
      work.outcome = failedExecution(error, work.attempts, deps.logger, recordContext(work));
    }
  }
  return works.map(
    (w) => w.outcome ?? failedExecution('the record was not executed', [], deps.logger, {}),
  );
}

/** Seats shared with the pass's other pages (ADR 0071); without them the page has its own. */
export interface PageSeats {
  pool?: SeatPool;
  /** Called once the page's Sage writes are queued for seats (the next page may queue behind). */
  queued?: () => void;
  /** False when the run was cancelled before the page's first write: it writes nothing. */
  mayWrite?: () => Promise<boolean>;
}

/** Intents of earlier, interrupted creates: is the record in Sage? One agent call per 100. */
async function readIntents(
  deps: EngineDeps,
  ctx: Ctx,
  works: Work[],
): Promise<Map<string, GatewayRecord>> {
  const keys = works
    .filter((w) => w.plan.writes.sage?.kind === 'create' && w.link?.state === 'intent')
    .flatMap((w) => (w.link?.sageKey ? [w.link.sageKey] : []));
  if (keys.length === 0) return new Map();
  return deps.gateways.sage.get(ctx.def.module, keys);
}

async function writeSage(
  deps: EngineDeps,
  ctx: Ctx,
  tenantId: string,
  work: Work,
  intents: Map<string, GatewayRecord>,
  halt: Halt,
): Promise<void> {
  const { module } = ctx.def;
  const { sage } = deps.gateways;
  const { links } = deps.repos;
  const sageWrite = work.plan.writes.sage!;
  // Another record's crash stops this one at its next boundary, as the process's death would.
  const at = async (name: SyncStep) => {
    halt.check();
    await step(deps, name, { sageKey: work.sageKey, zohoId: work.zohoId });
  };
  let result: WriteResult;
  if (sageWrite.kind === 'create') {
    let exists = false;
    if (work.link?.state === 'intent' && work.link.sageKey) {
      work.sageKey = work.link.sageKey;
      exists = intents.has(work.sageKey);
    } else {
      work.sageKey = await sage.nextKey(module, sageWrite.fields);
      await at('sage.key-reserved');
      // The intent carries its base, the values being written: a rerun after a crash past the
      // create then sees Sage holding our own write, not an edit to weigh against Zoho's.
      const intent: LinkPatch = {
        state: 'intent',
        intentSide: 'sage',
        sageKey: work.sageKey,
        zohoId: work.zohoId,
        base: { sage: writtenProjection(ctx, sageWrite), zoho: work.plan.projections.zoho },
      };
      if (work.link) await links.update(tenantId, work.link.id, intent);
      work.link = work.link
        ? { ...work.link, ...intent }
        : await links.create(tenantId, module, { ...intent, state: 'intent' });
      await at('intent.stored');
    }
    halt.check();
    result = exists
      ? await sage.update(module, work.sageKey, sageWrite.fields, sageWrite.lines, {
          current: intents.get(work.sageKey),
        })
      : await sage.create(module, work.sageKey, sageWrite.fields, sageWrite.lines);
    record(deps, work, result, exists ? 'sage.update' : 'sage.create');
    // Our own earlier create landed before a crash: the intent says the key is ours.
    if (!result.ok && result.code === 'WS_AlreadyExists') {
      result = await sage.update(module, work.sageKey, sageWrite.fields, sageWrite.lines);
      record(deps, work, result, 'sage.update');
    }
  } else {
    if (!work.sageKey) return;
    halt.check();
    // The Sage record the planner weighed, read this page through the agent: the put is merged
    // over it, so the update is one eBWS call (ADR 0076).
    result = await sage.update(module, work.sageKey, sageWrite.fields, sageWrite.lines, {
      current: work.plan.candidate.sage,
    });
    record(deps, work, result, 'sage.update');
  }
  if (!result.ok) return fail(work, result);
  work.sageWritten = true;
  await at('sage.written');
}

/**
 * Sage is read back (through the on-premises agent, no API credits, 100 keys to a call): it
 * normalises what it stores (upper-case codes, defaults), and the link must remember its version
 * of our write for the echo to be recognised. Zoho stores values as sent, so its state is computed
 * from the write, saving a credit per write; were it ever to differ, the planner compares before
 * writing, so the cost would be one cycle that writes nothing.
 */
async function readBackSage(deps: EngineDeps, ctx: Ctx, works: Work[]): Promise<void> {
  const written = works.filter((w) => !w.outcome && w.sageWritten && w.sageKey);
  if (written.length === 0) return;
  await inBatch(deps, ctx, written, async () => {
    const found = await deps.gateways.sage.get(
      ctx.def.module,
      written.map((w) => w.sageKey!),
    );
    for (const w of written) w.sageAfter = found.get(w.sageKey!) ?? w.sageAfter;
  });
}

function storeLink(deps: EngineDeps, ctx: Ctx, work: Work): void {
  const { module } = ctx.def;
  const { plan, sageAfter, zohoAfter, sageKey, zohoId } = work;
  const { link } = work;
  const lineFields = ctx.def.lines;
  // A side that is still the record the planner read keeps the planner's projection and hash.
  const sageSame = sageAfter === plan.candidate.sage;
  const zohoSame = zohoAfter === plan.candidate.zoho;
  const sageProjection = sageSame
    ? plan.projections.sage
    : sageAfter &&
      project('sage', sageAfter, ctx.mappings, ctx.lineMappings, lineFields?.sageField);
  const zohoProjection = zohoSame
    ? plan.projections.zoho
    : zohoAfter &&
      project('zoho', zohoAfter, ctx.mappings, ctx.lineMappings, lineFields?.zohoField);
  const sageHash = sageSame ? plan.hashes.sage : sageProjection && hashProjection(sageProjection);
  const zohoHash = zohoSame ? plan.hashes.zoho : zohoProjection && hashProjection(zohoProjection);
  const patch: LinkPatch & { state: 'linked' } = {
    state: 'linked',
    intentSide: undefined,
    sageKey,
    zohoId,
    sageHash,
    zohoHash,
    sageVersion: sageAfter?.version,
    zohoVersion: zohoAfter?.version,
    base: { sage: sageProjection, zoho: zohoProjection },
    lastSyncedAt: nowIso(deps),
    lastError: undefined,
  };
  if (work.sageWritten) patch.sageWrittenHash = sageHash;
  if (work.zohoWritten) patch.zohoWrittenHash = zohoHash;
  if (plan.deferred && link?.state === 'linked') {
    // That side's changes wait for a run that carries them: keep what it was last synced as.
    const side = plan.deferred;
    patch[side === 'sage' ? 'sageHash' : 'zohoHash'] =
      side === 'sage' ? link.sageHash : link.zohoHash;
    patch.base = { ...patch.base, [side]: link.base?.[side] };
  }
  // Without a link of its own the store finds one made meanwhile by key, or inserts it.
  work.linkWrites.push({ current: link, patch });
  // Kept in memory only for a module that looks itself up (a parent account): other modules'
  // runs read parents' links from storage, and a run of 100,000 must not hold 100,000 pairs.
  if (sageKey && zohoId && looksUpItself(ctx)) ctx.lookups.remember(module, sageKey, zohoId);
  work.outcome = { ok: true, sageKey, zohoId, attempts: work.attempts };
  if (work.zohoGone) Object.assign(work.outcome, { note: GONE_IN_THIS_RUN, goneFromZoho: true });
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
