import type { GatewayRecord } from '../gateways.js';
import { step, type EngineDeps } from './deps.js';
import { fail, inBatch, isGoneFromZoho, record, ZOHO_BATCH, type Ctx, type Work } from './work.js';

/**
 * What a record still needs from Zoho after its Sage write: its fields, or only its key. A Zoho
 * edit that landed in Sage gets its key written again too, for the sync stamp that rides with it
 * (`Sage_Last_Synced`, `Sage_Sync_Status`): 100 records to a call, and an echo of our own write
 * when it comes back (the stamp is not mapped, the link keeps the write's version).
 */
function zohoNeed(work: Work): 'upsert' | 'key' | undefined {
  const { plan } = work;
  if (work.outcome || !work.sageKey) return undefined;
  if (plan.writes.zoho) return 'upsert';
  const key = plan.writeSageKeyToZoho || !!plan.writes.sage || plan.tickOptIn;
  if (work.zohoId && key) return 'key';
  return undefined;
}

const chunks = <T>(items: T[]): T[][] =>
  Array.from({ length: Math.ceil(items.length / ZOHO_BATCH) }, (_, i) =>
    items.slice(i * ZOHO_BATCH, (i + 1) * ZOHO_BATCH),
  );

/**
 * Waits for every batch, then rethrows an injected crash (the step hook): nothing keeps writing
 * after it, and no batch's outcome goes unrecorded.
 */
async function sideBySide(batches: Array<Promise<void>>): Promise<void> {
  const outcomes = await Promise.allSettled(batches);
  const crashed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (crashed) throw crashed.reason;
}

/**
 * The Zoho stage of a page: upserts, and the Sage keys of Zoho-born records Sage just created
 * (with the opt-in tick when the plan asks for it, ADR 0062), 100 records to a call: a credit per
 * call, not per record. The batches go side by side; the Zoho transport holds them to the
 * tenant's concurrency limit.
 */
export async function writeZoho(deps: EngineDeps, ctx: Ctx, works: Work[]) {
  const { module, zohoKeyField } = ctx.def;
  const { crm } = deps.gateways;
  const optIn = ctx.def.optIn?.zohoField;
  const tickOf = (w: Work) => (w.plan.tickOptIn && optIn ? { [optIn]: true } : undefined);
  const upserts = chunks(works.filter((w) => zohoNeed(w) === 'upsert')).map((batch) =>
    inBatch(deps, ctx, batch, async () => {
      const results = await crm.upsert(
        module,
        batch.map((w) => ({
          sageKey: w.sageKey!,
          zohoId: w.zohoId,
          fields: w.plan.writes.zoho!.fields,
          lines: w.plan.writes.zoho!.lines,
          currentLines: w.plan.writes.zoho!.lines ? w.plan.candidate.zoho?.lines : undefined,
        })),
      );
      for (const [j, work] of batch.entries()) {
        const result = results[j];
        if (!result) throw new Error('the CRM gateway returned fewer results than records');
        record(deps, work, result, 'zoho.upsert');
        if (!result.ok) {
          fail(work, result);
          continue;
        }
        const zohoWrite = work.plan.writes.zoho!;
        work.zohoId = result.id;
        work.zohoWritten = true;
        work.zohoAfter = {
          id: result.id,
          version: result.version,
          fields: { ...work.zohoAfter?.fields, ...zohoWrite.fields, [zohoKeyField]: work.sageKey },
          lines: zohoWrite.lines ?? work.zohoAfter?.lines,
        };
        // Awaited only with a hook (tests): no promise per record in production.
        if (deps.onStep) {
          await step(deps, 'zoho.written', { sageKey: work.sageKey, zohoId: work.zohoId });
        }
      }
    }),
  );
  const keys = chunks(works.filter((w) => zohoNeed(w) === 'key')).map((batch) =>
    inBatch(deps, ctx, batch, async () => {
      const results = await crm.setSageKeys(
        module,
        batch.map((w) => ({ zohoId: w.zohoId!, sageKey: w.sageKey!, also: tickOf(w) })),
      );
      for (const [j, work] of batch.entries()) {
        const result = results[j];
        if (!result) throw new Error('the CRM gateway returned fewer results than keys');
        record(deps, work, result, 'zoho.setSageKey');
        if (!result.ok) {
          // Deleted in Zoho after its Sage write landed: that write is the record's outcome, not
          // a failure; the link is stored, and the deletion takes the delete policy once its page
          // is stored (run/gone-at-stamp.ts), or from Zoho's deleted log in the next run.
          if (isGoneFromZoho(result)) work.zohoGone = true;
          else fail(work, result);
          continue;
        }
        work.zohoWritten = true;
        if (work.zohoAfter) {
          const after: GatewayRecord = work.zohoAfter;
          work.zohoAfter = {
            ...after,
            version: result.version,
            fields: { ...after.fields, ...tickOf(work), [zohoKeyField]: work.sageKey },
          };
        }
        if (deps.onStep) {
          await step(deps, 'zoho.key-written', { sageKey: work.sageKey, zohoId: work.zohoId });
        }
      }
    }),
  );
  await sideBySide([...upserts, ...keys]);
}
