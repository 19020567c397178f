import diagnostics from 'node:diagnostics_channel';
import { systemOf, type ExternalSystem } from '../../server/metrics/external-calls.js';

/** One outgoing HTTP call of this process, as the product's metrics tell systems apart. */
export interface LoggedCall {
  system: ExternalSystem;
  method: string;
  path: string;
}

/**
 * Every outgoing call of the process from Node's diagnostics channels (`fetch` for Zoho,
 * `http` for the eBWS and agent SOAP clients), so tests and benchmarks count what really went on
 * the wire. `stop()` unsubscribes.
 */
export function logCalls(): {
  calls: LoggedCall[];
  count(system: ExternalSystem): number;
  stop(): void;
} {
  const calls: LoggedCall[] = [];
  const onUndici = (msg: unknown) => {
    const { request } = msg as { request: { origin?: string; path?: string; method?: string } };
    let host = '';
    try {
      host = new URL(request.origin ?? '').host;
    } catch {
      /* counted as other */
    }
    const path = request.path ?? '';
    calls.push({ system: systemOf(host, path), method: request.method ?? '', path });
  };
  const onHttp = (msg: unknown) => {
    const { request } = msg as {
      request: { host?: string; path?: string; method?: string; getHeader(n: string): unknown };
    };
    const path = request.path ?? '';
    const host = String(request.getHeader('host') ?? request.host ?? '');
    calls.push({ system: systemOf(host, path), method: request.method ?? '', path });
  };
  diagnostics.subscribe('undici:request:create', onUndici);
  diagnostics.subscribe('http.client.request.start', onHttp);
  return {
    calls,
    count: (system) => calls.filter((c) => c.system === system).length,
    stop() {
      diagnostics.unsubscribe('undici:request:create', onUndici);
      diagnostics.unsubscribe('http.client.request.start', onHttp);
    },
  };
}
