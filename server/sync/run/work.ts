import type { Logger } from 'pino';
import type { Attempt, Link } from '../model/index.js';
import type { GatewayRecord, WriteResult } from '../gateways.js';
import type { ModuleContext } from '../plan/context.js';
import type { RecordPlan } from '../plan/types.js';
import type { LinkWrite } from '../stores.js';
import { attemptsOf, describeFailure as failure } from './attempts.js';
import { isInterrupted, isoNow, type EngineDeps } from './deps.js';
import type { LinkLookups } from './lookups.js';
import { publicReason } from './public-reason.js';

/** What executing a record's plan came to: its link, or why it failed; every try either way. */
export type Execution =
  | {
      ok: true;
      sageKey?: string;
      zohoId?: string;
      attempts: Attempt[];
      /** Said in the record's event beside its action: what else happened on the way. */
      note?: string;
      /** Zoho answered its stamp write with "no such id" (`Work.zohoGone`). */
      goneFromZoho?: boolean;
    }
  | { ok: false; error: string; retryable: boolean; attempts: Attempt[] };

export type Ctx = ModuleContext & { lookups: LinkLookups };

/** Zoho takes at most 100 records per write call. */
export const ZOHO_BATCH = 100;

/** One record's execution in progress: what each stage has done so far. */
export interface Work {
  plan: RecordPlan;
  link?: Link;
  sageKey?: string;
  zohoId?: string;
  sageAfter?: GatewayRecord;
  zohoAfter?: GatewayRecord;
  sageWritten: boolean;
  zohoWritten: boolean;
  /**
   * Zoho answered the stamp write-back with "no such id": the record was deleted there after the
   * Sage write landed. The Sage write stands; the deletion takes the delete policy in the same
   * run once the page is stored (`gone-at-stamp.ts`), or from Zoho's deleted log in the next.
   */
  zohoGone?: boolean;
  attempts: Attempt[];
  /** Set when a stage failed: later stages leave the record alone. */
  outcome?: Execution;
  /** The page's link writes, stored with it (`storeLinks`): this record's go here. */
  linkWrites: LinkWrite[];
}

/** A record's unexpected failure; internals (SQL, stack-worthy errors) go to the log, not the reason. */
export const failedExecution = (
  error: unknown,
  attempts: Attempt[],
  logger: Logger,
  context: object,
): Execution => ({
  ok: false,
  error: publicReason(error, logger, context),
  retryable: true,
  attempts,
});

export const nowIso = (deps: EngineDeps): string => isoNow(deps);

/** Every try of every write: a Sage record lock retried shows as a failed try, then the pass. */
export function record(deps: EngineDeps, work: Work, r: WriteResult, write: string): void {
  work.attempts.push(...attemptsOf(r, write, nowIso(deps)));
}

/** A write failed: the record's link keeps the error (stored with the page). */
export function fail(work: Work, r: Extract<WriteResult, { ok: false }>): void {
  const { link } = work;
  if (link)
    work.linkWrites.push({ current: link, patch: { state: link.state, lastError: failure(r) } });
  work.outcome = { ok: false, error: failure(r), retryable: r.retryable, attempts: work.attempts };
}

/** A batch call that failed as a whole (network, 5xx after retries) fails each of its records. */
export async function inBatch(
  deps: Pick<EngineDeps, 'logger'>,
  ctx: Ctx,
  batch: Work[],
  call: () => Promise<void>,
): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (isInterrupted(error)) throw error;
    const context = { module: ctx.def.module, records: batch.length };
    const reason = publicReason(error, deps.logger, context);
    for (const w of batch) w.outcome ??= failedExecution(reason, w.attempts, deps.logger, context);
  }
}

/**
 * Zoho's answer to an update of an id it no longer has (deleted, in the recycle bin): INVALID_DATA
 * on the `id` field ("the related id given seems to be invalid").
 */
export const isGoneFromZoho = (r: Extract<WriteResult, { ok: false }>): boolean =>
  r.code === 'INVALID_DATA' && r.field === 'id';
