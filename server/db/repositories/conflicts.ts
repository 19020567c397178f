import type { ModuleName } from '../../sync/vocabulary.js';
import type { ConflictStore } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toJson } from '../rows.js';
import { TABLES } from '../tables.js';
import type { Conflict, ConflictField } from '../../sync/model/index.js';

export type { Conflict, ConflictField };

interface ConflictRow {
  id: number;
  tenant_id: string;
  module: string;
  link_id: number | null;
  zoho_id: string | null;
  sage_key: string | null;
  fields: string;
  status: string;
  resolution: string | null;
  created_at: string;
  resolved_at: string | null;
}

const fromRow = (r: ConflictRow): Conflict => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  module: r.module as ModuleName,
  linkId: r.link_id === null ? undefined : Number(r.link_id),
  zohoId: r.zoho_id ?? undefined,
  sageKey: r.sage_key ?? undefined,
  fields: fromJson<ConflictField[]>(r.fields, []),
  status: r.status as Conflict['status'],
  resolution: r.resolution ?? undefined,
  createdAt: r.created_at,
  resolvedAt: r.resolved_at ?? undefined,
});

export class ConflictRepository implements ConflictStore {
  constructor(private readonly db: Db) {}

  async open(
    input: Pick<Conflict, 'tenantId' | 'module' | 'linkId' | 'zohoId' | 'sageKey' | 'fields'>,
  ): Promise<number> {
    const [inserted] = await this.db(TABLES.conflicts)
      .insert({
        tenant_id: input.tenantId,
        module: input.module,
        link_id: input.linkId ?? null,
        zoho_id: input.zohoId ?? null,
        sage_key: input.sageKey ?? null,
        fields: toJson(input.fields),
        status: 'open',
        created_at: nowIso(),
      })
      .returning('id');
    return Number(typeof inserted === 'object' ? (inserted as { id: number }).id : inserted);
  }

  async listOpen(
    tenantId: string,
    module?: ModuleName,
    page: { afterId?: number; limit?: number } = {},
  ): Promise<Conflict[]> {
    const query = this.db<ConflictRow>(TABLES.conflicts)
      .where({ tenant_id: tenantId, status: 'open' })
      .orderBy('id');
    if (module) query.andWhere({ module });
    if (page.afterId !== undefined) query.andWhere('id', '>', page.afterId);
    if (page.limit) query.limit(page.limit);
    return (await query).map(fromRow);
  }

  async get(tenantId: string, id: number): Promise<Conflict | undefined> {
    const row = await this.db<ConflictRow>(TABLES.conflicts)
      .where({ tenant_id: tenantId, id })
      .first();
    return row && fromRow(row);
  }

  async resolve(tenantId: string, id: number, resolution: string): Promise<void> {
    await this.db(TABLES.conflicts)
      .where({ tenant_id: tenantId, id })
      .update({ status: 'resolved', resolution, resolved_at: nowIso() });
  }

  /** One record's open conflict (the newest), found by its Zoho id or its Sage key. */
  async openOf(
    tenantId: string,
    module: ModuleName,
    record: { zohoId: string; sageKey?: string | null },
  ): Promise<Conflict | undefined> {
    const row = await this.db<ConflictRow>(TABLES.conflicts)
      .where({ tenant_id: tenantId, module, status: 'open' })
      .andWhere((q) => {
        q.where({ zoho_id: record.zohoId });
        if (record.sageKey) q.orWhere({ sage_key: record.sageKey });
      })
      .orderBy('id', 'desc')
      .first();
    return row && fromRow(row);
  }
}
