import crypto from 'node:crypto';
import { emptyProgress, type RunProgress } from '../../sync/run/progress.js';
import type {
  NewRun,
  QueuedRunOptions,
  Run,
  RunCounts,
  RunPage,
  RunResult,
} from '../../sync/model/index.js';
import type { RunStore } from '../../sync/stores.js';
import type { ModuleName, RunKind, RunPhase, RunStatus, Side } from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toBool, toJson } from '../rows.js';
import { TABLES } from '../tables.js';

export type { NewRun, QueuedRunOptions, Run, RunCounts, RunPage, RunResult };

interface RunRow {
  id: string;
  tenant_id: string;
  module: string;
  direction: string;
  kind: string;
  status: string;
  dry_run: boolean | number;
  started_at: string;
  heartbeat_at?: string | null;
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
  heartbeatAt: r.heartbeat_at ?? undefined,
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

/**
 * The runs table. Status changes are compare-and-set on the statuses a transition may leave
 * (`RUN_TRANSITIONS`): a run ends once, and a run swept as stale is not resurrected.
 */
export class RunRepository implements RunStore {
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
  async start(input: NewRun, at: string = nowIso()): Promise<Run> {
    if (input.id) {
      const existing = await this.get(input.tenantId, input.id);
      if (!existing) throw new Error(`run ${input.id} does not exist`);
      if (existing.status === 'queued') {
        await this.db(TABLES.runs)
          .where({ tenant_id: input.tenantId, id: input.id, status: 'queued' })
          .update({
            status: 'running',
            started_at: at,
            heartbeat_at: at,
            updated_at: at,
            direction: input.direction,
          });
      } else if (existing.status === 'running') {
        // Taken over after its worker died: the new worker's start is a sign of life.
        await this.db(TABLES.runs)
          .where({ tenant_id: input.tenantId, id: input.id, status: 'running' })
          .update({ heartbeat_at: at, updated_at: at });
      }
      return (await this.get(input.tenantId, input.id))!;
    }
    const row: RunRow = { ...this.newRow(input, 'running', at), heartbeat_at: at, updated_at: at };
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

  /** Ends a queued or running run; false (nothing changed) when it had ended already. */
  async finish(
    tenantId: string,
    id: string,
    result: Omit<RunResult, 'flags'> & { flags?: string[] },
    at: string = nowIso(),
  ): Promise<boolean> {
    const changed = await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id })
      .whereIn('status', ['queued', 'running'])
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
    return changed > 0;
  }

  /** A running run's sign of life (its timer's): nothing else changes. */
  async heartbeat(tenantId: string, id: string, at: string = nowIso()): Promise<void> {
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id, status: 'running' })
      .update({ heartbeat_at: at });
  }

  /** Progress of a running run after a page: counts and progress so far, and a heartbeat. */
  async progress(
    tenantId: string,
    id: string,
    counts: RunCounts,
    progress?: RunProgress,
    at: string = nowIso(),
  ): Promise<void> {
    await this.writeProgress(tenantId, id, { counts, progress, at });
  }

  private async writeProgress(
    tenantId: string,
    id: string,
    { counts, progress, at }: { counts: RunCounts; progress?: RunProgress; at: string },
  ): Promise<void> {
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id, status: 'running' })
      .update({
        counts: toJson(counts),
        heartbeat_at: at,
        updated_at: at,
        ...(progress ? { progress: toJson(progress), phase: progress.phase } : {}),
      });
  }

  async failStale(tenantId: string, before: string, reason: string, at: string): Promise<Run[]> {
    const stale = await this.db<RunRow>(TABLES.runs)
      .where({ tenant_id: tenantId, status: 'running' })
      .andWhere((q) =>
        q
          .where('heartbeat_at', '<', before)
          .orWhere((q2) => q2.whereNull('heartbeat_at').andWhere('started_at', '<', before)),
      );
    const swept: Run[] = [];
    for (const row of stale) {
      // Compare-and-set, row by row: a run that finished meanwhile keeps its own ending.
      const changed = await this.db(TABLES.runs)
        .where({ tenant_id: tenantId, id: row.id, status: 'running' })
        .update({ status: 'failed', reason, finished_at: at, updated_at: at, phase: 'finished' });
      if (changed > 0) swept.push({ ...fromRow(row), status: 'failed', reason, finishedAt: at });
    }
    return swept;
  }

  /** Records a finished page (after its events and cursor are stored). */
  async addPage(
    tenantId: string,
    runId: string,
    page: Omit<RunPage, 'seq' | 'at'>,
    standing?: { counts: RunCounts; progress: RunProgress; at: string },
  ): Promise<void> {
    // One statement: the page numbered after the side's last (a page is stored in its page's
    // transaction, so no other writer numbers the same run and side meanwhile).
    const t = TABLES.runPages;
    await this.db.raw(
      `insert into ?? (run_id, tenant_id, side, seq, cursor, has_more, records, at)
       select ?, ?, ?, coalesce(max(seq), 0) + 1, ?, ?, ?, ? from ??
       where tenant_id = ? and run_id = ? and side = ?`,
      [
        t,
        runId,
        tenantId,
        page.side,
        page.cursor,
        page.hasMore,
        page.records,
        nowIso(),
        t,
        tenantId,
        runId,
        page.side,
      ],
    );
    if (standing) await this.writeProgress(tenantId, runId, standing);
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
