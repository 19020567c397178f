import type { z } from 'zod';
import { isModuleName } from '../../sync/catalog/index.js';
import { MODULES, type ModuleName } from '../../sync/vocabulary.js';
import { HttpProblem } from '../problem.js';

/**
 * Whether an issue says the body is not the schema's shape: a value of the wrong JSON type (a
 * number for a string, also where the allowed values are strings), a required property missing
 * (its type is `undefined`), a property the schema does not know, a union none of whose branches
 * takes the value's type. Every other issue is about a value the body holds well-formed: outside
 * its range or length, not in its format (a URL, a time zone), not one of its allowed values, or
 * refused by a rule across fields. Needs the issues' `input` (`reportInput`), which is read here
 * and never put in an answer (a body may hold a password).
 */
function isShapeIssue(issue: z.core.$ZodIssue): boolean {
  switch (issue.code) {
    case 'invalid_type':
      // zod says a fraction where a whole number is wanted is of the wrong type; it is a number.
      return !(issue.expected === 'int' && typeof issue.input === 'number');
    case 'unrecognized_keys':
    case 'invalid_key':
    case 'invalid_element':
      return true;
    case 'invalid_value':
      return !issue.values.some((v) => typeof v === typeof issue.input);
    case 'invalid_union': {
      const u = issue as z.core.$ZodIssueInvalidUnion & {
        discriminator?: string;
        options?: unknown[];
      };
      if (u.discriminator !== undefined) {
        const input = issue.input as Record<string, unknown> | undefined;
        const value = input?.[u.discriminator];
        return !(u.options ?? []).some((o) => typeof o === typeof value);
      }
      return u.errors.length > 0 && u.errors.every((branch) => branch.some(isShapeIssue));
    }
    default:
      return false;
  }
}

export interface InputIssue {
  path: string;
  message: string;
}

/**
 * The one rule for refused input (docs/api.md, "Errors"): a body that is not the schema's shape
 * is a 400, a well-formed body whose values are refused a 422, and a query string is a 400
 * whatever is wrong with it (it is part of the address, not content). `issues` lists every issue.
 */
export function inputProblem(
  issues: z.core.$ZodIssue[],
  what: 'body' | 'query',
  title = `Invalid request ${what}`,
): HttpProblem {
  const listed: InputIssue[] = withoutSafeRangeEchoes(issues).map((i) => ({
    path: i.path.join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(',') : what),
    message: i.message,
  }));
  const first = listed[0];
  return new HttpProblem(
    inputStatus(issues, what),
    title,
    first ? `${first.path}: ${first.message}` : `The request ${what} is not valid.`,
    { issues: listed },
  );
}

/**
 * zod's `int()` also refuses a number beyond 2^53 with its own "<=9007199254740991": beside the
 * field's own bound (limit <= 200) that is a second, meaningless message for the same value.
 */
function withoutSafeRangeEchoes(issues: z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const safeRange = (i: z.core.$ZodIssue) =>
    (i.code === 'too_big' || i.code === 'too_small') &&
    i.origin === 'int' &&
    Math.abs(Number(i.code === 'too_big' ? i.maximum : i.minimum)) === Number.MAX_SAFE_INTEGER;
  const key = (i: z.core.$ZodIssue) => i.path.join('.');
  return issues.filter(
    (i) => !safeRange(i) || !issues.some((o) => o !== i && !safeRange(o) && key(o) === key(i)),
  );
}

/** 400 or 422 for refused input, by `inputProblem`'s rule (parse with `reportInput: true`). */
export function inputStatus(issues: z.core.$ZodIssue[], what: 'body' | 'query'): 400 | 422 {
  return what === 'query' || issues.some(isShapeIssue) ? 400 : 422;
}

/** Parses a body or query with a strict zod schema; a failure is `inputProblem`'s 400 or 422. */
export function parseInput<S extends z.ZodType>(
  schema: S,
  input: unknown,
  what: 'body' | 'query',
): z.output<S> {
  const parsed = schema.safeParse(input ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  throw inputProblem(parsed.error.issues, what);
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
