import type {
  ConflictPolicy,
  DeletePolicy,
  Direction,
  ModuleName,
  Schedule,
} from '../../sync/vocabulary.js';
import type { SettingsStore } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toBool, toJson } from '../rows.js';
import { TABLES } from '../tables.js';
import type { DealStageRule, ModuleSettings } from '../../sync/model/index.js';

export type { ModuleSettings };

interface ModuleSettingsRow {
  tenant_id: string;
  module: string;
  direction: string;
  schedule: string;
  conflict_policy: string;
  conflict_tolerance_seconds: number;
  delete_policy: string;
  delete_brake_percent: number;
  filter_match: string;
  initial_match_done: boolean | number;
  opt_in: boolean | number;
  deal_stages: string | null;
  updated_at: string;
}

const fromRow = (r: ModuleSettingsRow): ModuleSettings => ({
  tenantId: r.tenant_id,
  module: r.module as ModuleName,
  direction: r.direction as Direction,
  schedule: fromJson<Schedule>(r.schedule, { kind: 'interval', seconds: 900 }),
  conflictPolicy: r.conflict_policy as ConflictPolicy,
  conflictToleranceSeconds: Number(r.conflict_tolerance_seconds),
  deletePolicy: r.delete_policy as DeletePolicy,
  deleteBrakePercent: Number(r.delete_brake_percent),
  filterMatch: r.filter_match as 'all' | 'any',
  initialMatchDone: toBool(r.initial_match_done),
  optIn: toBool(r.opt_in),
  ...(r.deal_stages ? { dealStages: fromJson<DealStageRule>(r.deal_stages, DEFAULT_RULE) } : {}),
});

const DEFAULT_RULE: DealStageRule = { enabled: false, stages: {} };

export class ModuleSettingsRepository implements SettingsStore {
  constructor(private readonly db: Db) {}

  async save(s: ModuleSettings): Promise<void> {
    const row: ModuleSettingsRow = {
      tenant_id: s.tenantId,
      module: s.module,
      direction: s.direction,
      schedule: toJson(s.schedule),
      conflict_policy: s.conflictPolicy,
      conflict_tolerance_seconds: s.conflictToleranceSeconds,
      delete_policy: s.deletePolicy,
      delete_brake_percent: s.deleteBrakePercent,
      filter_match: s.filterMatch,
      initial_match_done: s.initialMatchDone,
      opt_in: s.optIn,
      deal_stages: s.dealStages ? toJson(s.dealStages) : null,
      updated_at: nowIso(),
    };
    await this.db(TABLES.moduleSettings).insert(row).onConflict(['tenant_id', 'module']).merge();
  }

  async get(tenantId: string, module: ModuleName): Promise<ModuleSettings | undefined> {
    const row = await this.db<ModuleSettingsRow>(TABLES.moduleSettings)
      .where({ tenant_id: tenantId, module })
      .first();
    return row && fromRow(row);
  }

  async list(tenantId: string): Promise<ModuleSettings[]> {
    const rows = await this.db<ModuleSettingsRow>(TABLES.moduleSettings)
      .where({ tenant_id: tenantId })
      .orderBy('module');
    return rows.map(fromRow);
  }

  /**
   * The scheduler's one read per tick, across tenants by design: every module that is not
   * disabled, of every active tenant whose Zoho CRM is connected, ordered by tenant then module.
   * One query instead of one per tenant (with 200 tenants and two processes ticking each second,
   * the per-tenant reads were ~400 queries a second).
   */
  async listScheduled(): Promise<ModuleSettings[]> {
    const s = TABLES.moduleSettings;
    const rows = await this.db<ModuleSettingsRow>(s)
      .select(`${s}.*`)
      .join(TABLES.tenants, `${TABLES.tenants}.id`, `${s}.tenant_id`)
      .whereIn(`${s}.tenant_id`, this.db(TABLES.zohoConnections).select('tenant_id'))
      .where(`${TABLES.tenants}.status`, 'active')
      .whereNot(`${s}.direction`, 'disabled')
      .orderBy([`${s}.tenant_id`, `${s}.module`]);
    return rows.map(fromRow);
  }
}
