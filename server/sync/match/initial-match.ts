import type { NewMatchProposal } from '../model/index.js';
import type { GatewayRecord } from '../gateways.js';
import type { ModuleContext } from '../plan/context.js';
import type { EngineDeps } from '../run/deps.js';
import { emailKey, nameTokens, phoneKey, scorePair, zipKey, type MatchSignals } from './score.js';

/** Proposals below this score are noise: two records sharing only a zip code. */
export const PROPOSAL_THRESHOLD = 50;

export interface MatchSummary {
  linkedByKey: number;
  proposed: number;
  /** Proposals waiting for the admin. */
  open: number;
}

async function listEverything(
  list: (token?: string) => Promise<{ records: GatewayRecord[]; nextPageToken?: string }>,
): Promise<GatewayRecord[]> {
  const all: GatewayRecord[] = [];
  let token: string | undefined;
  do {
    const page = await list(token);
    all.push(...page.records);
    token = page.nextPageToken;
  } while (token);
  return all;
}

function signals(ctx: ModuleContext, side: 'zoho' | 'sage', r: GatewayRecord): MatchSignals {
  const m = ctx.def.match;
  const f = r.fields;
  return {
    name: nameTokens(m.name[side].map((n) => String(f[n] ?? '')).join(' ')),
    email: m.email && emailKey(f[m.email[side]]),
    phone: m.phone && phoneKey(f[m.phone[side]]),
    zip: m.zip && zipKey(f[m.zip[side]]),
  };
}

const summary = (ctx: ModuleContext, side: 'zoho' | 'sage', r: GatewayRecord) => {
  const m = ctx.def.match;
  const names = [...m.name[side]];
  for (const extra of [m.email, m.phone, m.zip]) if (extra) names.push(extra[side]);
  return Object.fromEntries(names.map((n) => [n, r.fields[n] ?? null]));
};

/**
 * Before a module's first sync: links records that already share the Sage key, then proposes
 * pairs by name, email, phone and zip with a score, each record in at most one proposal (best
 * first). Candidate pairs come from indexes on each signal, not from comparing every pair.
 */
export async function proposeMatches(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
): Promise<MatchSummary> {
  const { module } = ctx.def;
  const { links, matchProposals } = deps.repos;
  const sageAll = await listEverything((t) => deps.gateways.sage.listAll(module, t));
  const zohoAll = await listEverything((t) => deps.gateways.crm.listAll(module, t));
  const existing = await links.list(tenantId, module);
  const linkedSage = new Set(existing.map((l) => l.sageKey).filter(Boolean));
  const linkedZoho = new Set(existing.map((l) => l.zohoId).filter(Boolean));
  const decided = await matchProposals.list(tenantId, module);
  const rejected = new Set(
    decided.filter((p) => p.status === 'rejected').map((p) => `${p.zohoId}|${p.sageKey}`),
  );

  let sage = sageAll.filter((r) => !linkedSage.has(r.id));
  let zoho = zohoAll.filter((r) => !linkedZoho.has(r.id));
  const sageByKey = new Map(sage.map((r) => [r.id, r]));
  let linkedByKey = 0;
  for (const z of zoho) {
    const key = z.fields[ctx.def.zohoKeyField];
    if (typeof key !== 'string' || !sageByKey.has(key.trim())) continue;
    await links.create(tenantId, module, { state: 'linked', zohoId: z.id, sageKey: key.trim() });
    linkedSage.add(key.trim());
    linkedZoho.add(z.id);
    linkedByKey++;
  }
  sage = sage.filter((r) => !linkedSage.has(r.id));
  zoho = zoho.filter((r) => !linkedZoho.has(r.id));

  const sageSignals = new Map(sage.map((r) => [r.id, signals(ctx, 'sage', r)]));
  const index = new Map<string, Set<string>>();
  const put = (k: string | undefined, id: string) => {
    if (!k) return;
    const set = index.get(k) ?? new Set();
    set.add(id);
    index.set(k, set);
  };
  for (const [id, s] of sageSignals) {
    put(s.email && `e:${s.email}`, id);
    put(s.phone && `p:${s.phone}`, id);
    for (const t of s.name) put(`n:${t}`, id);
  }
  const pairs: Array<{ z: GatewayRecord; sageKey: string; score: number; reasons: string[] }> = [];
  for (const z of zoho) {
    const zs = signals(ctx, 'zoho', z);
    const candidates = new Set<string>();
    for (const k of [
      zs.email && `e:${zs.email}`,
      zs.phone && `p:${zs.phone}`,
      ...zs.name.map((t) => `n:${t}`),
    ]) {
      const hits = k ? index.get(k) : undefined;
      // A very common name word ("supply") says little and would compare everything.
      if (hits && (hits.size <= 50 || !k?.startsWith('n:')))
        for (const id of hits) candidates.add(id);
    }
    for (const id of candidates) {
      if (rejected.has(`${z.id}|${id}`)) continue;
      const s = sageSignals.get(id);
      if (!s) continue;
      const { score, reasons } = scorePair(zs, s);
      if (score >= PROPOSAL_THRESHOLD) pairs.push({ z, sageKey: id, score, reasons });
    }
  }
  pairs.sort((a, b) => b.score - a.score);
  const usedZoho = new Set<string>();
  const usedSage = new Set<string>();
  const proposals: NewMatchProposal[] = [];
  for (const p of pairs) {
    if (usedZoho.has(p.z.id) || usedSage.has(p.sageKey)) continue;
    usedZoho.add(p.z.id);
    usedSage.add(p.sageKey);
    proposals.push({
      tenantId,
      module,
      zohoId: p.z.id,
      sageKey: p.sageKey,
      score: p.score,
      reasons: p.reasons,
      summary: {
        zoho: summary(ctx, 'zoho', p.z),
        sage: summary(ctx, 'sage', sageByKey.get(p.sageKey)!),
      },
    });
  }
  await matchProposals.add(proposals);
  const open = (await matchProposals.list(tenantId, module, 'open')).length;
  deps.logger.info({ tenantId, module, linkedByKey, proposed: proposals.length }, 'initial match');
  return { linkedByKey, proposed: proposals.length, open };
}

/**
 * The gate before a module's first sync: match once; while proposals wait for the admin the
 * module does not sync (it would create the duplicates matching exists to prevent).
 */
export async function ensureInitialMatch(
  deps: EngineDeps,
  ctx: ModuleContext,
  tenantId: string,
): Promise<{ open: number }> {
  if (ctx.settings.initialMatchDone) return { open: 0 };
  const { matchProposals, moduleSettings } = deps.repos;
  const all = await matchProposals.list(tenantId, ctx.def.module);
  const open = all.filter((p) => p.status === 'open').length;
  if (open > 0) return { open };
  if (all.length === 0) {
    const result = await proposeMatches(deps, ctx, tenantId);
    if (result.open > 0) return { open: result.open };
  }
  // Only the flag changes: what is saved is the stored settings, never a run's view of them.
  const saved = (await moduleSettings.get(tenantId, ctx.def.module)) ?? ctx.settings;
  await moduleSettings.save({ ...saved, initialMatchDone: true });
  return { open: 0 };
}
