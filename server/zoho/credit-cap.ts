import { dailyCreditsForEdition } from './limits.js';

/** Where a tenant stands against its daily Zoho credits (GET /health, and every run's start). */
export interface CreditStanding {
  /** Credits the tenant's calls cost in the last 24 hours (the credit ledger). */
  used: number;
  /** The edition's daily credits (null: unlimited). */
  dailyCredits: number | null;
  /** This product's share of them (ZOHO_CREDIT_SHARE), rounded down; null: unlimited. */
  budget: number | null;
  share: number;
  exhausted: boolean;
}

export interface CreditCapDeps {
  /** Credits spent in the rolling 24 hours, those still in memory included (CreditLedger). */
  used(tenantId: string): Promise<number>;
  /** The edition in force for the tenant, decided now (a trial's end included). */
  edition(tenantId: string): Promise<string | undefined>;
  share: number;
}

/**
 * Zoho's daily API credits per edition, enforced. The ledger counts what every call of the
 * tenant cost over a rolling 24 hours (Zoho's own window); this product spends at most its share,
 * so the org's other integrations keep theirs. Read at every run's start: an edition or trial
 * change applies at once.
 */
export class ZohoCreditCap {
  constructor(private readonly deps: CreditCapDeps) {}

  async standing(tenantId: string): Promise<CreditStanding> {
    const dailyCredits = dailyCreditsForEdition(await this.deps.edition(tenantId));
    const used = await this.deps.used(tenantId);
    const budget = dailyCredits === null ? null : Math.floor(dailyCredits * this.deps.share);
    return {
      used,
      dailyCredits,
      budget,
      share: this.deps.share,
      exhausted: budget !== null && used >= budget,
    };
  }
}
