import type http from 'node:http';
import type { Logger } from 'pino';
import type { AgentDataSource } from '../../agent/data-source.js';
import { hoursOf, NEVER_STAMPED, type SageRow as AgentRow } from '../../agent/sage-row.js';
import { startAgentServer, type RunningAgent } from '../../agent/server.js';
import { answerNoSoonerThan } from '../shared/answer-floor.js';
import { checkedLatency } from './fault-injection.js';
import {
  SAGE_TABLES,
  TABLE_KEYS,
  type SageCompanyData,
  type SageRow,
  type SageStore,
  type SageTableName,
} from './store.js';

/**
 * The agent's endpoint in the simulator: the real agent code (agent/server.ts) over the same
 * company store the eBWS simulator writes, so a write through eBWS shows up in the feed, and a
 * store bulkImport changes rows without moving DateUpdated, as Visual Integrator does.
 */

/** Store values in the agent's Sage formats: strings, with Sage's blank dates as null. */
function toAgentRow(row: Readonly<SageRow>): AgentRow {
  const out: AgentRow = {};
  for (const [name, value] of Object.entries(row)) {
    out[name] = /^Date/.test(name) && value === '' ? null : String(value);
  }
  return out;
}

function tableOf(table: string): SageTableName {
  if (!(SAGE_TABLES as readonly string[]).includes(table)) throw new Error(`no table ${table}`);
  return table as SageTableName;
}

const dateOf = (row: Readonly<SageRow>) => String(row.DateUpdated ?? '') || NEVER_STAMPED;

/** A day's rows in the agent's format, each with its TimeUpdated as decimal hours. */
type DayRows = Array<{ row: AgentRow; hours: number }>;

/**
 * An AgentDataSource reading one company of the simulator's store. The feed's calls read an
 * index of the table's rows by DateUpdated, built once per change of the table (the store's
 * revision) instead of a sorted copy of the table per call, and each row is converted to the
 * agent's format once: a stored row never changes (a write stores a new object), so its
 * conversion is kept beside it, frozen, until the row is replaced and collected. A first sync's
 * feed reads one stamp group of the whole table per page; this keeps that the agent's own work
 * (sorting the group), not the store's.
 */
export class StoreDataSource implements AgentDataSource {
  readonly kind = 'simulator';
  private readonly converted = new WeakMap<Readonly<SageRow>, AgentRow>();
  private readonly days = new Map<
    SageTableName,
    { revision: number; byDay: Map<string, DayRows>; ordered: string[] }
  >();

  constructor(private readonly company: SageCompanyData) {}

  private agentRow(row: Readonly<SageRow>): AgentRow {
    let out = this.converted.get(row);
    if (!out) {
      out = Object.freeze(toAgentRow(row)) as AgentRow;
      this.converted.set(row, out);
    }
    return out;
  }

  /** The table's rows by DateUpdated, days in ascending order; rebuilt after a change. */
  private dayIndex(table: string) {
    const name = tableOf(table);
    const revision = this.company.revision(name);
    const held = this.days.get(name);
    if (held && held.revision === revision) return held;
    const byDay = new Map<string, DayRows>();
    for (const row of this.company.rows(name)) {
      const day = dateOf(row);
      let rows = byDay.get(day);
      if (!rows) byDay.set(day, (rows = []));
      rows.push({ row: this.agentRow(row), hours: hoursOf(String(row.TimeUpdated ?? '')) });
    }
    const index = { revision, byDay, ordered: [...byDay.keys()].sort() };
    this.days.set(name, index);
    return index;
  }

  async rowsUpdatedOn(table: string, date: string): Promise<AgentRow[]> {
    return (this.dayIndex(table).byDay.get(date) ?? []).map((e) => e.row);
  }

  async rowsUpdatedFrom(table: string, date: string, time: string): Promise<AgentRow[]> {
    const from = hoursOf(time);
    const out: AgentRow[] = [];
    for (const e of this.dayIndex(table).byDay.get(date) ?? [])
      if (e.hours >= from) out.push(e.row);
    return out;
  }

  async *rowsUpdatedAfter(table: string, date: string): AsyncIterable<AgentRow> {
    const { byDay, ordered } = this.dayIndex(table);
    for (const day of ordered) {
      if (day <= date) continue;
      for (const e of byDay.get(day) ?? []) yield e.row;
    }
  }

  async countUpdatedAfter(table: string, date: string): Promise<number> {
    const { byDay, ordered } = this.dayIndex(table);
    let count = 0;
    for (const day of ordered) if (day > date) count += byDay.get(day)?.length ?? 0;
    return count;
  }

  async *rowsInKeyOrder(
    table: string,
    keyColumns: readonly string[],
    afterKey: readonly string[] | undefined,
  ): AsyncIterable<AgentRow> {
    const after = afterKey ?? [];
    const isAfter = (row: SageRow) => {
      for (let i = 0; i < after.length; i++) {
        const value = String(row[keyColumns[i] ?? ''] ?? '');
        if (value !== after[i]) return value > (after[i] ?? '');
      }
      return after.length === 0;
    };
    // The store lists in key order already (its keys join the key columns).
    for (const row of this.company.list(tableOf(table))) if (isAfter(row)) yield toAgentRow(row);
  }

  async rowsWhere(table: string, equals: Readonly<Record<string, string>>): Promise<AgentRow[]> {
    const name = tableOf(table);
    const columns = Object.keys(equals);
    const key = TABLE_KEYS[name];
    // A key lookup (GetRecords, 100 to a call) reads its row, not a sorted copy of the table.
    if (columns.length === key.length && key.every((c) => (equals[c] ?? '') !== '')) {
      const row = this.company.get(name, equals);
      return row ? [toAgentRow(row)] : [];
    }
    return this.company.list(name, equals).map(toAgentRow);
  }

  async ping(): Promise<void> {
    this.company.count('AR_Customer');
  }

  async close(): Promise<void> {}
}

export interface SimAgentOptions {
  company: SageCompanyData;
  token: string;
  host: string;
  port: number;
  logger: Logger;
  /** The simulator's clock (the store's), so Sage's "now" and its stamps agree. */
  now?: () => Date;
  maxPageSize?: number;
  tls?: { cert: string; key: string };
  /**
   * A steady latency of every SOAP call (a feed page, a key lookup), in ms: benchmarks set a real
   * agent's ~200 ms per page over ODBC. The answer time's floor: the agent's own work runs inside
   * it, and only work longer than it shows. `setLatency` changes it later.
   */
  latencyMs?: number;
}

export interface SimAgent extends RunningAgent {
  /** The steady per-call latency in ms (0 = none); applies to calls received from now on. */
  setLatency(ms: number): void;
  readonly latencyMs: number;
  /** SOAP calls received so far (benchmarks count a quiet run's calls). */
  readonly calls: number;
  /** The agent's own time over those calls, in ms: arrival to answer, the latency left out. */
  readonly workMs: number;
}

/** Serves the real agent over one simulated company; the agent's time zone is the company's. */
export async function startSimAgentEndpoint(options: SimAgentOptions): Promise<SimAgent> {
  const agent = await startAgentServer({
    host: options.host,
    port: options.port,
    tls: options.tls,
    dataSource: new StoreDataSource(options.company),
    token: options.token,
    maxPageSize: options.maxPageSize ?? 1000,
    maxKeysPerCall: 100,
    timeZone: options.company.timeZone,
    logger: options.logger,
    now: options.now,
  });
  let latencyMs = checkedLatency(options.latencyMs ?? 0);
  // Each SOAP POST's answer is held to the latency before the agent's own handlers see it.
  const handlers = agent.server.listeners('request').slice() as Array<
    (req: http.IncomingMessage, res: http.ServerResponse) => void
  >;
  agent.server.removeAllListeners('request');
  let calls = 0;
  let workMs = 0;
  agent.server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (req.method === 'POST') {
      calls++;
      // The latency is the agent's answer time, its own reading and writing inside it (a real
      // agent's ~200 ms per page holds its ODBC read): the call runs now, its answer leaves no
      // sooner than the latency after it arrived (ADR 0075); workMs says what the work took.
      const arrived = performance.now();
      answerNoSoonerThan(res, arrived + latencyMs, {
        arrived,
        onWorkDone: (ms) => (workMs += ms),
      });
    }
    for (const handler of handlers) handler.call(agent.server, req, res);
  });
  return {
    ...agent,
    setLatency: (ms) => {
      latencyMs = checkedLatency(ms);
    },
    get latencyMs() {
      return latencyMs;
    },
    get calls() {
      return calls;
    },
    get workMs() {
      return workMs;
    },
  };
}

/** The simulator's default agent token; printed at start, never used outside the simulator. */
export const SIM_AGENT_TOKEN = 'sim-agent-token-0123456789abcdef';

export class SimAgentUsageError extends Error {}

/**
 * The agent endpoint as `npm run sim:sage` starts it beside eBWS, from the CLI's extra options:
 * `--agent-port 8790` (0 = any free port; the default follows an eBWS `--port 0`),
 * `--agent-token <secret>`, `--agent-company ABC`, `--agent-latency-ms 200` (per call)
 * (default: the first company), `--no-agent`. Uses the eBWS endpoint's host and certificate.
 */
export async function startSimAgentFromCli(
  store: SageStore,
  rest: Record<string, string | boolean>,
  listen: { host: string; tls?: { cert: string; key: string }; defaultPort?: number },
  logger: Logger,
): Promise<{ lines: string[]; closers: Array<() => Promise<void>> }> {
  if (rest['no-agent'] === true)
    return { lines: ['  Agent:         off (--no-agent)'], closers: [] };
  const text = (name: string): string | undefined => {
    const value = rest[name];
    if (value === true) throw new SimAgentUsageError(`--${name} expects a value`);
    return value === false ? undefined : value;
  };
  const port = Number(text('agent-port') ?? listen.defaultPort ?? 8790);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new SimAgentUsageError('--agent-port expects a whole number 0..65535');
  }
  const token = text('agent-token') ?? SIM_AGENT_TOKEN;
  if (token.length < 24) throw new SimAgentUsageError('--agent-token needs at least 24 characters');
  const latencyText = text('agent-latency-ms') ?? '0';
  const latencyMs = Number(latencyText);
  if (!/^\d+$/.test(latencyText) || latencyMs > 60_000) {
    throw new SimAgentUsageError('--agent-latency-ms expects a whole number 0..60000');
  }
  const code = text('agent-company') ?? store.companies()[0]?.CompanyCode;
  const company = code ? store.company(code) : undefined;
  if (!company)
    throw new SimAgentUsageError(`--agent-company: no company ${code ?? '(none loaded)'}`);
  const agent = await startSimAgentEndpoint({
    company,
    token,
    host: listen.host,
    port,
    logger,
    now: store.clock,
    tls: listen.tls,
    latencyMs,
  });
  return {
    lines: [
      'Sage 100 agent (change feed, docs/agent.md)',
      `  Endpoint:      ${agent.url}   (WSDL: ${agent.url}?wsdl)`,
      `  Company:       ${company.code} (${company.timeZone})`,
      `  Agent token:   ${token}`,
      ...(latencyMs > 0 ? [`  Latency:       ${latencyMs} ms per call`] : []),
    ],
    closers: [agent.close],
  };
}
