import {
  ZohoApiError,
  ZohoError,
  ZohoRateLimitedError,
  ZohoScopeError,
  ZohoUnavailableError,
  type ZohoTry,
} from './errors.js';
import { Semaphore } from './limits.js';
import {
  errorCode,
  hasPerItemResults,
  RATE_LIMIT_CODES,
  readBody,
  retryAfterMs,
} from './replies.js';
import { errorEnvelope } from './schemas.js';
import { TenantPauses } from './tenant-pauses.js';
import {
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type RetryPolicy,
  type TransportDeps,
  type ZohoAuth,
  type ZohoCall,
  type ZohoReply,
} from './transport-types.js';

export * from './transport-types.js';

/**
 * One HTTP call to the CRM API with everything around it: the tenant's token and api_domain, the
 * tenant's concurrency limit, a second try with a fresh token on INVALID_TOKEN, backoff with full
 * jitter on 429 (pausing every call of the tenant) and 5xx (that call only), and the credit ledger.
 */

export class ZohoTransport {
  private readonly semaphores = new Map<
    string,
    Promise<{ sem: Semaphore; untilMs?: number; renewing?: Promise<void> }>
  >();
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly random: () => number;
  private readonly fetchImpl: typeof fetch;
  /** The last X-API-CREDITS-REMAINING Zoho sent per tenant (Zoho sends it past 50 % use). */
  readonly creditsRemaining = new Map<string, number>();
  /**
   * A tenant's pause after Zoho said "too many": every call of the tenant waits it out before
   * its next attempt, so a 429 slows the whole tenant (all its runs share the org's limits)
   * instead of one call retrying while the others keep hitting the limit.
   */
  private readonly pauses: TenantPauses;

  constructor(private readonly deps: TransportDeps) {
    this.retry = deps.retry ?? DEFAULT_RETRY;
    this.sleep = deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.pauses = new TenantPauses(this.sleep);
    this.random = deps.random ?? Math.random;
    this.fetchImpl = deps.fetchImpl ?? fetch;
  }

  async call(auth: ZohoAuth, call: ZohoCall): Promise<ZohoReply> {
    if (!('tenantId' in auth)) return this.attempts(auth, call);
    const semaphore = await this.semaphore(auth.tenantId);
    return semaphore.run(() => this.attempts(auth, call));
  }

  /** Applies a new concurrency limit (after the edition is learned). */
  async setConcurrency(tenantId: string, limit: number): Promise<void> {
    (await this.semaphore(tenantId)).setLimit(limit);
  }

  private async semaphore(tenantId: string): Promise<Semaphore> {
    let s = this.semaphores.get(tenantId);
    if (!s) {
      s = this.decide(tenantId).then((d) => ({ sem: new Semaphore(d.limit), untilMs: d.untilMs }));
      this.semaphores.set(tenantId, s);
      s.catch(() => this.semaphores.delete(tenantId));
    }
    const entry = await s;
    const now = this.deps.now?.() ?? Date.now();
    if (!entry.renewing && entry.untilMs !== undefined && now >= entry.untilMs) {
      // The limit's term ended (a trial): decided again, once, while every call waits for it;
      // calls already in flight keep their seats.
      entry.renewing = this.decide(tenantId)
        .then((next) => {
          entry.sem.setLimit(next.limit);
          entry.untilMs = next.untilMs;
        })
        .finally(() => (entry.renewing = undefined));
    }
    await entry.renewing;
    return entry.sem;
  }

  private async decide(tenantId: string): Promise<{ limit: number; untilMs?: number }> {
    const d = await this.deps.concurrencyFor(tenantId);
    return typeof d === 'number' ? { limit: d } : d;
  }

  private async attempts(auth: ZohoAuth, call: ZohoCall): Promise<ZohoReply> {
    const tries: ZohoTry[] = [];
    const operation = `${call.method} ${call.path}`;
    const tried = (attempt: number, error?: string) =>
      tries.push({
        operation,
        try: attempt,
        outcome: error === undefined ? 'succeeded' : 'failed',
        at: new Date(this.deps.now?.() ?? Date.now()).toISOString(),
        ...(error !== undefined ? { error } : {}),
      });
    try {
      const reply = await this.tryUntilAnswered(auth, call, tried);
      return { ...reply, tries };
    } catch (error) {
      if (error instanceof ZohoError) error.tries = tries;
      throw error;
    }
  }

  private async tryUntilAnswered(
    auth: ZohoAuth,
    call: ZohoCall,
    tried: (attempt: number, error?: string) => void,
  ): Promise<ZohoReply> {
    const tenantId = 'tenantId' in auth ? auth.tenantId : undefined;
    let refreshedForInvalidToken = false;
    for (let attempt = 1; ; attempt++) {
      if (tenantId !== undefined) await this.pauses.waitOut(tenantId);
      const token =
        tenantId !== undefined
          ? await this.deps.tokens.get(tenantId)
          : {
              accessToken: (auth as { accessToken: string }).accessToken,
              apiDomain: (auth as { apiDomain: string }).apiDomain,
            };
      let res: Response;
      try {
        res = await this.fetchImpl(this.url(token.apiDomain, call), {
          method: call.method,
          headers: {
            authorization: `Zoho-oauthtoken ${token.accessToken}`,
            accept: 'application/json',
            ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}),
            ...call.headers,
          },
          body: call.body !== undefined ? JSON.stringify(call.body) : undefined,
          signal: AbortSignal.timeout(this.deps.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
      } catch (err) {
        tried(attempt, `network: ${(err as Error).message}`);
        if (attempt < this.retry.maxAttempts && call.idempotent !== false) {
          await this.backoff(attempt, tenantId, call, 'network');
          continue;
        }
        throw new ZohoUnavailableError(undefined, (err as Error).message);
      }
      const body = await readBody(res);
      if (
        res.status === 401 &&
        tenantId !== undefined &&
        !refreshedForInvalidToken &&
        errorCode(body) === 'INVALID_TOKEN'
      ) {
        // Expired or revoked early: one fresh token, one more try.
        refreshedForInvalidToken = true;
        await this.deps.tokens.invalidate(tenantId, token.accessToken);
        attempt--;
        continue;
      }
      const code = errorCode(body);
      const rateLimited = res.status === 429 || (code !== undefined && RATE_LIMIT_CODES.has(code));
      if (rateLimited || res.status >= 500) {
        tried(attempt, `HTTP ${res.status}${code ? ` ${code}` : ''}`);
        const retryable = rateLimited || call.idempotent !== false;
        if (attempt < this.retry.maxAttempts && retryable) {
          await this.backoff(
            attempt,
            tenantId,
            call,
            res.status,
            retryAfterMs(body, res),
            rateLimited,
          );
          continue;
        }
        const env = errorEnvelope.safeParse(body);
        if (rateLimited) {
          throw new ZohoRateLimitedError(
            429,
            env.success ? env.data.code : 'TOO_MANY_REQUESTS',
            env.success ? env.data.message : 'too many requests',
            env.success ? env.data.details : {},
          );
        }
        throw new ZohoUnavailableError(res.status);
      }
      if (tenantId !== undefined) await this.ledger(tenantId, call, res);
      // Answered: per-record results (even in a 400) are the call's outcome, said by the records.
      tried(
        attempt,
        res.status < 400 || hasPerItemResults(body)
          ? undefined
          : `HTTP ${res.status}${code ? ` ${code}` : ''}`,
      );
      if ([200, 201, 202, 204, 207, 304].includes(res.status))
        return { status: res.status, body, headers: res.headers };
      if (res.status === 400 && hasPerItemResults(body))
        return { status: res.status, body, headers: res.headers };
      const env = errorEnvelope.safeParse(body);
      if (env.success && env.data.code === 'OAUTH_SCOPE_MISMATCH') {
        throw new ZohoScopeError(res.status, env.data.code, env.data.message, env.data.details);
      }
      throw env.success
        ? new ZohoApiError(res.status, env.data.code, env.data.message, env.data.details)
        : new ZohoApiError(res.status, 'HTTP_ERROR', `HTTP ${res.status}`);
    }
  }

  private url(apiDomain: string, call: ZohoCall): string {
    const url = new URL(`${apiDomain.replace(/\/+$/, '')}${call.path}`);
    for (const [k, v] of Object.entries(call.query ?? {})) {
      if (v !== undefined) url.searchParams.set(k, String(v));
    }
    return url.toString();
  }

  private async backoff(
    attempt: number,
    tenantId: string | undefined,
    call: ZohoCall,
    why: number | string,
    atLeastMs = 0,
    wholeTenant = false,
  ) {
    const ceiling = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
    const delay = Math.max(Math.round(this.random() * ceiling), atLeastMs);
    this.deps.logger.warn(
      { tenantId, method: call.method, path: call.path, why, attempt, delayMs: delay, wholeTenant },
      'zoho call backing off',
    );
    if (wholeTenant && tenantId !== undefined) await this.pauses.pause(tenantId, delay);
    else await this.sleep(delay);
  }

  private async ledger(tenantId: string, call: ZohoCall, res: Response): Promise<void> {
    const remaining = res.headers.get('x-api-credits-remaining');
    if (remaining !== null && !Number.isNaN(Number(remaining)))
      this.creditsRemaining.set(tenantId, Number(remaining));
    try {
      await this.deps.recordCredits(tenantId, call.credits ?? 1);
    } catch (err) {
      // The ledger is advisory: a failed write must not fail the Zoho call that already happened.
      this.deps.logger.error({ err, tenantId }, 'could not record Zoho credits');
    }
  }
}
