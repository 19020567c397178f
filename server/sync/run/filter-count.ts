import type { ModuleFilter } from '../model/index.js';
import { CATALOG } from '../catalog/index.js';
import { passesFilters } from '../mapping/filters.js';
import { zohoReadFields } from '../mapping/read-fields.js';
import type { ModuleName, Side } from '../vocabulary.js';
import type { EngineDeps } from './deps.js';

/** How many of one side's records a set of filters lets through. */
export interface SideCount {
  side: Side;
  /** Records read from the side. */
  total: number;
  /** Of those, the ones the filters let through. */
  passing: number;
  /** True when the side has more than `limit` records: the counts cover the first `limit`. */
  truncated: boolean;
}

/**
 * Counts with the engine's own filter evaluation, so the settings screen's number is the number
 * a run would let through. Each side is read whole (page by page, up to `limit` records): only
 * the filters on that side apply to its records, as in a run.
 */
export async function countFiltered(
  deps: EngineDeps,
  module: ModuleName,
  filters: ModuleFilter[],
  match: 'all' | 'any',
  options: { limit?: number } = {},
): Promise<SideCount[]> {
  const limit = options.limit ?? 20_000;
  const allowed = CATALOG[module].allowedDirections;
  const sides: Side[] = [];
  if (allowed.includes('sage_to_zoho') || allowed.includes('both')) sides.push('sage');
  if (allowed.includes('zoho_to_sage') || allowed.includes('both')) sides.push('zoho');
  // Only the filters' fields decide: read those (custom ones included), not the mapping's.
  deps.gateways.crm.selectFields(module, zohoReadFields(CATALOG[module], [], filters));
  const out: SideCount[] = [];
  for (const side of sides) {
    const gateway = side === 'sage' ? deps.gateways.sage : deps.gateways.crm;
    let total = 0;
    let passing = 0;
    let token: string | undefined;
    let truncated = false;
    do {
      const page = await gateway.listAll(module, token);
      for (const record of page.records) {
        if (total >= limit) {
          truncated = true;
          break;
        }
        total++;
        if (passesFilters(filters, match, { [side]: record.fields }).pass) passing++;
      }
      token = page.nextPageToken;
    } while (token && !truncated);
    out.push({ side, total, passing, truncated });
  }
  return out;
}
