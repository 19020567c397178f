import type { FlowDirection, ModuleName, RecordAction } from '../../sync/vocabulary.js';
import type { EventStore } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toJson, toNumber } from '../rows.js';
import { TABLES } from '../tables.js';
import { insertRows } from '../bulk-insert.js';
import type {
  Attempt,
  EventQuery,
  FieldChange,
  NewRecordEvent,
  RecordEvent,
} from '../../sync/model/index.js';

export type { Attempt, EventQuery, FieldChange, NewRecordEvent, RecordEvent };

interface RecordEventRow {
  id: number | string;
  tenant_id: string;
  run_id: string;
  module: string;
  direction: string;
  zoho_id: string | null;
  sage_key: string | null;
  action: string;
  reason: string | null;
  changes: string;
  attempts: string;
  attempt: number;
  replay_of: number | string | null;
  created_at: string;
}

const fromRow = (r: RecordEventRow): RecordEvent => ({
  id: toNumber(r.id),
  tenantId: r.tenant_id,
  runId: r.run_id,
  module: r.module as ModuleName,
  direction: r.direction as FlowDirection,
  zohoId: r.zoho_id ?? undefined,
  sageKey: r.sage_key ?? undefined,
  action: r.action as RecordAction,
  reason: r.reason ?? undefined,
  changes: fromJson<FieldChange[]>(r.changes, []),
  attempts: fromJson<Attempt[]>(r.attempts, []),
  attempt: Number(r.attempt),
  replayOf: r.replay_of === null ? undefined : toNumber(r.replay_of),
  createdAt: r.created_at,
});

/** The columns `append` writes, in the order of its row arrays. */
const EVENT_COLUMNS = [
  'tenant_id',
  'run_id',
  'module',
  'direction',
  'zoho_id',
  'sage_key',
  'action',
  'reason',
  'changes',
  'attempts',
  'attempt',
  'replay_of',
  'created_at',
] as const;

export class RecordEventRepository implements EventStore {
  constructor(private readonly db: Db) {}

  /** `at` is the engine's clock (the audit's time), the wall clock when the caller has none. */
  async append(events: NewRecordEvent[], at: string = nowIso()): Promise<void> {
    if (events.length === 0) return;
    const rows = events.map((e) => [
      e.tenantId,
      e.runId,
      e.module,
      e.direction,
      e.zohoId ?? null,
      e.sageKey ?? null,
      e.action,
      e.reason ?? null,
      toJson(e.changes),
      toJson(e.attempts),
      e.attempt,
      e.replayOf ?? null,
      at,
    ]);
    // 500 rows to a statement, built without knex's compiler (`insertRows`); not knex's
    // batchInsert, which opens a transaction of its own and waits a tick first.
    await insertRows(this.db, TABLES.recordEvents, EVENT_COLUMNS, rows);
  }

  async get(tenantId: string, id: number): Promise<RecordEvent | undefined> {
    const row = await this.db<RecordEventRow>(TABLES.recordEvents)
      .where({ tenant_id: tenantId, id })
      .first();
    return row && fromRow(row);
  }

  async query(tenantId: string, q: EventQuery = {}): Promise<RecordEvent[]> {
    const query = this.db<RecordEventRow>(TABLES.recordEvents)
      .where({ tenant_id: tenantId })
      .orderBy('id', q.newestFirst ? 'desc' : 'asc');
    if (q.zohoId) query.andWhere({ zoho_id: q.zohoId });
    if (q.sageKey) query.andWhere({ sage_key: q.sageKey });
    if (q.runId) query.andWhere({ run_id: q.runId });
    if (q.module) query.andWhere({ module: q.module });
    if (q.action) query.andWhere({ action: q.action });
    if (q.from) query.andWhere('created_at', '>=', q.from);
    if (q.to) query.andWhere('created_at', '<', q.to);
    if (q.afterId !== undefined) query.andWhere('id', '>', q.afterId);
    if (q.limit) query.limit(q.limit);
    return (await query).map(fromRow);
  }

  /** Retention: removes events older than the given instant; returns how many. */
  async pruneBefore(tenantId: string, before: string): Promise<number> {
    return this.db(TABLES.recordEvents)
      .where({ tenant_id: tenantId })
      .andWhere('created_at', '<', before)
      .delete();
  }
}
