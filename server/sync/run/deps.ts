import type { Logger } from 'pino';
import type { Gateways } from '../gateways.js';
import type { EngineStores } from '../stores.js';
import type { Side } from '../vocabulary.js';

/**
 * The boundaries of one record's sync, in order. Tests inject a crash at each one and rerun, to
 * prove every interruption ends with exactly one record on each side.
 */
export const SYNC_STEPS = [
  'sage.key-reserved',
  'intent.stored',
  'sage.written',
  'zoho.written',
  'zoho.key-written',
  'link.stored',
  'events.stored',
  'cursor.stored',
  'page.stored',
] as const;
/**
 * Boundaries outside a record's own sync that tests crash at too: `zoho.gone-found`, a page
 * stored whose records Zoho deleted at their stamp write, before their delete policy applies;
 * `sage.gone-found`, the same for linked records the page found gone from Sage.
 */
export const LATER_STEPS = ['zoho.gone-found', 'sage.gone-found'] as const;
export type SyncStep = (typeof SYNC_STEPS)[number] | (typeof LATER_STEPS)[number];

/** @deprecated the engine's stores: use `EngineStores` from `../stores.js`. */
export type EngineRepositories = EngineStores;

export interface EngineDeps {
  repos: EngineStores;
  gateways: Gateways;
  logger: Logger;
  /**
   * Called at every step boundary; a no-op in production. Tests pass a hook that throws to
   * simulate the process dying there: whatever it throws stops the run on the spot, like a real
   * crash (nothing caught, the run left `running` for the sweep), see `StepInterrupted`.
   */
  onStep?: (step: SyncStep, ref: { sageKey?: string; zohoId?: string }) => void | Promise<void>;
  /** The engine's one clock: run times, heartbeats, audit timestamps, retry schedules. */
  now?: () => Date;
  /**
   * How many records' Sage writes run at once (the tenant's eBWS sessions; the eBWS client holds
   * the calls to them across all of the tenant's runs). 1 when unset.
   */
  sageConcurrency?: number;
  /**
   * Records per change page, for both sides or per side (gateways cap it further: Zoho reads 200
   * a call). A side without one reads at its gateway's own page size: the Sage feed's is
   * SAGE_FEED_PAGE_SIZE, so the engine never shrinks the agent's pages to Zoho's.
   */
  pageSize?: number | Partial<Record<Side, number>>;
  /** Run heartbeats and the stale-run sweep (defaults in `lifecycle.ts`). */
  runTiming?: { heartbeatMs?: number; staleAfterMs?: number };
  /** Failed records: how many tries before a record waits for the admin, and the first wait. */
  retry?: { attemptLimit?: number; firstDelaySeconds?: number };
}

/** The page size a side's reads ask for; undefined leaves it to the gateway. */
export const pageSizeFor = (deps: Pick<EngineDeps, 'pageSize'>, side: Side): number | undefined =>
  typeof deps.pageSize === 'number' ? deps.pageSize : deps.pageSize?.[side];

/** The engine's clock as an ISO-8601 instant. */
export const nowOf = (deps: Pick<EngineDeps, 'now'>): Date => deps.now?.() ?? new Date();
export const isoNow = (deps: Pick<EngineDeps, 'now'>): string =>
  deps.now ? deps.now().toISOString() : wallIso();

let wallMs = Number.NaN;
let wallText = '';
/**
 * The wall clock's ISO text, made once per millisecond: a page stamps each of its records (its
 * tries, its link's last sync) within a few milliseconds, and a Date and its text per stamp were
 * a few microseconds of every record's CPU. The same text as `new Date().toISOString()`.
 */
function wallIso(): string {
  const ms = Date.now();
  if (ms !== wallMs) {
    wallText = new Date(ms).toISOString();
    wallMs = ms;
  }
  return wallText;
}

/**
 * What the step hook threw, wrapped so no run, batch or record handler mistakes it for a
 * record's failure: it is rethrown through every layer, by type, never by name.
 */
export class StepInterrupted extends Error {
  constructor(
    readonly step: SyncStep,
    override readonly cause: unknown,
  ) {
    // The hook's own words: a crash injected "at intent.stored" reads as such to the test.
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = 'StepInterrupted';
  }
}

export const isInterrupted = (error: unknown): error is StepInterrupted =>
  error instanceof StepInterrupted;

export const step = async (
  deps: EngineDeps,
  name: SyncStep,
  ref: { sageKey?: string; zohoId?: string } = {},
): Promise<void> => {
  if (!deps.onStep) return;
  try {
    await deps.onStep(name, ref);
  } catch (error) {
    throw new StepInterrupted(name, error);
  }
};
