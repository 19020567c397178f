import { CATALOG } from './catalog/index.js';
import type { Direction, ModuleName, Side } from './vocabulary.js';

/**
 * Modules Sage alone fills and Zoho users may not edit (catalog `zohoReadOnly`, GL accounts). Sage
 * → Zoho is their only flow, yet a Zoho user can still change a record in CRM: so their runs also
 * read Zoho's changes, and the planner writes Sage's values back over any edit (never to Sage).
 */
export function passesWithRevert(module: ModuleName, sides: Side[]): Side[] {
  const readOnly = CATALOG[module].zohoReadOnly !== undefined;
  return readOnly && sides.includes('sage') && !sides.includes('zoho') ? [...sides, 'zoho'] : sides;
}

/** Whether Zoho's changes to the module matter to a run: they flow to Sage, or are reverted. */
export function watchesZoho(module: ModuleName, direction: Direction): boolean {
  if (direction === 'both' || direction === 'zoho_to_sage') return true;
  return direction === 'sage_to_zoho' && CATALOG[module].zohoReadOnly !== undefined;
}
