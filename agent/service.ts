import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { readChangePage } from './change-reader.js';
import { creditStatusOf } from './credit-status.js';
import type { AgentDataSource } from './data-source.js';
import { ENTITY_KEYS, isEntityName, isRelationName, RELATIONS } from './entities.js';
import { agentFault, isSoapFault } from './faults.js';
import { readSageClock } from './sage-clock.js';
import type { SageRow } from './sage-row.js';
import { AGENT_VERSION, CONTRACT_VERSION } from './version.js';
import {
  getChangesRequest,
  getChildrenRequest,
  getCreditStatusRequest,
  getRecordsRequest,
  listRecordsRequest,
  tokenOnlyRequest,
  toWirePageEnd,
  toWireRecords,
} from './wire.js';

export interface AgentServiceOptions {
  dataSource: AgentDataSource;
  /** The shared secret every call but GetVersion must carry. */
  token: string;
  maxPageSize: number;
  maxKeysPerCall: number;
  /** The Sage server's IANA time zone (where DateUpdated/TimeUpdated are stamped). */
  timeZone: string;
  logger: Logger;
  /** The agent's clock; the simulator passes its own. */
  now?: () => Date;
}

type Handler = (args: unknown) => Promise<unknown>;

function sameSecret(given: string, expected: string): boolean {
  const a = crypto.createHash('sha256').update(given).digest();
  const b = crypto.createHash('sha256').update(expected).digest();
  return crypto.timingSafeEqual(a, b);
}

/**
 * The agent's operations as node-soap service handlers. Each parses its request with zod, checks
 * the token, reads through the data source and answers in agent.wsdl's shapes. Expected failures
 * become SOAP faults with an AgentFault code; anything else is logged and reported as a
 * DataSourceError without internals.
 */
export function createAgentHandlers(options: AgentServiceOptions): Record<string, Handler> {
  const { dataSource, logger } = options;
  const now = options.now ?? (() => new Date());
  const sageNow = () => readSageClock(now(), options.timeZone);

  // The token is checked before the request's shape, so a caller without it learns nothing.
  const parse = <S extends z.ZodType>(schema: S, args: unknown): z.output<S> => {
    const token = tokenOnlyRequest.safeParse(args ?? {});
    if (!token.success || !sameSecret(token.data.AgentToken, options.token)) {
      throw agentFault('AuthenticationFailed', 'the agent token is wrong');
    }
    const result = schema.safeParse(args ?? {});
    if (!result.success) {
      const detail = result.error.issues
        .map((i) => `${i.path.join('.') || 'request'}: ${i.message}`)
        .join('; ');
      throw agentFault('InvalidRequest', `malformed request: ${detail}`);
    }
    return result.data;
  };

  const guarded =
    (operation: string, handler: Handler): Handler =>
    async (args) => {
      const started = performance.now();
      try {
        const result = await handler(args);
        logger.debug({ operation, ms: Math.round(performance.now() - started) }, 'answered');
        return result;
      } catch (error) {
        if (isSoapFault(error)) {
          logger.warn(
            { operation, code: error.Fault.detail.AgentFault.Code },
            error.Fault.faultstring,
          );
          throw error;
        }
        logger.error({ operation, err: error }, 'agent operation failed');
        throw agentFault('DataSourceError', `reading Sage failed during ${operation}`);
      }
    };

  const entityOf = (name: string) => {
    if (!isEntityName(name)) throw agentFault('InvalidRequest', `unknown entity ${name}`);
    return name;
  };

  return {
    GetVersion: async () => ({ AgentVersion: AGENT_VERSION, ContractVersion: CONTRACT_VERSION }),

    GetHealth: guarded('GetHealth', async (args) => {
      parse(tokenOnlyRequest, args);
      let healthy = true;
      let message = 'ok';
      try {
        await dataSource.ping();
      } catch (error) {
        healthy = false;
        message = `the ${dataSource.kind} data source cannot be read: ${(error as Error).message}`;
        logger.warn({ err: error }, 'health check failed');
      }
      return {
        AgentVersion: AGENT_VERSION,
        ContractVersion: CONTRACT_VERSION,
        DataSource: dataSource.kind,
        Healthy: healthy,
        Message: message,
        MaxPageSize: options.maxPageSize,
        SageNow: sageNow(),
      };
    }),

    GetChanges: guarded('GetChanges', async (args) => {
      const request = parse(getChangesRequest, args);
      const entity = entityOf(request.Entity);
      if (request.PageSize < 1 || request.PageSize > options.maxPageSize) {
        throw agentFault('InvalidRequest', `PageSize must be 1 to ${options.maxPageSize}`);
      }
      if (request.After && request.After.key.length > ENTITY_KEYS[entity].length) {
        throw agentFault('InvalidRequest', `After.Key has more parts than ${entity}'s key`);
      }
      if (request.Known?.some((g) => g.digest === undefined && g.fingerprints === undefined)) {
        throw agentFault('InvalidRequest', 'a Known group needs a Digest or Fingerprints');
      }
      // Read the clock before the data: rows stamped after this reading are still ahead.
      const clock = sageNow();
      const page = await readChangePage(dataSource, entity, request.After, request.PageSize, {
        count: request.CountRemaining === true,
        known: request.Known,
      });
      // PageEnd first (ADR 0081): the next request needs only it, so a client can send that
      // request while this page's rows are still on the wire.
      return {
        PageEnd: toWirePageEnd(page.rows.at(-1), ENTITY_KEYS[entity], page.hasMore),
        Records: toWireRecords(page.rows),
        HasMore: page.hasMore,
        SageNow: clock,
        ...(page.remaining !== undefined ? { Remaining: page.remaining } : {}),
      };
    }),

    ListRecords: guarded('ListRecords', async (args) => {
      const request = parse(listRecordsRequest, args);
      const entity = entityOf(request.Entity);
      const keyColumns = ENTITY_KEYS[entity];
      if (request.PageSize < 1 || request.PageSize > options.maxPageSize) {
        throw agentFault('InvalidRequest', `PageSize must be 1 to ${options.maxPageSize}`);
      }
      if (request.AfterKey && request.AfterKey.length !== keyColumns.length) {
        throw agentFault('InvalidRequest', `${entity} keys have parts ${keyColumns.join(', ')}`);
      }
      const rows: SageRow[] = [];
      // One row beyond the page says whether more follow; the cursor is closed after it.
      for await (const row of dataSource.rowsInKeyOrder(entity, keyColumns, request.AfterKey)) {
        rows.push(row);
        if (rows.length > request.PageSize) break;
      }
      return {
        Records: toWireRecords(rows.slice(0, request.PageSize)),
        HasMore: rows.length > request.PageSize,
      };
    }),

    GetRecords: guarded('GetRecords', async (args) => {
      const request = parse(getRecordsRequest, args);
      const entity = entityOf(request.Entity);
      const keyColumns = ENTITY_KEYS[entity];
      if (request.Keys.length > options.maxKeysPerCall) {
        throw agentFault('InvalidRequest', `at most ${options.maxKeysPerCall} keys per call`);
      }
      const rows: SageRow[] = [];
      for (const key of request.Keys) {
        if (key.length !== keyColumns.length) {
          throw agentFault('InvalidRequest', `${entity} keys have parts ${keyColumns.join(', ')}`);
        }
        const equals = Object.fromEntries(keyColumns.map((column, i) => [column, key[i] ?? '']));
        rows.push(...(await dataSource.rowsWhere(entity, equals)));
      }
      return { Records: toWireRecords(rows) };
    }),

    GetChildren: guarded('GetChildren', async (args) => {
      const request = parse(getChildrenRequest, args);
      if (!isRelationName(request.Relation)) {
        throw agentFault('InvalidRequest', `unknown relation ${request.Relation}`);
      }
      const relation = RELATIONS[request.Relation];
      if (request.ParentKey.length !== relation.parentColumns.length) {
        throw agentFault(
          'InvalidRequest',
          `${request.Relation} needs the parent key ${relation.parentColumns.join(', ')}`,
        );
      }
      const equals = Object.fromEntries(
        relation.parentColumns.map((column, i) => [column, request.ParentKey[i] ?? '']),
      );
      return { Records: toWireRecords(await dataSource.rowsWhere(relation.table, equals)) };
    }),

    GetCreditStatus: guarded('GetCreditStatus', async (args) => {
      const request = parse(getCreditStatusRequest, args);
      const key = { ARDivisionNo: request.ARDivisionNo, CustomerNo: request.CustomerNo };
      const [customer] = await dataSource.rowsWhere('AR_Customer', key);
      if (!customer) {
        throw agentFault('NotFound', `no customer ${request.ARDivisionNo}-${request.CustomerNo}`);
      }
      return creditStatusOf(customer, await dataSource.rowsWhere('AR_OpenInvoice', key));
    }),
  };
}
