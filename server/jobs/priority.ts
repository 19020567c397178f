import { CATALOG, dependencyOrder } from '../sync/catalog/index.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { JobWork } from './work.js';

const ORDER = dependencyOrder();

/** Every module `module` needs, directly or through another. */
export function ancestorsOf(module: ModuleName): ModuleName[] {
  const found = new Set<ModuleName>();
  const visit = (m: ModuleName) => {
    for (const need of CATALOG[m].needs) {
      if (!found.has(need)) {
        found.add(need);
        visit(need);
      }
    }
  };
  visit(module);
  return [...found];
}
/** pg-boss fetches higher priorities first: parents before children, syncs before reconciles. */
export const priorityOf = (work: JobWork, manual = false): number => {
  if (work.kind === 'maintenance') return 0;
  // Runs an admin asked for go first; parents first among them (they are queued in order).
  if (work.kind === 'runs') return 200;
  const base = manual ? 200 : work.kind === 'sync' ? 100 : 50;
  return base - ORDER.indexOf(work.module) * 2;
};
