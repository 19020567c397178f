import https from 'node:https';
import soap from 'soap';
import { XmlCharsHttpClient } from '../../agent/xml-chars.js';
import type { SageConnection } from '../db/repositories/sage-connections.js';
import type { Logger } from '../logging.js';
import { SeatedHttpClient } from './ebws-http.js';
import type { EbwsSessions } from './ebws-sessions.js';
import { SageError, type SageAttempt } from './errors.js';
import { toSageError } from './fault-mapping.js';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryDeps, type RetryPolicy } from './retry.js';
import { assertTimeZone } from './sage-time.js';
import { WSDL_PATH } from './wsdl/files.js';

/**
 * One eBWS operation call on the `soap` package: the vendored WSDL with the tenant's endpoint
 * (pitfall P1), logon and company code in every request, a timeout on every call, retries by the
 * policy, faults and transport errors mapped to SageError, and every attempt recorded.
 */

export type SageEndpointSettings = Pick<
  SageConnection,
  'endpointUrl' | 'companyCode' | 'username' | 'password' | 'timeZone'
>;

export interface SageClientOptions {
  logger: Logger;
  timeoutMs?: number;
  retry?: RetryPolicy;
  /** Extra trusted CA certificates (PEM), e.g. for a Sage server with a private CA. */
  ca?: string | string[];
  retryDeps?: RetryDeps;
  /** The tenant's eBWS seats, shared by all its clients: each attempt holds one while at Sage. */
  sessions?: EbwsSessions;
}

export interface SageCallResult<T> {
  value: T;
  /** Every attempt of every operation the call made, failed and succeeded, for the audit log. */
  attempts: SageAttempt[];
}

type SoapClient = soap.Client &
  Record<string, (args: unknown, options?: unknown) => Promise<unknown[]>>;

/** An admin may paste the `?wsdl` URL; the SOAP endpoint is the .svc URL without a query. */
export function normaliseEndpoint(url: string): string {
  const u = new URL(url.trim());
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('expected an http(s) URL');
  u.search = '';
  u.hash = '';
  return u.toString();
}

/** Awaits a call and appends its attempts to `attempts` (also when it fails). */
export async function collect<T>(
  call: Promise<SageCallResult<T>>,
  attempts: SageAttempt[],
): Promise<T> {
  try {
    const result = await call;
    if (result.attempts !== attempts) attempts.push(...result.attempts);
    return result.value;
  } catch (err) {
    if (err instanceof SageError && err.attempts !== attempts) {
      attempts.push(...err.attempts);
      err.attempts = attempts;
    }
    throw err;
  }
}

/** The `<Operation>Result` member of an answer; a missing one is a protocol error. */
export function resultOf(raw: unknown, operation: string): unknown {
  const value = (raw as Record<string, unknown> | null)?.[`${operation}Result`];
  if (value === undefined || value === null) {
    throw new SageError('protocol', `${operation} answered without ${operation}Result`, operation);
  }
  return value;
}

export class EbwsTransport {
  readonly endpoint: string;
  private soapClient?: Promise<SoapClient>;
  private readonly timeoutMs: number;
  private readonly retry: RetryPolicy;
  private readonly httpsAgent?: https.Agent;

  constructor(
    readonly settings: SageEndpointSettings,
    private readonly options: SageClientOptions,
  ) {
    assertTimeZone(settings.timeZone);
    this.endpoint = normaliseEndpoint(settings.endpointUrl);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.retry = options.retry ?? DEFAULT_RETRY_POLICY;
    if (options.ca) this.httpsAgent = new https.Agent({ ca: options.ca, keepAlive: true });
  }

  /** The retry policy calls use unless they name their own. */
  get retryPolicy(): RetryPolicy {
    return this.retry;
  }

  async call<T>(
    operation: string,
    params: Record<string, unknown>,
    parse: (raw: unknown) => T,
    opts: { withLogon?: boolean; attempts?: SageAttempt[]; retry?: RetryPolicy } = {},
  ): Promise<SageCallResult<T>> {
    const attempts = opts.attempts ?? [];
    const firstNew = attempts.length;
    // Wrapper members in schema order: logon, companyCode, then the operation's own (P10).
    const args =
      opts.withLogon === false
        ? {}
        : {
            logon: { Password: this.settings.password, Username: this.settings.username },
            companyCode: this.settings.companyCode,
            ...params,
          };
    try {
      const value = await withRetry(
        operation,
        opts.retry ?? this.retry,
        attempts,
        async (attempt) => {
          const client = await this.client(operation);
          const method = client[`${operation}Async`];
          if (typeof method !== 'function') {
            throw new SageError('protocol', `the WSDL has no ${operation}`, operation);
          }
          this.options.logger.debug(
            { operation, attempt, endpoint: this.endpoint },
            'sage ebws call',
          );
          const [raw] = await method.call(client, args, {
            timeout: this.timeoutMs,
            ...(this.httpsAgent ? { httpsAgent: this.httpsAgent } : {}),
          });
          return parse(raw);
        },
        (err) => toSageError(err, operation),
        this.options.retryDeps,
      );
      return { value, attempts };
    } finally {
      // Failures are logged by kind and code only: messages may quote record values. At warn:
      // a retried lock or outage is something an operator watching the log must see.
      for (const a of attempts.slice(firstNew).filter((x) => x.outcome === 'failed')) {
        this.options.logger.warn(
          {
            operation,
            attempt: a.attempt,
            kind: a.error?.kind,
            code: a.error?.code,
            retryInMs: a.retryInMs,
          },
          'sage ebws attempt failed',
        );
      }
    }
  }

  private client(operation: string): Promise<SoapClient> {
    this.soapClient ??= soap
      .createClientAsync(WSDL_PATH, {
        endpoint: this.endpoint,
        // Control characters arrive as character references node-soap's parser refuses.
        // The tenant's seat is held by the HTTP exchange alone: while Sage works on the request.
        // Building the envelope and parsing the answer need no seat, so other records' requests
        // use it meanwhile (ADR 0071).
        httpClient: this.options.sessions
          ? new SeatedHttpClient(this.options.sessions)
          : new XmlCharsHttpClient(),
        // Sage DateTimes carry no offset: keep the text and convert with the tenant's zone.
        customDeserializer: { dateTime: (text: string) => text },
      } as soap.IOptions)
      .then((c) => c as SoapClient)
      .catch((err: unknown) => {
        this.soapClient = undefined;
        throw new SageError(
          'protocol',
          `cannot load the vendored eBWS WSDL: ${String(err)}`,
          operation,
        );
      });
    return this.soapClient;
  }
}
