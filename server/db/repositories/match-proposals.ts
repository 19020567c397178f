import type { ModuleName } from '../../sync/vocabulary.js';
import type { MatchProposalStore } from '../../sync/stores.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toJson } from '../rows.js';
import { TABLES } from '../tables.js';
import type { MatchProposal, NewMatchProposal } from '../../sync/model/index.js';

export type { MatchProposal, NewMatchProposal };

interface MatchProposalRow {
  id: number;
  tenant_id: string;
  module: string;
  zoho_id: string;
  sage_key: string;
  score: number;
  reasons: string;
  summary: string;
  status: string;
  created_at: string;
  decided_at: string | null;
}

const fromRow = (r: MatchProposalRow): MatchProposal => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  module: r.module as ModuleName,
  zohoId: r.zoho_id,
  sageKey: r.sage_key,
  score: Number(r.score),
  reasons: fromJson<string[]>(r.reasons, []),
  summary: fromJson<MatchProposal['summary']>(r.summary, { zoho: {}, sage: {} }),
  status: r.status as MatchProposal['status'],
  createdAt: r.created_at,
  decidedAt: r.decided_at ?? undefined,
});

export class MatchProposalRepository implements MatchProposalStore {
  constructor(private readonly db: Db) {}

  /** Adds proposals; a pair proposed before (open, confirmed or rejected) is left as it is. */
  async add(proposals: NewMatchProposal[]): Promise<void> {
    if (proposals.length === 0) return;
    const createdAt = nowIso();
    const rows = proposals.map((p) => ({
      tenant_id: p.tenantId,
      module: p.module,
      zoho_id: p.zohoId,
      sage_key: p.sageKey,
      score: p.score,
      reasons: toJson(p.reasons),
      summary: toJson(p.summary),
      status: 'open',
      created_at: createdAt,
    }));
    for (let i = 0; i < rows.length; i += 50) {
      await this.db(TABLES.matchProposals)
        .insert(rows.slice(i, i + 50))
        .onConflict(['tenant_id', 'module', 'zoho_id', 'sage_key'])
        .ignore();
    }
  }

  async list(
    tenantId: string,
    module: ModuleName,
    status?: MatchProposal['status'],
    page: { after?: { score: number; id: number }; limit?: number } = {},
  ): Promise<MatchProposal[]> {
    const query = this.db<MatchProposalRow>(TABLES.matchProposals)
      .where({ tenant_id: tenantId, module })
      .orderBy([{ column: 'score', order: 'desc' }, { column: 'id' }]);
    if (status) query.andWhere({ status });
    const { after } = page;
    // Keyset on (score desc, id): the proposals after the last one of the page before.
    if (after) {
      query.andWhere((q) =>
        q
          .where('score', '<', after.score)
          .orWhere((same) => same.where('score', '=', after.score).andWhere('id', '>', after.id)),
      );
    }
    if (page.limit) query.limit(page.limit);
    return (await query).map(fromRow);
  }

  async get(tenantId: string, id: number): Promise<MatchProposal | undefined> {
    const row = await this.db<MatchProposalRow>(TABLES.matchProposals)
      .where({ tenant_id: tenantId, id })
      .first();
    return row && fromRow(row);
  }

  async decide(tenantId: string, id: number, status: 'confirmed' | 'rejected'): Promise<void> {
    await this.db(TABLES.matchProposals)
      .where({ tenant_id: tenantId, id })
      .update({ status, decided_at: nowIso() });
  }

  /** Closes the other open proposals of records that just got linked. */
  async closeOthers(
    tenantId: string,
    module: ModuleName,
    zohoId: string,
    sageKey: string,
  ): Promise<void> {
    await this.db(TABLES.matchProposals)
      .where({ tenant_id: tenantId, module, status: 'open' })
      .andWhere((q) => q.where({ zoho_id: zohoId }).orWhere({ sage_key: sageKey }))
      .update({ status: 'rejected', decided_at: nowIso() });
  }
}
