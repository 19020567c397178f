import http from 'node:http';
import https from 'node:https';
import type { Logger } from 'pino';
import * as soap from 'soap';
import type { z } from 'zod';
import { AGENT_CLIENT_IDLE_MS, AGENT_WSDL_PATH } from '../../agent/contract.js';
import type { EntityName, RelationName } from '../../agent/entities.js';
import type { KnownGroup } from '../../agent/stamp-groups.js';
import { CONTRACT_VERSION } from '../../agent/version.js';
import {
  AgentAuthError,
  AgentFaultError,
  type AgentFaultCode,
  AgentResponseError,
  AgentTransportError,
} from './agent-errors.js';
import {
  changesSchema,
  creditStatusSchema,
  faultSchema,
  healthSchema,
  listRecordsSchema,
  recordsResponseSchema,
  versionSchema,
  type AgentChangePage,
  type AgentHealth,
  type AgentPageEnd,
  type CreditStatus,
  type SageRecord,
} from './agent-schemas.js';
import { AgentHttpClient } from './agent-http.js';
import { readPageEnd } from './agent-page-end.js';
import { readAgentAnswer } from './agent-xml.js';

export interface AgentClientOptions {
  /** The agent's SOAP endpoint, e.g. https://sage-server:8790/agent. */
  url: string;
  token: string;
  /** Per-call timeout. */
  timeoutMs: number;
  /** PEM of a CA (or the agent's self-signed certificate) to trust for HTTPS. */
  ca?: string;
}

/** A position in the feed's order, as the agent's contract has it. */
export interface AgentPosition {
  date: string;
  time: string;
  key: string[];
}

const FAULT_CODES = new Set<string>(['InvalidRequest', 'NotFound', 'DataSourceError']);

/**
 * The backend's SOAP client for the on-premises agent, built from the agent's own WSDL file.
 * Every answer is checked with zod; every failure is one of the AgentError types.
 */
export class AgentClient {
  readonly host: string;

  private constructor(
    private readonly client: soap.Client,
    private readonly options: AgentClientOptions,
    private readonly logger: Logger,
    private readonly agent: http.Agent | https.Agent,
  ) {
    this.host = new URL(options.url).host;
  }

  /** How this client reaches its agent (the feed thread builds its own client from it). */
  get connection(): AgentClientOptions {
    return { ...this.options };
  }

  static async create(options: AgentClientOptions, logger: Logger): Promise<AgentClient> {
    const client = await soap.createClientAsync(AGENT_WSDL_PATH, {
      endpoint: options.url,
      httpClient: new AgentHttpClient(),
    });
    // Pages of records are read by the fast reader (a feed page is most of the backend's CPU in
    // node-soap's parser); everything else, faults included, by node-soap as before.
    const wsdl = client.wsdl as unknown as {
      xmlToObject(xml: unknown, callback?: unknown): unknown;
    };
    const soapRead = wsdl.xmlToObject.bind(wsdl);
    wsdl.xmlToObject = (xml, callback) =>
      (typeof xml === 'string' && callback === undefined && readAgentAnswer(xml)) ||
      soapRead(xml, callback);
    const agent = options.url.startsWith('https:')
      ? new https.Agent({ keepAlive: true, timeout: AGENT_CLIENT_IDLE_MS, ca: options.ca })
      : new http.Agent({ keepAlive: true, timeout: AGENT_CLIENT_IDLE_MS });
    return new AgentClient(
      client,
      options,
      logger.child({ component: 'sage-agent-client' }),
      agent,
    );
  }

  async version(): Promise<{ agentVersion: string; contractVersion: string }> {
    return this.call('GetVersion', {}, versionSchema);
  }

  /** The agent's versions, whether it can read Sage, its page-size limit and Sage's clock. */
  async health(): Promise<AgentHealth> {
    const health = await this.call('GetHealth', { AgentToken: this.options.token }, healthSchema);
    if (health.contractVersion !== CONTRACT_VERSION) {
      throw new AgentResponseError(
        this.host,
        `contract version ${health.contractVersion}, expected ${CONTRACT_VERSION}; update the agent`,
      );
    }
    return health;
  }

  /**
   * One page of rows after `after` in (DateUpdated, TimeUpdated, key) order; with `count`, the
   * agent also says how many rows follow `after` (one COUNT on its side: asked once per poll);
   * with `known`, it leaves out the stamp groups the caller holds (agent/stamp-groups.ts);
   * `onPageEnd` is told the page's end (its last row's position, whether more follow) as soon as
   * it arrives, ahead of the rows, when the agent writes it first (ADR 0081). It is not checked
   * against the rows: the caller compares it with the page.
   */
  async getChanges(
    entity: EntityName,
    after: AgentPosition | undefined,
    pageSize: number,
    options: {
      count?: boolean;
      known?: readonly KnownGroup[];
      onPageEnd?: (end: AgentPageEnd) => void;
    } = {},
  ): Promise<AgentChangePage> {
    const args: Record<string, unknown> = { AgentToken: this.options.token, Entity: entity };
    if (after) {
      args.After = {
        Date: after.date,
        Time: after.time,
        ...(after.key.length ? { Key: { Part: after.key } } : {}),
      };
    }
    args.PageSize = pageSize;
    if (options.count) args.CountRemaining = true;
    if (options.known?.length) {
      args.Known = {
        Group: options.known.map((g) => ({
          Date: g.date,
          Time: g.time,
          Count: g.count,
          ...(g.digest !== undefined ? { Digest: g.digest } : {}),
          ...(g.fingerprints !== undefined ? { Fingerprints: g.fingerprints } : {}),
        })),
      };
    }
    const onPageEnd = options.onPageEnd;
    const watch = onPageEnd && {
      onBodyStart: (start: string) => {
        const end = readPageEnd(start);
        if (end === 'later') return false;
        if (end) onPageEnd(end);
        return true;
      },
    };
    return this.call('GetChanges', args, changesSchema, watch);
  }

  /** Every row in primary-key order after `afterKey` (omitted: from the first), one page. */
  async listRecords(
    entity: EntityName,
    afterKey: string[] | undefined,
    pageSize: number,
  ): Promise<{ records: SageRecord[]; hasMore: boolean }> {
    const args: Record<string, unknown> = { AgentToken: this.options.token, Entity: entity };
    if (afterKey) args.AfterKey = { Part: afterKey };
    args.PageSize = pageSize;
    return this.call('ListRecords', args, listRecordsSchema);
  }

  /** Rows by primary key (key parts in the entity's key order); missing keys are left out. */
  async getRecords(entity: EntityName, keys: string[][]): Promise<SageRecord[]> {
    if (keys.length === 0) return [];
    return this.call(
      'GetRecords',
      {
        AgentToken: this.options.token,
        Entity: entity,
        Keys: { Key: keys.map((Part) => ({ Part })) },
      },
      recordsResponseSchema,
    );
  }

  /** Child rows: CustomerContacts / OpenInvoices of [ARDivisionNo, CustomerNo], SalesOrderLines of [SalesOrderNo], InvoiceLines of [InvoiceNo, HeaderSeqNo]. */
  async getChildren(relation: RelationName, parentKey: string[]): Promise<SageRecord[]> {
    return this.call(
      'GetChildren',
      { AgentToken: this.options.token, Relation: relation, ParentKey: { Part: parentKey } },
      recordsResponseSchema,
    );
  }

  /** A customer's credit position; AgentFaultError with code NotFound when it does not exist. */
  async getCreditStatus(arDivisionNo: string, customerNo: string): Promise<CreditStatus> {
    return this.call(
      'GetCreditStatus',
      { AgentToken: this.options.token, ARDivisionNo: arDivisionNo, CustomerNo: customerNo },
      creditStatusSchema,
    );
  }

  private async call<S extends z.ZodType>(
    operation: string,
    args: object,
    schema: S,
    /** More of the call's options (AgentHttpClient's onBodyStart). */
    more: object = {},
  ): Promise<z.output<S>> {
    const method = (
      this.client as unknown as Record<string, (a: object, o: object) => Promise<unknown[]>>
    )[`${operation}Async`];
    if (!method) throw new AgentResponseError(this.host, `the WSDL has no operation ${operation}`);
    const send = () =>
      method.call(this.client, args, {
        timeout: this.options.timeoutMs,
        httpAgent: this.agent,
        httpsAgent: this.agent,
        ...more,
      });
    let result: unknown;
    try {
      try {
        [result] = await send();
      } catch (error) {
        // A kept-alive socket the agent closed as the request left resets; every agent operation
        // is a read, so sending it once more on a fresh socket is safe.
        if (!isConnectionReset(error)) throw error;
        this.logger.warn({ operation, host: this.host }, 'agent connection reset; retrying once');
        [result] = await send();
      }
    } catch (error) {
      throw this.classify(operation, error);
    }
    const parsed = schema.safeParse(result ?? {});
    if (!parsed.success) {
      const detail = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
      throw new AgentResponseError(this.host, `${operation}: ${detail}`);
    }
    return parsed.data;
  }

  private classify(operation: string, error: unknown): Error {
    const e = error as {
      root?: { Envelope?: { Body?: { Fault?: unknown } } };
      response?: { status?: number };
      code?: string;
      message?: string;
    };
    const fault = faultSchema.safeParse(e.root?.Envelope?.Body?.Fault);
    if (e.root?.Envelope?.Body?.Fault && fault.success) {
      const code = fault.data.detail?.AgentFault?.Code ?? 'Unknown';
      const message = fault.data.detail?.AgentFault?.Message ?? fault.data.faultstring ?? '';
      if (code === 'AuthenticationFailed') return new AgentAuthError(this.host);
      this.logger.warn({ operation, code, host: this.host }, 'agent fault');
      return new AgentFaultError(
        this.host,
        (FAULT_CODES.has(code) ? code : 'Unknown') as AgentFaultCode,
        message,
      );
    }
    const reason =
      e.code ?? (e.response?.status ? `HTTP ${e.response.status}` : (e.message ?? 'unknown error'));
    this.logger.warn({ operation, reason, host: this.host }, 'agent unreachable');
    return new AgentTransportError(this.host, reason, error);
  }

  close(): void {
    this.agent.destroy();
  }
}

const RESET_CODES = new Set(['ECONNRESET', 'EPIPE']);

function isConnectionReset(error: unknown): boolean {
  const e = error as { code?: string; message?: string; response?: unknown; root?: unknown };
  if (e.response || e.root) return false; // the agent answered: not a dead socket
  return (e.code !== undefined && RESET_CODES.has(e.code)) || e.message === 'socket hang up';
}
