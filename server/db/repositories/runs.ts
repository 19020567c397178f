import crypto from 'node:crypto';
import { emptyProgress, type RunProgress } from '../../sync/run/progress.js';
import type {
  FinalRunStatus,
  FlowDirection,
  ModuleName,
  RunKind,
  RunPhase,
  RunStatus,
  Side,
} from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toBool, toJson } from '../rows.js';
import { TABLES } from '../tables.js';

export type RunCounts = Record<string, number>;

/** What a queued run is to do, kept on the row so whichever worker takes it can. */
export interface QueuedRunOptions {
  /** The direction asked for (narrower than the module's); the module's when absent. */
  direction?: FlowDirection | 'both';
  since?: string;
  /** A replay run: the run whose failed, skipped and conflicting records it syncs again. */
  replayOf?: string;
  /** Continue where this earlier (cancelled or failed) run of the module stopped. */
  continueFrom?: string;
}

export interface Run {
  id: string;
  tenantId: string;
  module: ModuleName;
  direction: FlowDirection | 'both';
  kind: RunKind;
  status: RunStatus;
  dryRun: boolean;
  startedAt: string;
  finishedAt?: string;
  counts: RunCounts;
  reason?: string;
  flags: string[];
  queuedAt?: string;
  options: QueuedRunOptions;
  progress: RunProgress;
  updatedAt?: string;
  cancelRequestedAt?: string;
}

/** One finished page of a run: the cursor after it is where the run continues. */
export interface RunPage {
  side: Side;
  seq: number;
  cursor: string;
  hasMore: boolean;
  records: number;
  at: string;
}

interface RunRow {
  id: string;
  tenant_id: string;
  module: string;
  direction: string;
  kind: string;
  status: string;
  dry_run: boolean | number;
  started_at: string;
  finished_at: string | null;
  counts: string;
  reason: string | null;
  flags: string;
  options?: string | null;
  queued_at?: string | null;
  phase?: string | null;
  progress?: string | null;
  updated_at?: string | null;
  cancel_requested_at?: string | null;
}

interface PageRow {
  run_id: string;
  tenant_id: string;
  side: string;
  seq: number;
  cursor: string;
  has_more: boolean | number;
  records: number;
  at: string;
}

const fromRow = (r: RunRow): Run => ({
  id: r.id,
  tenantId: r.tenant_id,
  module: r.module as ModuleName,
  direction: r.direction as Run['direction'],
  kind: r.kind as RunKind,
  status: r.status as RunStatus,
  dryRun: toBool(r.dry_run),
  startedAt: r.started_at,
  finishedAt: r.finished_at ?? undefined,
  counts: fromJson<RunCounts>(r.counts, {}),
  reason: r.reason ?? undefined,
  flags: fromJson<string[]>(r.flags, []),
  queuedAt: r.queued_at ?? undefined,
  options: fromJson<QueuedRunOptions>(r.options, {}),
  progress: {
    ...emptyProgress(),
    ...fromJson<Partial<RunProgress>>(r.progress, {}),
    ...(r.phase ? { phase: r.phase as RunPhase } : {}),
  },
  updatedAt: r.updated_at ?? undefined,
  cancelRequestedAt: r.cancel_requested_at ?? undefined,
});

type NewRun = Pick<Run, 'tenantId' | 'module' | 'direction' | 'kind' | 'dryRun'>;

export class RunRepository {
  constructor(private readonly db: Db) {}

  /** A run accepted for the job runner: `queued` until a worker starts it. */
  async enqueue(input: NewRun & { options?: QueuedRunOptions }): Promise<Run> {
    const at = nowIso();
    const row: RunRow = {
      ...this.newRow(input, 'queued', at),
      options: toJson(input.options ?? {}),
      queued_at: at,
      phase: 'queued',
      updated_at: at,
    };
    await this.db(TABLES.runs).insert(row);
    return fromRow(row);
  }

  /**
   * Starts a run. With `id`, the queued run of that id starts (or, taken over after its worker
   * died, carries on running); without, a new run starts now.
   */
  async start(input: NewRun & { id?: string }): Promise<Run> {
    const at = nowIso();
    if (input.id) {
      const existing = await this.get(input.tenantId, input.id);
      if (!existing) throw new Error(`run ${input.id} does not exist`);
      if (existing.status === 'queued') {
        await this.db(TABLES.runs)
          .where({ tenant_id: input.tenantId, id: input.id, status: 'queued' })
          .update({
            status: 'running',
            started_at: at,
            updated_at: at,
            direction: input.direction,
          });
      }
      return (await this.get(input.tenantId, input.id))!;
    }
    const row: RunRow = { ...this.newRow(input, 'running', at), updated_at: at };
    await this.db(TABLES.runs).insert(row);
    return fromRow(row);
  }

  private newRow(input: NewRun, status: RunStatus, at: string): RunRow {
    return {
      id: crypto.randomUUID(),
      tenant_id: input.tenantId,
      module: input.module,
      direction: input.direction,
      kind: input.kind,
      status,
      dry_run: input.dryRun,
      started_at: at,
      finished_at: null,
      counts: '{}',
      reason: null,
      flags: '[]',
    };
  }

  async finish(
    tenantId: string,
    id: string,
    result: {
      status: FinalRunStatus;
      counts: RunCounts;
      reason?: string;
      flags?: string[];
      progress?: RunProgress;
    },
  ): Promise<void> {
    const at = nowIso();
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id })
      .update({
        status: result.status,
        counts: toJson(result.counts),
        reason: result.reason ?? null,
        flags: toJson(result.flags ?? []),
        finished_at: at,
        updated_at: at,
        phase: 'finished',
        ...(result.progress ? { progress: toJson(result.progress) } : {}),
      });
  }

  /** Progress of a running run: the counts and progress so far, stored after every page. */
  async progress(
    tenantId: string,
    id: string,
    counts: RunCounts,
    progress?: RunProgress,
  ): Promise<void> {
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id, status: 'running' })
      .update({
        counts: toJson(counts),
        updated_at: nowIso(),
        ...(progress ? { progress: toJson(progress), phase: progress.phase } : {}),
      });
  }

  /** Records a finished page (after its events and cursor are stored). */
  async addPage(tenantId: string, runId: string, page: Omit<RunPage, 'seq' | 'at'>): Promise<void> {
    const last = await this.db<PageRow>(TABLES.runPages)
      .where({ tenant_id: tenantId, run_id: runId, side: page.side })
      .max<{ seq: number | null }>('seq as seq')
      .first();
    await this.db(TABLES.runPages).insert({
      run_id: runId,
      tenant_id: tenantId,
      side: page.side,
      seq: (last?.seq ?? 0) + 1,
      cursor: page.cursor,
      has_more: page.hasMore,
      records: page.records,
      at: nowIso(),
    } satisfies PageRow);
  }

  async pages(tenantId: string, runId: string): Promise<RunPage[]> {
    const rows = await this.db<PageRow>(TABLES.runPages)
      .where({ tenant_id: tenantId, run_id: runId })
      .orderBy([
        { column: 'side', order: 'desc' },
        { column: 'seq', order: 'asc' },
      ]);
    return rows.map((r) => ({
      side: r.side as Side,
      seq: r.seq,
      cursor: r.cursor,
      hasMore: toBool(r.has_more),
      records: r.records,
      at: r.at,
    }));
  }

  /**
   * Asks a run to stop. A queued run is cancelled at once; a running one is marked and stops at
   * its next page boundary. Returns the run as it is now, or undefined when there is none.
   */
  async requestCancel(tenantId: string, id: string): Promise<Run | undefined> {
    const at = nowIso();
    await this.db(TABLES.runs).where({ tenant_id: tenantId, id, status: 'queued' }).update({
      status: 'cancelled',
      reason: 'cancelled before it started',
      cancel_requested_at: at,
      finished_at: at,
      updated_at: at,
      phase: 'finished',
    });
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id, status: 'running' })
      .whereNull('cancel_requested_at')
      .update({ cancel_requested_at: at });
    return this.get(tenantId, id);
  }

  async cancelRequested(tenantId: string, id: string): Promise<boolean> {
    const row = await this.db<RunRow>(TABLES.runs)
      .where({ tenant_id: tenantId, id })
      .first('cancel_requested_at');
    return Boolean(row?.cancel_requested_at);
  }

  async get(tenantId: string, id: string): Promise<Run | undefined> {
    const row = await this.db<RunRow>(TABLES.runs).where({ tenant_id: tenantId, id }).first();
    return row && fromRow(row);
  }

  async listRecent(
    tenantId: string,
    options: { module?: ModuleName; limit?: number; since?: string } = {},
  ): Promise<Run[]> {
    const query = this.db<RunRow>(TABLES.runs)
      .where({ tenant_id: tenantId })
      .orderBy('started_at', 'desc')
      .limit(options.limit ?? 50);
    if (options.module) query.andWhere({ module: options.module });
    if (options.since) query.andWhere('started_at', '>=', options.since);
    return (await query).map(fromRow);
  }

  /**
   * Runs of every tenant still queued or running, oldest first: on SQLite (one process) these
   * were left by a process that stopped or died, and the next start carries them on.
   */
  async listUnfinished(): Promise<Run[]> {
    const rows = await this.db<RunRow>(TABLES.runs)
      .whereIn('status', ['queued', 'running'])
      .whereNotNull('options')
      // "Sync to Sage" runs belong to the request that made them; they are not queued work.
      .whereNot({ kind: 'record' })
      .orderBy('queued_at');
    return rows.map(fromRow);
  }

  /** Queued runs of every tenant: how many, and when the oldest was queued (for /metrics). */
  async queueStats(): Promise<{ queued: number; oldestQueuedAt?: string }> {
    const row = await this.db(TABLES.runs)
      .where({ status: 'queued' })
      .count<{ n: number | string }>('id as n')
      .min<{ oldest: string | null }>('queued_at as oldest')
      .first();
    return {
      queued: Number((row as { n?: number | string } | undefined)?.n ?? 0),
      oldestQueuedAt: (row as { oldest?: string | null } | undefined)?.oldest ?? undefined,
    };
  }
}
