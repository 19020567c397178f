import type { ModuleName } from '../../sync/vocabulary.js';
import { isOrderedFilterValue } from '../../sync/mapping/filters.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { knownFields } from './known-fields.js';

interface FilterInput {
  side: 'zoho' | 'sage';
  field: string;
  operator: string;
  value: unknown;
}

/**
 * Refuses filters the engine could not apply: fields neither side has, or a list given to a
 * single-value operator (and the reverse). A 422 naming each offending row, as `issues`.
 */
export async function checkFilters(
  deps: ApiDeps,
  tenantId: string,
  module: ModuleName,
  filters: FilterInput[],
): Promise<void> {
  const known = await knownFields(module, tenantId, deps.listZohoFields);
  const unknown = filters.flatMap((f, i) =>
    known[f.side].has(f.field)
      ? []
      : [
          {
            path: `filters.${i}.field`,
            message: `${f.side === 'zoho' ? 'Zoho' : 'Sage'} has no field ${f.field}`,
          },
        ],
  );
  const needsList = filters.flatMap((f, i) =>
    (f.operator === 'in' || f.operator === 'not_in') !== Array.isArray(f.value)
      ? [
          {
            path: `filters.${i}.value`,
            message: `${f.operator} takes ${Array.isArray(f.value) ? 'a single value' : 'a list'}`,
          },
        ]
      : [],
  );
  const needsOrder = filters.flatMap((f, i) =>
    (f.operator === 'greater_than' || f.operator === 'less_than') && !isOrderedFilterValue(f.value)
      ? [
          {
            path: `filters.${i}.value`,
            message: `${f.operator} takes a number (1500.50) or a date (2026-01-31), not ${JSON.stringify(f.value ?? null)}`,
          },
        ]
      : [],
  );
  const problems = [...unknown, ...needsList, ...needsOrder];
  if (problems.length > 0) {
    throw new HttpProblem(
      422,
      'Invalid filters',
      problems.map((p) => `${p.path}: ${p.message}`).join('; '),
      { issues: problems },
    );
  }
}
