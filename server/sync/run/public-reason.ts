import crypto from 'node:crypto';
import type { Logger } from 'pino';

/** Errors of the runtime that only a defect raises: their words are the code's, not the user's. */
const PROGRAMMING_ERRORS: readonly (new (...args: never[]) => Error)[] = [
  TypeError,
  ReferenceError,
  RangeError,
  SyntaxError,
];

/**
 * Whether an error's message would show the backend's internals: a database driver's error
 * (better-sqlite3's SqliteError; pg's DatabaseError, known by its severity and routine; knex
 * prefixes both with the SQL statement) or a programming error. The product's own errors
 * (SyncError, SageError, AgentError, ZohoError...) are written for the user and pass as they are.
 */
export function isInternalError(error: unknown): error is Error {
  if (!(error instanceof Error)) return false;
  return PROGRAMMING_ERRORS.some((type) => error.constructor === type) || isDatabaseError(error);
}

/**
 * The reason a record's or a run's failure shows to its users: the error's own words when they are
 * the product's, else a plain sentence with a reference that finds the whole error, stack and all,
 * in the backend's log (written here, with the caller's context).
 */
export function publicReason(error: unknown, logger: Logger, context: object): string {
  if (!isInternalError(error)) return error instanceof Error ? error.message : String(error);
  const ref = crypto.randomBytes(4).toString('hex');
  const database = isDatabaseError(error);
  logger.error(
    { ...context, ref, err: error },
    database ? 'database error behind a sync failure' : 'internal error behind a sync failure',
  );
  const what = database
    ? 'the backend could not store its work'
    : 'an internal error in the backend';
  return `${what}; its log has the details under ref ${ref}`;
}

function isDatabaseError(error: Error): boolean {
  if (error.name === 'SqliteError' || error.name === 'KnexTimeoutError') return true;
  const e = error as { severity?: unknown; routine?: unknown };
  return typeof e.severity === 'string' && typeof e.routine === 'string';
}
