import { z } from 'zod';
import { CONTRACT_TYPES, memberLabel } from './contracts.js';
import { SageError, type SageErrorKind } from './errors.js';

/**
 * Maps what node-soap throws to a SageError: SOAP faults by their `a:CODE` faultcode and MasFault
 * detail (reference §4), transport failures by their Node error codes. Where Sage's code is not
 * public (logon, company, lock, read-only), the message decides too, so a real server whose code
 * differs from the simulator's is still classified right.
 */

const faultSchema = z.object({
  faultcode: z.unknown().optional(),
  faultstring: z.unknown().optional(),
  detail: z
    .object({
      MasFault: z
        .object({ ErrorCode: z.unknown().optional(), ErrorMessage: z.unknown().optional() })
        .optional(),
    })
    .passthrough()
    .optional(),
});

const text = (value: unknown): string => {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && '$value' in value)
    return String((value as { $value: unknown }).$value);
  return value === undefined || value === null ? '' : String(value);
};

const stripPrefix = (code: string) => code.replace(/^[\w.-]+:/, '');

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_SIGNATURE_FAILURE',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const DROPPED_CODES = new Set(['ECONNRESET', 'EPIPE', 'ERR_BAD_RESPONSE']);

const MEMBER_BY_LABEL = new Map(
  Object.values(CONTRACT_TYPES).flatMap((members) =>
    members.map((m) => [memberLabel(m.name), m.name]),
  ),
);

/**
 * The member a validation message names: "Could not set AR_Customer_bus column ZipCode$: ..."
 * names the column; "The Customer Name is greater than 30 character(s)." names its label.
 */
export function faultField(message: string): string | undefined {
  const column = /column (\w+?)\$?:/.exec(message);
  if (column) return column[1];
  const label =
    /^The (.+?) (?:is greater than|failed validation|is read only|is required|is not a valid)/.exec(
      message,
    );
  return label ? MEMBER_BY_LABEL.get(label[1] ?? '') : undefined;
}

/**
 * Faults a WCF host raises before any Sage code runs: the request does not match the service's
 * contract (wrong action, SOAP version or namespace). Retrying cannot help; the configuration
 * (the URL, or an eBWS version this product does not speak) must change.
 */
const CONTRACT_FAULTS = new Set([
  'ActionNotSupported',
  'ContractFilter',
  'VersionMismatch',
  'DeserializationFailed',
  'InvalidMessage',
]);

/** Classifies a Sage fault by code, then by message. Exported for tests and the simulator docs. */
export function classifyFault(code: string, message: string): SageErrorKind {
  if (CONTRACT_FAULTS.has(code)) return 'contract';
  switch (code) {
    case 'CI_NoKey':
      return 'not_found';
    case 'WS_AlreadyExists':
      return 'already_exists';
    case 'CI_NOF':
    case 'CI_CharLength':
    case 'CI_ReadOnly':
    case 'CI_Invalid':
    case 'CI_Required':
      return 'validation';
  }
  if (/^logon failure/i.test(message)) return 'logon';
  if (/^no access/i.test(message)) return 'no_access';
  if (/company/i.test(message) && /(invalid|not enabled|not found|does not exist)/i.test(message))
    return 'company';
  if (/(in use|locked)/i.test(message)) return 'locked';
  if (/^an exception occurred/i.test(message)) return 'server';
  if (
    /(read only|greater than \d+ character|failed validation|is required|not on file|could not set)/i.test(
      message,
    )
  ) {
    return 'validation';
  }
  if (code.startsWith('CI_')) return 'validation';
  return 'server';
}

function nodeErrorCode(err: unknown): string | undefined {
  let e: unknown = err;
  for (let depth = 0; e && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_BAD_REQUEST' && code !== 'ERR_NETWORK')
      return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

type TransportKind = 'tls' | 'unreachable' | 'timeout' | 'connection_dropped';

function transportKind(code: string | undefined, message: string): TransportKind | undefined {
  if (code && TLS_CODES.has(code)) return 'tls';
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  if ((code && TIMEOUT_CODES.has(code)) || /timeout/i.test(message)) return 'timeout';
  if ((code && DROPPED_CODES.has(code)) || /socket hang up/i.test(message))
    return 'connection_dropped';
  return undefined;
}

const TRANSPORT_WHAT: Record<TransportKind, string> = {
  tls: 'sent a TLS certificate this server rejects',
  unreachable: 'cannot be reached',
  timeout: 'did not answer in time',
  connection_dropped: 'closed the connection before answering',
};

const TRANSPORT_DEFAULT_CODE: Partial<Record<TransportKind, string>> = {
  timeout: 'ETIMEDOUT',
  connection_dropped: 'ECONNRESET',
};

/** What to check for each way the eBWS host can fail to answer; the admin's test says the same. */
export const EBWS_TRANSPORT_ADVICE: Record<TransportKind, string> = {
  unreachable:
    'Check the Web Services URL, that the eBusiness Web Services site is running in IIS, and that the firewall lets this server in.',
  timeout:
    'Check that the server and its eBusiness Web Services application pool are running, then try again.',
  connection_dropped: 'Check any proxy or firewall between this server and Sage, then try again.',
  tls: "Install a certificate from a trusted authority on the eBusiness Web Services site, or add the issuing CA to this server's trusted certificates.",
};

export function toSageError(err: unknown, operation: string): SageError {
  if (err instanceof SageError) return err;
  const root = (err as { root?: { Envelope?: { Body?: { Fault?: unknown } } } })?.root;
  const fault = faultSchema.safeParse(root?.Envelope?.Body?.Fault);
  if (root && fault.success && fault.data.faultstring !== undefined) {
    const mas = fault.data.detail?.MasFault;
    const code = stripPrefix(text(mas?.ErrorCode) || text(fault.data.faultcode));
    const message = text(mas?.ErrorMessage) || text(fault.data.faultstring);
    const error = new SageError(classifyFault(code, message), message, operation, code, {
      cause: err,
    });
    if (error.kind === 'validation') error.field = faultField(message);
    return error;
  }
  const message = err instanceof Error ? err.message : String(err);
  const code = nodeErrorCode(err);
  const transport = transportKind(code, message);
  if (transport) {
    // The raw words ("connect ECONNREFUSED 10.0.0.5:443") stay for support; the sentence around
    // them tells the operator on call where to look, in runs, health and notifications alike.
    const what = TRANSPORT_WHAT[transport];
    return new SageError(
      transport,
      `Sage 100 web services ${what} (${message}). ${EBWS_TRANSPORT_ADVICE[transport]}`,
      operation,
      code ?? TRANSPORT_DEFAULT_CODE[transport],
      { cause: err },
    );
  }
  const status = (err as { response?: { status?: number } })?.response?.status;
  if (status === 400 || status === 415) {
    // WCF's answers to a request it cannot read (400) or to a SOAP version it does not speak (415).
    return new SageError(
      'contract',
      `HTTP ${status}: the eBWS host could not read the request${status === 415 ? ' (SOAP version)' : ''}`,
      operation,
      `HTTP_${status}`,
      { cause: err },
    );
  }
  if (status !== undefined) {
    return new SageError(
      'protocol',
      `HTTP ${status} from the eBWS URL, not a SOAP answer`,
      operation,
      `HTTP_${status}`,
      { cause: err },
    );
  }
  return new SageError('protocol', message, operation, code, { cause: err });
}
