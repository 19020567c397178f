import type { z } from 'zod';
import { isModuleName } from '../../sync/catalog/index.js';
import { MODULES, type ModuleName } from '../../sync/vocabulary.js';
import { HttpProblem } from '../problem.js';

/**
 * Parses a body, query or path value with a strict zod schema; a failure is a 400 problem whose
 * detail names the first offending field and whose `issues` list every one.
 */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: 'body' | 'query',
): z.output<S> {
  const parsed = schema.safeParse(input ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((i) => ({
    path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : what),
    message: i.message,
  }));
  const first = issues[0];
  throw new HttpProblem(
    400,
    `Invalid request ${what}`,
    first ? `${first.path}: ${first.message}` : `The request ${what} is not valid.`,
    { issues },
  );
}

/** The module named in the path; an unknown one is a 404, since the resource does not exist. */
export function moduleParam(value: unknown): ModuleName {
  if (typeof value === 'string' && isModuleName(value)) return value;
  throw new HttpProblem(
    404,
    'Unknown module',
    `"${String(value)}" is not a module. Modules: ${MODULES.join(', ')}.`,
  );
}

/** The largest id of a 32-bit serial column (conflicts, match proposals, links). */
export const MAX_INT32_ID = 2_147_483_647;

/**
 * A numeric id in the path; anything else cannot name a row, so it is a 404 too. Ids beyond the
 * column's range (32-bit unless `max` says otherwise; events are 64-bit) name no row either, and
 * must not reach Postgres, which refuses them as out of range.
 */
export function idParam(value: unknown, what: string, max = MAX_INT32_ID): number {
  if (typeof value === 'string' && /^\d{1,15}$/.test(value) && Number(value) <= max) {
    return Number(value);
  }
  throw new HttpProblem(404, 'Not found', `No ${what} ${String(value)}.`);
}
