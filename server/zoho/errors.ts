/**
 * Expected failures talking to Zoho, as classes the engine and HTTP layer can tell apart.
 * Messages never carry tokens or codes.
 */

/** One try of a CRM API call, for the audit: a 429 or 5xx retried shows as a failed try. */
export interface ZohoTry {
  /** `POST /crm/v8/Accounts/upsert`: the method and path, never the query or body. */
  operation: string;
  try: number;
  outcome: 'succeeded' | 'failed';
  at: string;
  /** `HTTP 500`, `HTTP 429 TOO_MANY_REQUESTS`, `network: ...`, when the try failed. */
  error?: string;
}

export class ZohoError extends Error {
  /** Every try of the call that ended in this error (set by the transport). */
  tries?: ZohoTry[];

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The tenant has no Zoho connection (never connected, or disconnected). */
export class ZohoNotConnectedError extends ZohoError {
  constructor(readonly tenantId: string) {
    super(`tenant ${tenantId} has no Zoho CRM connection`);
  }
}

/** The accounts server refused a grant: a bad or used code, a bad client, a revoked token. */
export class ZohoAuthError extends ZohoError {
  constructor(
    readonly reason: string,
    detail?: string,
    /** Said instead of Zoho's own words when the caller knows what the refusal means. */
    message?: string,
  ) {
    super(message ?? `Zoho Accounts refused the request: ${reason}${detail ? ` (${detail})` : ''}`);
  }
}

/** More than 10 access tokens were asked for one refresh token within 10 minutes. */
export class ZohoTokenLimitError extends ZohoError {
  constructor(readonly retryAfterMs: number) {
    super(
      `Zoho allows 10 access tokens per refresh token per 10 minutes; retry in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
  }
}

/** A CRM API call answered with Zoho's error envelope (after retries, where they apply). */
export class ZohoApiError extends ZohoError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly zohoMessage: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(`Zoho CRM ${status} ${code}: ${zohoMessage}`);
  }
}

/**
 * The org's token lacks a scope the call needs (Zoho answers 401 OAUTH_SCOPE_MISMATCH): a fresh
 * token would not help; the admin reconnects and grants the scopes.
 */
export class ZohoScopeError extends ZohoApiError {
  constructor(
    status: number,
    code: string,
    zohoMessage: string,
    details?: Record<string, unknown>,
  ) {
    super(status, code, zohoMessage, details);
    this.message = `Zoho CRM refused the call for a missing OAuth scope (${status} ${code}): reconnect Zoho CRM from the settings and grant every scope asked for`;
  }
}

/** 429 (credits or concurrency) still answered after every backoff attempt. */
export class ZohoRateLimitedError extends ZohoApiError {}

/** 5xx or no answer at all after every backoff attempt. */
export class ZohoUnavailableError extends ZohoError {
  constructor(
    readonly status: number | undefined,
    cause?: string,
  ) {
    super(
      `Zoho CRM is unavailable${status ? ` (HTTP ${status})` : ''}${cause ? `: ${cause}` : ''}`,
    );
  }
}

/** Zoho answered with a body this client does not understand (checked with zod). */
export class ZohoResponseError extends ZohoError {
  constructor(
    readonly endpoint: string,
    readonly issues: string,
  ) {
    super(`unexpected response from Zoho ${endpoint}: ${issues}`);
  }
}

/** The caller asked for something Zoho's API cannot do (too many criteria, >5 fields...). */
export class ZohoRequestError extends ZohoError {}
