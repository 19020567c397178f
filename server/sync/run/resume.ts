import type { Run, RunCounts } from '../model/index.js';
import type { Side } from '../vocabulary.js';
import type { EngineDeps } from './deps.js';
import { emptyProgress, type RunProgress } from './progress.js';

/** Thrown between pages when the run was asked to stop; ends the run `cancelled`. */
export class RunCancelled extends Error {}

export interface ResumeState {
  counts: RunCounts;
  progress: RunProgress;
  /** Per side: finished already, or the cursor after its last finished page. */
  sides: Partial<Record<Side, { done: boolean; cursor?: string }>>;
}

/**
 * Where a run starts: from nothing; from its own pages when it was taken over after its worker
 * died (its counts and progress so far carry on); or from an earlier run's last pages.
 */
export async function resumeState(
  deps: EngineDeps,
  tenantId: string,
  run: Run,
  continueFrom: string | undefined,
): Promise<ResumeState> {
  const own = (await deps.repos.runs.pages(tenantId, run.id)).length > 0;
  const from = own ? run.id : continueFrom;
  const state: ResumeState = {
    counts: own ? { ...run.counts } : {},
    progress: own
      ? { ...emptyProgress('reading_sage'), ...run.progress }
      : emptyProgress('records'),
    sides: {},
  };
  if (!from) return state;
  const pages = await deps.repos.runs.pages(tenantId, from);
  for (const side of ['sage', 'zoho'] as const) {
    const last = pages.filter((p) => p.side === side).at(-1);
    if (last) state.sides[side] = { done: !last.hasMore, cursor: last.cursor };
  }
  return state;
}
