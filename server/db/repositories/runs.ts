import crypto from 'node:crypto';
import type { FlowDirection, ModuleName, RunKind, RunStatus } from '../../sync/vocabulary.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toBool, toJson } from '../rows.js';
import { TABLES } from '../tables.js';

export type RunCounts = Record<string, number>;

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
});

export class RunRepository {
  constructor(private readonly db: Db) {}

  async start(
    input: Pick<Run, 'tenantId' | 'module' | 'direction' | 'kind' | 'dryRun'>,
  ): Promise<Run> {
    const row: RunRow = {
      id: crypto.randomUUID(),
      tenant_id: input.tenantId,
      module: input.module,
      direction: input.direction,
      kind: input.kind,
      status: 'running',
      dry_run: input.dryRun,
      started_at: nowIso(),
      finished_at: null,
      counts: '{}',
      reason: null,
      flags: '[]',
    };
    await this.db(TABLES.runs).insert(row);
    return fromRow(row);
  }

  async finish(
    tenantId: string,
    id: string,
    result: {
      status: Exclude<RunStatus, 'running'>;
      counts: RunCounts;
      reason?: string;
      flags?: string[];
    },
  ): Promise<void> {
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id })
      .update({
        status: result.status,
        counts: toJson(result.counts),
        reason: result.reason ?? null,
        flags: toJson(result.flags ?? []),
        finished_at: nowIso(),
      });
  }

  /** Progress of a long run (a backfill): the counts so far, while it is still running. */
  async progress(tenantId: string, id: string, counts: RunCounts): Promise<void> {
    await this.db(TABLES.runs)
      .where({ tenant_id: tenantId, id, status: 'running' })
      .update({ counts: toJson(counts) });
  }

  async get(tenantId: string, id: string): Promise<Run | undefined> {
    const row = await this.db<RunRow>(TABLES.runs).where({ tenant_id: tenantId, id }).first();
    return row && fromRow(row);
  }

  async listRecent(
    tenantId: string,
    options: { module?: ModuleName; limit?: number } = {},
  ): Promise<Run[]> {
    const query = this.db<RunRow>(TABLES.runs)
      .where({ tenant_id: tenantId })
      .orderBy('started_at', 'desc')
      .limit(options.limit ?? 50);
    if (options.module) query.andWhere({ module: options.module });
    return (await query).map(fromRow);
  }
}
