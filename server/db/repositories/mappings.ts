import type { ModuleName, Side } from '../../sync/vocabulary.js';
import type { MappingStore } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { fromJson, toBool, toJson, lockTenantRow } from '../rows.js';
import { TABLES } from '../tables.js';
import type { FieldMapping, ModuleFilter } from '../../sync/model/index.js';

export type { FieldMapping, ModuleFilter };

interface FieldMappingRow {
  tenant_id: string;
  module: string;
  position: number;
  zoho_field: string;
  sage_field: string;
  direction: string;
  transform: string | null;
  empty_overwrites: boolean | number;
  owner: string | null;
}

interface ModuleFilterRow {
  tenant_id: string;
  module: string;
  position: number;
  side: string;
  field: string;
  operator: string;
  value: string | null;
}

/** Field mappings and filters of a module, each replaced as a whole list (the admin edits a table). */
export class MappingRepository implements MappingStore {
  constructor(private readonly db: Db) {}

  async replaceMappings(
    tenantId: string,
    module: ModuleName,
    mappings: FieldMapping[],
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await lockTenantRow(trx, tenantId);
      await trx(TABLES.fieldMappings).where({ tenant_id: tenantId, module }).delete();
      if (mappings.length === 0) return;
      const rows: FieldMappingRow[] = mappings.map((m, position) => ({
        tenant_id: tenantId,
        module,
        position,
        zoho_field: m.zohoField,
        sage_field: m.sageField,
        direction: m.direction,
        transform: m.transform === undefined ? null : toJson(m.transform),
        empty_overwrites: m.emptyOverwrites,
        owner: m.owner ?? null,
      }));
      await trx(TABLES.fieldMappings).insert(rows);
    });
  }

  async listMappings(tenantId: string, module: ModuleName): Promise<FieldMapping[]> {
    const rows = await this.db<FieldMappingRow>(TABLES.fieldMappings)
      .where({ tenant_id: tenantId, module })
      .orderBy('position');
    return rows.map((r) => ({
      zohoField: r.zoho_field,
      sageField: r.sage_field,
      direction: r.direction as FieldMapping['direction'],
      transform: fromJson<unknown>(r.transform, undefined),
      emptyOverwrites: toBool(r.empty_overwrites),
      owner: (r.owner ?? undefined) as Side | undefined,
    }));
  }

  async replaceFilters(
    tenantId: string,
    module: ModuleName,
    filters: ModuleFilter[],
  ): Promise<void> {
    await this.db.transaction(async (trx) => {
      await lockTenantRow(trx, tenantId);
      await trx(TABLES.moduleFilters).where({ tenant_id: tenantId, module }).delete();
      if (filters.length === 0) return;
      const rows: ModuleFilterRow[] = filters.map((f, position) => ({
        tenant_id: tenantId,
        module,
        position,
        side: f.side,
        field: f.field,
        operator: f.operator,
        value: toJson(f.value),
      }));
      await trx(TABLES.moduleFilters).insert(rows);
    });
  }

  async listFilters(tenantId: string, module: ModuleName): Promise<ModuleFilter[]> {
    const rows = await this.db<ModuleFilterRow>(TABLES.moduleFilters)
      .where({ tenant_id: tenantId, module })
      .orderBy('position');
    return rows.map((r) => ({
      side: r.side as Side,
      field: r.field,
      operator: r.operator,
      value: fromJson<unknown>(r.value, null),
    }));
  }
}
