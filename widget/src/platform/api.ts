import { t, type MessageKey } from './i18n.js';
import { TimeoutError, withTimeout } from './timeout.js';

/**
 * The widget's client for the backend's JSON API (`/api/v1/...`, docs/api.md); paths are absolute. It sends the session as a Bearer
 * token, turns RFC 9457 problems into an `ApiError` with a kind the screens can act on, and tells
 * the session when the backend answers 401 so the sign-in prompt comes back.
 */

export type ApiErrorKind =
  | 'unauthorized'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'invalid'
  | 'rate_limited'
  | 'zoho_unavailable'
  | 'server'
  | 'network'
  | 'timeout';

export class ApiError extends Error {
  constructor(
    readonly kind: ApiErrorKind,
    readonly status: number,
    /** The problem's `detail`, a sentence from the backend (shown only for 4xx answers). */
    readonly detail: string | undefined,
    /** The engine's refusal code (`module_disabled`, ...), for screens that branch on it. */
    readonly code: string | undefined,
    /** The whole problem body: `issues` per field, `problems`, `neededBy`... for forms. */
    readonly problem: Record<string, unknown> = {},
  ) {
    super(detail ?? kind);
    this.name = 'ApiError';
  }
}

const KIND_BY_STATUS: Record<number, ApiErrorKind> = {
  400: 'invalid',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  422: 'invalid',
  429: 'rate_limited',
  502: 'zoho_unavailable',
  503: 'rate_limited',
};

const MESSAGE: Record<ApiErrorKind, MessageKey> = {
  unauthorized: 'error.unauthorized',
  forbidden: 'error.forbidden',
  not_found: 'error.notFound',
  conflict: 'error.conflict',
  invalid: 'error.invalid',
  rate_limited: 'error.rateLimited',
  zoho_unavailable: 'error.zohoUnavailable',
  server: 'error.server',
  network: 'error.network',
  timeout: 'error.timeout',
};

/**
 * What to tell the user, in plain words: the backend's own sentence for refusals it explains
 * (4xx), a fixed sentence otherwise. Never a status code, an error code or a stack.
 */
export function plainMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const base = t(MESSAGE[error.kind]);
    const explain = error.status >= 400 && error.status < 500 && error.status !== 401;
    return explain && error.detail ? `${base} ${error.detail}` : base;
  }
  if (error instanceof TimeoutError) return t('error.timeout');
  return t('error.unexpected');
}

interface Problem {
  detail?: unknown;
  code?: unknown;
}

export interface ApiClientOptions {
  baseUrl: string;
  token(): string | undefined;
  /** Called on every 401, before the error is thrown. */
  onUnauthorized(): void;
  timeoutMs?: number;
  fetchImpl?: typeof fetch;
}

export class ApiClient {
  constructor(private readonly options: ApiClientOptions) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body: unknown = {}): Promise<T> {
    return this.request<T>('POST', path, body);
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const { baseUrl, timeoutMs = 30_000 } = this.options;
    const fetchImpl = this.options.fetchImpl ?? fetch.bind(window);
    const token = this.options.token();
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await withTimeout(
        fetchImpl(`${baseUrl}${path}`, {
          method,
          headers,
          body: body === undefined ? undefined : JSON.stringify(body),
          credentials: 'omit',
        }),
        timeoutMs,
        'the Sage 100 Sync service',
      );
    } catch (error) {
      if (error instanceof TimeoutError) throw new ApiError('timeout', 0, undefined, undefined);
      throw new ApiError('network', 0, undefined, undefined);
    }
    if (res.ok) return (res.status === 204 ? undefined : await res.json()) as T;
    let problem: Problem = {};
    try {
      problem = (await res.json()) as Problem;
    } catch {
      /* a proxy's HTML error page: the status alone decides */
    }
    if (res.status === 401) this.options.onUnauthorized();
    throw new ApiError(
      KIND_BY_STATUS[res.status] ?? 'server',
      res.status,
      typeof problem.detail === 'string' ? problem.detail : undefined,
      typeof problem.code === 'string' ? problem.code : undefined,
      problem as Record<string, unknown>,
    );
  }
}
