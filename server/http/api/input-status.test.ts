import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { HttpProblem } from '../problem.js';
import { parseInput } from './validate.js';

/** The rule of docs/api.md "Errors": not the schema's shape is 400, a refused value 422. */
const schema = z
  .object({
    name: z.string().min(2),
    direction: z.enum(['up', 'down']).optional(),
    url: z.url().nullable().optional(),
    rule: z
      .discriminatedUnion('kind', [
        z.object({ kind: z.literal('every'), seconds: z.number().int().min(30) }),
        z.object({ kind: z.literal('never') }),
      ])
      .optional(),
    value: z.union([z.string(), z.number()]).optional(),
    secret: z.string().optional(),
  })
  .strict();

const statusOf = (body: unknown, what: 'body' | 'query' = 'body') => {
  try {
    parseInput(schema, body, what);
  } catch (err) {
    if (err instanceof HttpProblem) return err.status;
    throw err;
  }
  return 200;
};

describe('refused input: 400 for shape, 422 for value', () => {
  it.each([
    ['a required property missing', {}],
    ['a number for a string', { name: 5 }],
    ['a number where the allowed values are strings', { name: 'ab', direction: 3 }],
    ['a property the schema does not know', { name: 'ab', colour: 'red' }],
    ['a union none of whose branches takes the type', { name: 'ab', value: { a: 1 } }],
    ['a discriminator of the wrong type', { name: 'ab', rule: { kind: 7 } }],
    ['a discriminator missing', { name: 'ab', rule: {} }],
  ])('400: %s', (_, body) => {
    expect(statusOf(body)).toBe(400);
  });

  it.each([
    ['too short', { name: 'a' }],
    ['not one of the allowed values', { name: 'ab', direction: 'sideways' }],
    ['not in its format', { name: 'ab', url: 'not a url' }],
    ['an unknown kind', { name: 'ab', rule: { kind: 'sometimes' } }],
    [
      'a fraction where a whole number is wanted',
      { name: 'ab', rule: { kind: 'every', seconds: 30.5 } },
    ],
    ['out of range inside a known kind', { name: 'ab', rule: { kind: 'every', seconds: 5 } }],
  ])('422: %s', (_, body) => {
    expect(statusOf(body)).toBe(422);
  });

  it('is 400 when a shape issue comes with value issues, and for any query', () => {
    expect(statusOf({ name: 'a', direction: 3 })).toBe(400);
    expect(statusOf({ name: 'a' }, 'query')).toBe(400);
  });

  it('lists every issue by path and message, never the value sent', () => {
    try {
      parseInput(schema, { name: 'a', secret: 9 }, 'body');
    } catch (err) {
      const problem = err as HttpProblem;
      expect(JSON.stringify(problem)).not.toContain('"input"');
      expect(problem.extensions.issues).toEqual([
        { path: 'name', message: expect.any(String) },
        { path: 'secret', message: expect.any(String) },
      ]);
      return;
    }
    throw new Error('expected a problem');
  });
});
