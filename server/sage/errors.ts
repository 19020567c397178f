/**
 * Typed failures of a Sage 100 eBWS call. Every error says what kind it is (a discriminant the
 * engine switches on), whether a retry can help, the Sage fault code when there was one, and
 * every attempt made. Messages are Sage's own text where Sage gave one; `adminMessage` (see
 * test-connection.ts) turns them into what an admin can act on.
 */

export type SageErrorKind =
  | 'not_found' // CI_NoKey
  | 'already_exists' // WS_AlreadyExists
  | 'validation' // CI_NOF, CI_CharLength, read-only, valid values, required
  | 'logon' // wrong user/password or user not enabled for web services
  | 'company' // unknown company code or company not enabled for web services
  | 'no_access' // role lacks the task
  | 'locked' // record in use by another user
  | 'server' // "An exception occurred." or another unexplained fault
  | 'unreachable' // connection refused, DNS, host unreachable
  | 'timeout' // no answer within the time limit
  | 'connection_dropped' // connection closed mid-call: the outcome is unknown
  | 'tls' // certificate rejected
  | 'protocol' // the URL answered, but not as eBWS does
  | 'contract' // the service refused the request's shape (SOAPAction, namespace, SOAP version)
  | 'bad_request'; // the client was given a record it cannot send (a bug in the caller)

export interface SageAttempt {
  operation: string;
  attempt: number;
  outcome: 'succeeded' | 'failed';
  /** When it failed: the kind, Sage code and message. */
  error?: { kind: SageErrorKind; code?: string; message: string };
  /** Wait before the next attempt, when one follows. */
  retryInMs?: number;
  at: string;
}

export class SageError extends Error {
  attempts: SageAttempt[] = [];
  /** The key a create had reserved (GetNext*), for a later retry to reuse. */
  reservedKey?: Record<string, string>;
  /** The eBWS member a validation fault names, when its message names one. */
  field?: string;

  constructor(
    readonly kind: SageErrorKind,
    message: string,
    readonly operation: string,
    readonly code?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'SageError';
  }

  /** Locks, server exceptions and transport failures may pass; nothing else will. */
  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }

  /** Sent but no answer: the server may or may not have done it. */
  get outcomeUnknown(): boolean {
    return this.kind === 'timeout' || this.kind === 'connection_dropped';
  }
}

const RETRYABLE = new Set<SageErrorKind>([
  'locked',
  'server',
  'unreachable',
  'timeout',
  'connection_dropped',
]);

export const isSageError = (err: unknown): err is SageError => err instanceof SageError;
