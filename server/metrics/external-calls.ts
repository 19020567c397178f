import diagnostics from 'node:diagnostics_channel';
import type { Counter, Histogram } from 'prom-client';

/** The systems the backend calls, told apart by what the product's own clients request. */
export type ExternalSystem = 'zoho' | 'ebws' | 'agent' | 'other';

/**
 * Zoho's REST and accounts paths (`/crm/`, `/oauth/`, or a Zoho host), eBWS's `.svc` endpoint,
 * and the agent's fixed `/agent` path (agent/contract.ts).
 */
export function systemOf(host: string, path: string): ExternalSystem {
  if (/zoho/i.test(host) || path.startsWith('/crm/') || path.startsWith('/oauth/')) return 'zoho';
  if (/\.svc(\?|$|\/)/i.test(path)) return 'ebws';
  if (path === '/agent' || path.startsWith('/agent?') || path.startsWith('/agent/')) return 'agent';
  return 'other';
}

const isTokenCall = (path: string) => path.startsWith('/oauth/v2/token');

/** One finished outgoing call, as counted. */
export interface ExternalCall {
  system: Exclude<ExternalSystem, 'other'>;
  outcome: 'ok' | 'error';
  seconds: number;
  /** A request for a Zoho access token. */
  token: boolean;
}

/**
 * Calls made in worker threads (the feed thread's reads of the agent, ADR 0078) are not seen by
 * the main thread's diagnostics channels: the thread posts each to the main thread, which
 * publishes it here for the metrics.
 */
const RELAYED = diagnostics.channel('sage100-sync:external-call');
export const relayExternalCall = (call: ExternalCall): void => RELAYED.publish(call);

export interface CallMetrics {
  calls: Counter<'system' | 'outcome'>;
  latency: Histogram<'system'>;
  tokenRequests: Counter<'outcome'>;
}

interface UndiciRequest {
  origin?: string;
  path?: string;
}

/**
 * Counts every outgoing HTTP call of the process by system, with its latency and whether it
 * failed (network error or 5xx/429), from Node's diagnostics channels: `fetch` (the Zoho client)
 * and `http`/`https` requests (the `soap` clients of eBWS and the agent). Nothing in the clients
 * needs to know. Returns the unsubscribe.
 */
export function observeExternalCalls(m: CallMetrics): () => void {
  const count = (c: ExternalCall) => {
    m.calls.inc({ system: c.system, outcome: c.outcome });
    m.latency.observe({ system: c.system }, c.seconds);
    if (c.token) m.tokenRequests.inc({ outcome: c.outcome });
  };
  const relayed = (msg: unknown) => count(msg as ExternalCall);
  RELAYED.subscribe(relayed);
  const stop = watchExternalCalls(count);
  return () => {
    RELAYED.unsubscribe(relayed);
    stop();
  };
}

/**
 * Tells `onCall` of every outgoing HTTP call of this thread to Zoho, eBWS or the agent, from
 * Node's diagnostics channels. Returns the unsubscribe.
 */
export function watchExternalCalls(onCall: (call: ExternalCall) => void): () => void {
  const started = new WeakMap<object, { at: bigint; system: ExternalSystem; token: boolean }>();
  const begin = (key: object, host: string, path: string) => {
    started.set(key, {
      at: process.hrtime.bigint(),
      system: systemOf(host, path),
      token: isTokenCall(path),
    });
  };
  const end = (key: object, failed: boolean) => {
    const s = started.get(key);
    if (!s) return;
    started.delete(key);
    if (s.system === 'other') return;
    onCall({
      system: s.system,
      outcome: failed ? 'error' : 'ok',
      seconds: Number(process.hrtime.bigint() - s.at) / 1e9,
      token: s.token,
    });
  };
  const bad = (status: number) => status >= 500 || status === 429;

  const onCreate = (msg: unknown) => {
    const { request } = msg as { request: UndiciRequest };
    let host = '';
    try {
      host = new URL(request.origin ?? '').host;
    } catch {
      /* an origin undici could not parse: counted as other */
    }
    begin(request, host, request.path ?? '');
  };
  const onHeaders = (msg: unknown) => {
    const { request, response } = msg as { request: object; response: { statusCode: number } };
    end(request, bad(response.statusCode));
  };
  const onUndiciError = (msg: unknown) => end((msg as { request: object }).request, true);
  const onHttpStart = (msg: unknown) => {
    const { request } = msg as {
      request: { host?: string; path?: string; getHeader(n: string): unknown };
    };
    begin(request, String(request.getHeader('host') ?? request.host ?? ''), request.path ?? '');
  };
  const onHttpFinish = (msg: unknown) => {
    const { request, response } = msg as { request: object; response: { statusCode?: number } };
    end(request, bad(response.statusCode ?? 0));
  };
  const onHttpError = (msg: unknown) => end((msg as { request: object }).request, true);

  const subs: Array<[string, (msg: unknown) => void]> = [
    ['undici:request:create', onCreate],
    ['undici:request:headers', onHeaders],
    ['undici:request:error', onUndiciError],
    ['http.client.request.start', onHttpStart],
    ['http.client.response.finish', onHttpFinish],
    ['http.client.request.error', onHttpError],
  ];
  for (const [name, fn] of subs) diagnostics.subscribe(name, fn);
  return () => {
    for (const [name, fn] of subs) diagnostics.unsubscribe(name, fn);
  };
}
