import { SageError } from '../../sage/errors.js';
import { HttpProblem } from '../problem.js';

/**
 * "Sync to Sage" when Sage 100 cannot be reached (the office's server or network is down): the
 * user gets one plain answer, a 503 with `code: sage_unavailable`, whether the engine threw the
 * transport failure or recorded it as the record's failure reason (the audit log keeps it).
 */
const TRANSPORT_KINDS = new Set(['unreachable', 'timeout', 'connection_dropped', 'tls']);
/** Node's socket error codes, as the engine's recorded reason carries them. */
const TRANSPORT_REASON =
  /\b(ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNABORTED|ESOCKETTIMEDOUT|ECONNRESET|EPIPE)\b/;

export const isSageTransportError = (err: unknown): boolean =>
  err instanceof SageError && TRANSPORT_KINDS.has(err.kind);

export const isSageTransportReason = (reason: string | null | undefined): boolean =>
  typeof reason === 'string' && TRANSPORT_REASON.test(reason);

export const sageUnavailable = (): HttpProblem =>
  new HttpProblem(
    503,
    'Sage unreachable',
    'Sage 100 could not be reached right now: try again in a few minutes.',
    { code: 'sage_unavailable' },
  );
