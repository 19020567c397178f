import type { Logger } from '../logging.js';
import type { ZohoTry } from './errors.js';
import type { AccessTokenCache } from './token-cache.js';

/** What the CRM transport takes (a call, its auth, its dependencies) and gives back. */

export interface ZohoCall {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** From `/crm/v8/...`; appended to the tenant's api_domain. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  body?: unknown;
  /** Zoho API credits the call costs (1 unless said otherwise). */
  credits?: number;
  /**
   * False for calls that must not be repeated blindly (creating fields): a network error or 5xx
   * may have hidden a success. 429 is always retried: Zoho did not run the call.
   */
  idempotent?: boolean;
}

export interface ZohoReply {
  status: number;
  /** Every try the call took, oldest first (429s and 5xx retried, then the one answered). */
  tries?: ZohoTry[];
  /** Undefined for 204 and 304. */
  body: unknown;
  headers: Headers;
}

/** A tenant's stored grant, or a user's own token (sign-in) used once without refresh. */
export type ZohoAuth = { tenantId: string } | { accessToken: string; apiDomain: string };

export interface RetryPolicy {
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 500, maxDelayMs: 20_000 };
export const DEFAULT_TIMEOUT_MS = 60_000;

export interface TransportDeps {
  tokens: AccessTokenCache;
  /**
   * The tenant's concurrency limit (from its edition or configuration), and until when it holds
   * (a trial's end): past `untilMs` the next call decides it again, so a trial's limit ends with
   * the trial without a restart.
   */
  concurrencyFor(tenantId: string): Promise<number | { limit: number; untilMs?: number }>;
  recordCredits(tenantId: string, credits: number): Promise<void>;
  logger: Logger;
  retry?: RetryPolicy;
  /** Per attempt; a call Zoho has not answered by then counts as a network failure. */
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  fetchImpl?: typeof fetch;
  /** Stamps each try (epoch ms); the wall clock by default. */
  now?: () => number;
}
