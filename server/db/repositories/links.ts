import type { ModuleName, Side } from '../../sync/vocabulary.js';
import type { LinkStore, LinkWrite } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toJson } from '../rows.js';
import { TABLES } from '../tables.js';
import { insertRows } from '../bulk-insert.js';
import { baseJson } from '../../sync/mapping/projection.js';
import type { Link, LinkBase, LinkPatch } from '../../sync/model/index.js';

export type { Link, LinkBase, LinkPatch };

interface LinkRow {
  id: number;
  tenant_id: string;
  module: string;
  zoho_id: string | null;
  sage_key: string | null;
  state: string;
  intent_side: string | null;
  zoho_hash: string | null;
  sage_hash: string | null;
  zoho_version: string | null;
  sage_version: string | null;
  zoho_written_hash: string | null;
  sage_written_hash: string | null;
  last_synced_at: string | null;
  last_error: string | null;
  base: string | null;
  created_at: string;
  updated_at: string;
}

const u = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

const fromRow = (r: LinkRow): Link => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  module: r.module as ModuleName,
  zohoId: u(r.zoho_id),
  sageKey: u(r.sage_key),
  state: r.state as Link['state'],
  intentSide: u(r.intent_side) as Side | undefined,
  zohoHash: u(r.zoho_hash),
  sageHash: u(r.sage_hash),
  zohoVersion: u(r.zoho_version),
  sageVersion: u(r.sage_version),
  zohoWrittenHash: u(r.zoho_written_hash),
  sageWrittenHash: u(r.sage_written_hash),
  lastSyncedAt: u(r.last_synced_at),
  lastError: u(r.last_error),
  base: fromJson<LinkBase | undefined>(r.base, undefined),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const COLUMNS: Record<keyof LinkPatch, keyof LinkRow> = {
  zohoId: 'zoho_id',
  sageKey: 'sage_key',
  state: 'state',
  intentSide: 'intent_side',
  zohoHash: 'zoho_hash',
  sageHash: 'sage_hash',
  zohoVersion: 'zoho_version',
  sageVersion: 'sage_version',
  zohoWrittenHash: 'zoho_written_hash',
  sageWrittenHash: 'sage_written_hash',
  lastSyncedAt: 'last_synced_at',
  lastError: 'last_error',
  base: 'base',
};

/** Every column a patch can set, for whole-row writes (an unset field is stored as null). */
const PATCH_COLUMNS = Object.values(COLUMNS);

/** Rows per statement: 17 columns x 500 rows stays well under SQLite's bound-variable cap. */
const CHUNK = 500;

function toColumns(patch: LinkPatch): Partial<LinkRow> {
  const row: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    const column = COLUMNS[key as keyof LinkPatch];
    if (column === 'base') row[column] = value === undefined ? null : toJson(value);
    else if (column) row[column] = value ?? null;
  }
  return row as Partial<LinkRow>;
}

/** A new link's columns, in the order of `patchValues` between its tenant/module and times. */
const INSERT_COLUMNS = ['tenant_id', 'module', ...PATCH_COLUMNS, 'created_at', 'updated_at'];
const PATCH_KEYS = Object.keys(COLUMNS) as Array<keyof LinkPatch>;

/** Every patch column's value in PATCH_COLUMNS order: null where the patch leaves it unset. */
function patchValues(patch: LinkPatch): unknown[] {
  return PATCH_KEYS.map((key) => {
    const value = patch[key];
    if (key === 'base') return value === undefined ? null : baseJson(value as LinkBase);
    return value ?? null;
  });
}

export class LinkRepository implements LinkStore {
  constructor(private readonly db: Db) {}

  /**
   * A page's links at once. A write without the engine's copy of its link is first matched to
   * the tenant's link with the same Sage key or Zoho id (one lookup for the whole batch), or to
   * an earlier write of the batch, so a pair never gets two rows. Then one insert for the new
   * links and one upsert on the id for the others, each carrying the whole row.
   */
  async saveMany(tenantId: string, module: ModuleName, writes: LinkWrite[]): Promise<void> {
    if (writes.length === 0) return;
    const loose = writes.filter((w) => !w.current);
    const sageKeys = [...new Set(loose.flatMap((w) => w.patch.sageKey ?? []))];
    const zohoIds = [...new Set(loose.flatMap((w) => w.patch.zohoId ?? []))];
    const stored = await this.findManyByKeysOrIds(tenantId, module, sageKeys, zohoIds);
    const bySage = new Map(stored.flatMap((l) => (l.sageKey ? [[l.sageKey, l] as const] : [])));
    const byZoho = new Map(stored.flatMap((l) => (l.zohoId ? [[l.zohoId, l] as const] : [])));
    // The row each write ends as: existing links by id, new ones in order of arrival.
    const updates = new Map<number, Link>();
    const inserts: Array<LinkPatch & { state: Link['state'] }> = [];
    const newBySage = new Map<string, number>();
    const newByZoho = new Map<string, number>();
    for (const { current, patch } of writes) {
      const existing =
        current ??
        (patch.sageKey ? bySage.get(patch.sageKey) : undefined) ??
        (patch.zohoId ? byZoho.get(patch.zohoId) : undefined);
      if (existing) {
        updates.set(existing.id, { ...(updates.get(existing.id) ?? existing), ...patch });
        continue;
      }
      const twin =
        (patch.sageKey ? newBySage.get(patch.sageKey) : undefined) ??
        (patch.zohoId ? newByZoho.get(patch.zohoId) : undefined);
      // The write's own patch (merging a twin makes a new object, never changes it).
      const at = twin ?? inserts.push(patch) - 1;
      if (twin !== undefined) inserts[at] = { ...inserts[at]!, ...patch };
      const row = inserts[at]!;
      if (row.sageKey) newBySage.set(row.sageKey, at);
      if (row.zohoId) newByZoho.set(row.zohoId, at);
    }
    const now = nowIso();
    const whole = (fields: LinkPatch) => {
      const row: Record<string, unknown> = {};
      for (const column of PATCH_COLUMNS) row[column] = null;
      return { ...row, ...toColumns(fields) };
    };
    // New links: arrays in INSERT_COLUMNS order, built without knex's compiler (`insertRows`).
    const newRows = inserts.map((fields) => [tenantId, module, ...patchValues(fields), now, now]);
    await insertRows(this.db, TABLES.links, INSERT_COLUMNS, newRows);
    const changed = [...updates.values()].map((l) => ({
      id: l.id,
      tenant_id: tenantId,
      module,
      ...whole(l),
      created_at: l.createdAt,
      updated_at: now,
    }));
    for (let i = 0; i < changed.length; i += CHUNK) {
      await this.db(TABLES.links)
        .insert(changed.slice(i, i + CHUNK))
        .onConflict('id')
        .merge([...PATCH_COLUMNS, 'updated_at'])
        // Only ever the tenant's own rows (ids come from its links, but storage checks too).
        .where(`${TABLES.links}.tenant_id`, tenantId);
    }
  }

  async create(
    tenantId: string,
    module: ModuleName,
    fields: LinkPatch & { state: Link['state'] },
  ): Promise<Link> {
    const now = nowIso();
    const [inserted] = await this.db(TABLES.links)
      .insert({
        tenant_id: tenantId,
        module,
        ...toColumns(fields),
        created_at: now,
        updated_at: now,
      })
      .returning('id');
    const id = typeof inserted === 'object' ? (inserted as { id: number }).id : inserted;
    const link = await this.get(tenantId, Number(id));
    if (!link) throw new Error('link vanished after insert');
    return link;
  }

  async update(tenantId: string, id: number, patch: LinkPatch): Promise<void> {
    await this.db(TABLES.links)
      .where({ tenant_id: tenantId, id })
      .update({ ...toColumns(patch), updated_at: nowIso() });
  }

  async get(tenantId: string, id: number): Promise<Link | undefined> {
    const row = await this.db<LinkRow>(TABLES.links).where({ tenant_id: tenantId, id }).first();
    return row && fromRow(row);
  }

  async findByZohoId(
    tenantId: string,
    module: ModuleName,
    zohoId: string,
  ): Promise<Link | undefined> {
    const row = await this.db<LinkRow>(TABLES.links)
      .where({ tenant_id: tenantId, module, zoho_id: zohoId })
      .first();
    return row && fromRow(row);
  }

  async findBySageKey(
    tenantId: string,
    module: ModuleName,
    sageKey: string,
  ): Promise<Link | undefined> {
    const row = await this.db<LinkRow>(TABLES.links)
      .where({ tenant_id: tenantId, module, sage_key: sageKey })
      .first();
    return row && fromRow(row);
  }

  /** Links for many ids at once, so a batch of changes costs one query per side. */
  async findManyByZohoIds(
    tenantId: string,
    module: ModuleName,
    zohoIds: string[],
  ): Promise<Link[]> {
    if (zohoIds.length === 0) return [];
    const rows = await this.db<LinkRow>(TABLES.links)
      .where({ tenant_id: tenantId, module })
      .whereIn('zoho_id', zohoIds);
    return rows.map(fromRow);
  }

  async findManyBySageKeys(
    tenantId: string,
    module: ModuleName,
    sageKeys: string[],
  ): Promise<Link[]> {
    if (sageKeys.length === 0) return [];
    const rows = await this.db<LinkRow>(TABLES.links)
      .where({ tenant_id: tenantId, module })
      .whereIn('sage_key', sageKeys);
    return rows.map(fromRow);
  }

  /**
   * Links with any of the Sage keys or any of the Zoho ids: one statement, a UNION ALL of two
   * index searches (a link found by both comes twice; the caller keys them). Not one OR of the
   * two: SQLite then searches the (tenant, module) prefix only, every link of the module a page.
   */
  private async findManyByKeysOrIds(
    tenantId: string,
    module: ModuleName,
    sageKeys: string[],
    zohoIds: string[],
  ): Promise<Link[]> {
    if (sageKeys.length === 0) return this.findManyByZohoIds(tenantId, module, zohoIds);
    if (zohoIds.length === 0) return this.findManyBySageKeys(tenantId, module, sageKeys);
    const rows: LinkRow[] = await this.db<LinkRow>(TABLES.links)
      .where({ tenant_id: tenantId, module })
      .whereIn('sage_key', sageKeys)
      .unionAll((q) =>
        q
          .select('*')
          .from(TABLES.links)
          .where({ tenant_id: tenantId, module })
          .whereIn('zoho_id', zohoIds),
      );
    return rows.map(fromRow);
  }

  async list(
    tenantId: string,
    module: ModuleName,
    options: { state?: Link['state'] } = {},
  ): Promise<Link[]> {
    const query = this.db<LinkRow>(TABLES.links)
      .where({ tenant_id: tenantId, module })
      .orderBy('id');
    if (options.state) query.andWhere({ state: options.state });
    return (await query).map(fromRow);
  }

  /** How many links a module has in a state: the denominator of the delete brake. */
  async count(tenantId: string, module: ModuleName, state: Link['state']): Promise<number> {
    const row = (await this.db(TABLES.links)
      .where({ tenant_id: tenantId, module, state })
      .count({ n: '*' })
      .first()) as { n: number | string } | undefined;
    return Number(row?.n ?? 0);
  }

  async delete(tenantId: string, id: number): Promise<void> {
    await this.db(TABLES.links).where({ tenant_id: tenantId, id }).delete();
  }
}
