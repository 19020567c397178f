import type { LinkStore } from '../stores.js';
import { CATALOG, sageKeyFields, sageKeyOf } from '../catalog/index.js';
import type { CrmGateway, DealDirectory, GatewayRecord } from '../gateways.js';
import type { CompiledMapping } from '../mapping/compile.js';
import { mainAccountOf } from '../mapping/gl-hierarchy.js';
import type { LookupResolver } from '../mapping/transforms.js';
import type { ModuleName } from '../vocabulary.js';
import { RecentMap } from './recent-map.js';

/**
 * Prefetches whose links are kept (ADR 0079): a pass's pages each prefetch once, and at most two
 * pages are between their start and their storage (PagePipeline), so three covers the page
 * being planned, the one still writing, and one to spare. Older links are in the store.
 */
export const LOOKUP_GENERATIONS = 3;

/**
 * Parent references resolved through the parents' links. A batch's lookups are prefetched in one
 * query per parent module, so mapping itself stays synchronous and pure.
 */
export class LinkLookups implements LookupResolver {
  /** Links by `module|key`, of the last few prefetches only: a run's would grow with its records. */
  private readonly zohoBySage = new RecentMap<string, string>(LOOKUP_GENERATIONS);
  private readonly sageByZoho = new RecentMap<string, string>(LOOKUP_GENERATIONS);
  private readonly dealByNumber = new Map<string, string>();
  private readonly numberByDeal = new Map<string, string>();
  private readonly dealByOrderNo = new Map<string, string>();
  /** GL account number → its record: in the batch (Sage key) or in Zoho (id); {} when neither. */
  private readonly glByNumber = new Map<string, { zohoId?: string; sageKey?: string }>();

  constructor(
    private readonly links: LinkStore,
    private readonly tenantId: string,
    /** Zoho Deals (ADR 0066); without them `deal` mappings resolve to nothing. */
    private readonly deals?: DealDirectory,
    /** Zoho ids by a field's value (CrmGateway.idsByField): GL main accounts outside the batch. */
    private readonly idsByField?: CrmGateway['idsByField'],
  ) {}

  glAccount(account: string): { zohoId?: string; sageKey?: string } | undefined {
    const entry = this.glByNumber.get(account);
    if (!entry) return undefined;
    // One in the batch may have been written meanwhile (its link is remembered).
    const zohoId =
      entry.zohoId ?? (entry.sageKey ? this.zohoIdFor('GL_Accounts', entry.sageKey) : undefined);
    return zohoId || entry.sageKey ? { zohoId, sageKey: entry.sageKey } : undefined;
  }

  dealIdForOpportunity(number: string): string | undefined {
    return this.dealByNumber.get(number.toUpperCase());
  }

  opportunityForDeal(dealId: string): string | undefined {
    return this.numberByDeal.get(dealId);
  }

  dealIdForOrder(salesOrderNo: string): string | undefined {
    return this.dealByOrderNo.get(salesOrderNo);
  }

  zohoIdFor(module: ModuleName, sageKey: string): string | undefined {
    return this.zohoBySage.get(`${module}|${sageKey}`);
  }

  sageKeyFor(module: ModuleName, zohoId: string): string | undefined {
    return this.sageByZoho.get(`${module}|${zohoId}`);
  }

  sageKeyFromValues(module: ModuleName, values: unknown[]): string | undefined {
    const parts = CATALOG[module].sageKey;
    return sageKeyOf(parts, Object.fromEntries(parts.map((p, i) => [p.field, values[i]])));
  }

  sageKeyValues(module: ModuleName, key: string): string[] {
    const parts = CATALOG[module].sageKey;
    const fields = sageKeyFields(parts, key);
    return parts.map((p) => fields[p.field] ?? '');
  }

  comesFromSageOnly(module: ModuleName): boolean {
    const { allowedDirections } = CATALOG[module];
    return !allowedDirections.includes('zoho_to_sage') && !allowedDirections.includes('both');
  }

  /** Remembers a link made during this run (a parent synced just before its child). */
  remember(module: ModuleName, sageKey: string, zohoId: string): void {
    this.zohoBySage.set(`${module}|${sageKey}`, zohoId);
    this.sageByZoho.set(`${module}|${zohoId}`, sageKey);
  }

  /** Links held (both directions, every generation kept): bounded by pages, not by the run. */
  get linksHeld(): number {
    return this.zohoBySage.size + this.sageByZoho.size;
  }

  async prefetch(
    mappings: CompiledMapping[],
    lineMappings: CompiledMapping[] | undefined,
    records: { sage: GatewayRecord[]; zoho: GatewayRecord[] },
    lineFields?: { sage: string; zoho: string },
  ): Promise<void> {
    // A batch's links are found anew from the store; the oldest batch's are forgotten.
    this.zohoBySage.turn();
    this.sageByZoho.turn();
    const wanted = new Map<ModuleName, { sageKeys: Set<string>; zohoIds: Set<string> }>();
    const collect = (list: CompiledMapping[], rows: { sage: object[]; zoho: object[] }) => {
      for (const m of list) {
        if (m.transform?.kind !== 'lookup') continue;
        const module = m.transform.module;
        const entry = wanted.get(module) ?? { sageKeys: new Set(), zohoIds: new Set() };
        wanted.set(module, entry);
        for (const row of rows.sage as Array<Record<string, unknown>>) {
          const key = this.sageKeyFromValues(
            module,
            m.sageFields.map((f) => row[f]),
          );
          if (key) entry.sageKeys.add(key);
        }
        for (const row of rows.zoho as Array<Record<string, unknown>>) {
          const value = row[m.zohoFields[0] ?? ''];
          const id =
            typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : value;
          if (id !== undefined && id !== null && id !== '') entry.zohoIds.add(String(id));
        }
      }
    };
    collect(mappings, {
      sage: records.sage.map((r) => r.fields),
      zoho: records.zoho.map((r) => r.fields),
    });
    if (lineMappings) {
      const lines = (r: GatewayRecord, field?: string) =>
        r.lines ?? ((field ? r.fields[field] : undefined) as object[] | undefined) ?? [];
      collect(lineMappings, {
        sage: records.sage.flatMap((r) => lines(r, lineFields?.sage)),
        zoho: records.zoho.flatMap((r) => lines(r, lineFields?.zoho)),
      });
    }
    await this.prefetchDeals(mappings, records);
    await this.prefetchMainAccounts(mappings, records.sage);
    for (const [module, entry] of wanted) {
      const found = [
        ...(await this.links.findManyBySageKeys(this.tenantId, module, [...entry.sageKeys])),
        ...(await this.links.findManyByZohoIds(this.tenantId, module, [...entry.zohoIds])),
      ];
      for (const link of found) {
        if (link.state === 'linked' && link.sageKey && link.zohoId) {
          this.remember(module, link.sageKey, link.zohoId);
        }
      }
    }
  }

  /** The Deals a batch's `deal` mappings name: by opportunity number, by Deal id, by order. */
  private async prefetchDeals(
    mappings: CompiledMapping[],
    records: { sage: GatewayRecord[]; zoho: GatewayRecord[] },
  ): Promise<void> {
    if (!this.deals) return;
    const numbers = new Set<string>();
    const dealIds = new Set<string>();
    const orderNos = new Set<string>();
    for (const m of mappings) {
      if (m.transform?.kind !== 'deal') continue;
      const sageField = m.sageFields[0] ?? '';
      const zohoField = m.zohoFields[0] ?? '';
      for (const r of records.sage) {
        const v = r.fields[sageField];
        if (typeof v !== 'string' || v.trim() === '') continue;
        if (m.transform.via === 'order') orderNos.add(v.trim());
        else numbers.add(v.trim().toUpperCase());
      }
      if (m.transform.via !== 'opportunity') continue;
      for (const r of records.zoho) {
        const v = r.fields[zohoField];
        const id = typeof v === 'object' && v !== null ? (v as { id?: unknown }).id : v;
        if (id !== undefined && id !== null && id !== '') dealIds.add(String(id));
      }
    }
    const pending = [...numbers].filter((n) => !this.dealByNumber.has(n));
    if (pending.length > 0) {
      for (const [n, id] of await this.deals.byOpportunity(pending)) this.rememberDeal(id, n);
    }
    const unknown = [...dealIds].filter((id) => !this.numberByDeal.has(id));
    if (unknown.length > 0) {
      for (const [id, n] of await this.deals.opportunities(unknown)) this.rememberDeal(id, n);
    }
    if (orderNos.size > 0) {
      // An invoice's Deal is its order's: the Zoho order linked to the Sage order number.
      const links = await this.links.findManyBySageKeys(this.tenantId, 'Sales_Orders', [
        ...orderNos,
      ]);
      const orderIdByNo = new Map(
        links
          .filter((l) => l.state === 'linked' && l.sageKey && l.zohoId)
          .map((l) => [l.sageKey!, l.zohoId!]),
      );
      const dealOfOrder = await this.deals.ofOrders([...orderIdByNo.values()]);
      for (const [no, orderId] of orderIdByNo) {
        const deal = dealOfOrder.get(orderId);
        if (deal) this.dealByOrderNo.set(no, deal);
      }
    }
  }

  /**
   * The main accounts a batch's GL sub-accounts point at (`main_account`): one in the batch is
   * known by its Sage key (and waited for until written), others are found in Zoho by number.
   */
  private async prefetchMainAccounts(
    mappings: CompiledMapping[],
    sage: GatewayRecord[],
  ): Promise<void> {
    const m = mappings.find((x) => x.transform?.kind === 'main_account');
    const [accountField = '', mainField = ''] = m?.sageFields ?? [];
    if (!m) return;
    const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
    const inBatch = new Map(sage.map((r) => [text(r.fields[accountField]), r.id]));
    const wanted = new Set<string>();
    for (const r of sage) {
      const main = mainAccountOf(text(r.fields[accountField]), text(r.fields[mainField]));
      if (main) wanted.add(main);
    }
    const keys: string[] = [];
    const elsewhere: string[] = [];
    for (const number of wanted) {
      const key = inBatch.get(number);
      const known = this.glByNumber.get(number);
      if (key) {
        this.glByNumber.set(number, { ...known, sageKey: key });
        keys.push(key);
      } else if (!known) elsewhere.push(number);
      // One an earlier batch held: its link, made since, is read again (older ones are forgotten).
      else if (known.sageKey && !known.zohoId) keys.push(known.sageKey);
    }
    for (const link of await this.links.findManyBySageKeys(this.tenantId, 'GL_Accounts', keys)) {
      if (link.state === 'linked' && link.sageKey && link.zohoId)
        this.remember('GL_Accounts', link.sageKey, link.zohoId);
    }
    if (elsewhere.length === 0) return;
    // Zoho holds the number in the field Sage's account number maps to (by default Name).
    const zohoField =
      mappings.find((x) => x.sageFields.length === 1 && x.sageFields[0] === accountField)
        ?.zohoFields[0] ?? 'Name';
    const found = (await this.idsByField?.('GL_Accounts', zohoField, elsewhere)) ?? new Map();
    for (const number of elsewhere) {
      const id = found.get(number);
      this.glByNumber.set(number, id ? { zohoId: id } : {});
    }
  }

  private rememberDeal(dealId: string, number: string): void {
    this.dealByNumber.set(number.toUpperCase(), dealId);
    this.numberByDeal.set(dealId, number);
  }
}
