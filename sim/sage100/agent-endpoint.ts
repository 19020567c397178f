import type { Logger } from 'pino';
import type { AgentDataSource } from '../../agent/data-source.js';
import { NEVER_STAMPED, type SageRow as AgentRow } from '../../agent/sage-row.js';
import { startAgentServer, type RunningAgent } from '../../agent/server.js';
import { SAGE_TABLES, type SageCompanyData, type SageRow, type SageTableName } from './store.js';

/**
 * The agent's endpoint in the simulator: the real agent code (agent/server.ts) over the same
 * company store the eBWS simulator writes, so a write through eBWS shows up in the feed, and a
 * store bulkImport changes rows without moving DateUpdated, as Visual Integrator does.
 */

/** Store values in the agent's Sage formats: strings, with Sage's blank dates as null. */
function toAgentRow(row: SageRow): AgentRow {
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

const dateOf = (row: SageRow) => String(row.DateUpdated ?? '') || NEVER_STAMPED;

/** An AgentDataSource reading one company of the simulator's store. */
export class StoreDataSource implements AgentDataSource {
  readonly kind = 'simulator';

  constructor(private readonly company: SageCompanyData) {}

  async rowsUpdatedOn(table: string, date: string): Promise<AgentRow[]> {
    return this.company
      .list(tableOf(table))
      .filter((row) => dateOf(row) === date)
      .map(toAgentRow);
  }

  async *rowsUpdatedAfter(table: string, date: string): AsyncIterable<AgentRow> {
    const rows = this.company
      .list(tableOf(table))
      .filter((row) => dateOf(row) > date)
      .sort((a, b) => (dateOf(a) < dateOf(b) ? -1 : dateOf(a) > dateOf(b) ? 1 : 0));
    for (const row of rows) yield toAgentRow(row);
  }

  async rowsWhere(table: string, equals: Readonly<Record<string, string>>): Promise<AgentRow[]> {
    return this.company.list(tableOf(table), equals).map(toAgentRow);
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
}

/** Serves the real agent over one simulated company; the agent's time zone is the company's. */
export function startSimAgentEndpoint(options: SimAgentOptions): Promise<RunningAgent> {
  return startAgentServer({
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
}
