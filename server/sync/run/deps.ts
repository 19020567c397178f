import type { Logger } from 'pino';
import type { Repositories } from '../../db/repositories/index.js';
import type { Gateways } from '../gateways.js';

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
] as const;
export type SyncStep = (typeof SYNC_STEPS)[number];

export type EngineRepositories = Pick<
  Repositories,
  | 'moduleSettings'
  | 'mappings'
  | 'links'
  | 'cursors'
  | 'runs'
  | 'events'
  | 'conflicts'
  | 'matchProposals'
  | 'pendingRecords'
  | 'sageConnections'
>;

export interface EngineDeps {
  repos: EngineRepositories;
  gateways: Gateways;
  logger: Logger;
  /** Called at every step boundary; a test hook for crash injection, a no-op in production. */
  onStep?: (step: SyncStep, ref: { sageKey?: string; zohoId?: string }) => void | Promise<void>;
  now?: () => Date;
  /** Records per change page (gateways cap it further: Zoho upserts at most 100 per call). */
  pageSize?: number;
}

export const step = async (
  deps: EngineDeps,
  name: SyncStep,
  ref: { sageKey?: string; zohoId?: string } = {},
): Promise<void> => {
  if (deps.onStep) await deps.onStep(name, ref);
};
