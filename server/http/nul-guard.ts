import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

/**
 * Postgres text cannot hold U+0000 (it refuses the statement), SQLite would keep it: so no
 * string carrying one gets past the HTTP boundary, whichever store is behind it.
 */
function nulPath(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  if (depth > 32 || typeof value !== 'object' || value === null) return undefined;
  for (const [key, child] of Object.entries(value)) {
    const at = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return at;
    const found = nulPath(child, at, depth + 1);
    if (found) return found;
  }
  return undefined;
}

export const refuseNulBytes: RequestHandler = (req, _res, next) => {
  const field =
    nulPath(req.body, 'body') ??
    nulPath(req.query, 'query') ??
    (/%00/i.test(req.originalUrl.split('?')[0] ?? '') ? 'path' : undefined);
  if (!field) return next();
  next(
    new HttpProblem(
      400,
      'NUL character',
      `${field} holds a NUL character (U+0000), which no value may contain.`,
    ),
  );
};
