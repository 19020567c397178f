import type { EntityName } from '../../../agent/entities.js';
import type { ExternalCall } from '../../metrics/external-calls.js';
import type { AgentClientOptions } from '../agent-client.js';
import {
  AgentAuthError,
  AgentFaultError,
  type AgentFaultCode,
  AgentResponseError,
  AgentTransportError,
} from '../agent-errors.js';
import type { ChainPage } from '../feed-chain.js';
import { FeedOrderError } from '../feed-page.js';
import { FeedWatermarkError } from '../feed-watermark.js';

/** What a stream is asked for: the feed settings of readChangesPage, and how far to read ahead. */
export interface ThreadStreamRequest {
  agent: AgentClientOptions;
  entity: EntityName;
  cursor: string | undefined;
  overlapSeconds: number;
  pageSize: number;
  timeZone: string;
  since?: Date;
  /** Pages read and not yet taken, at most, the read in flight included (as PageReader's depth). */
  depth: number;
}

/** What the feed thread is asked to read: an entity's pages from `cursor` on, `depth` ahead. */
export type OpenStream = Omit<ThreadStreamRequest, 'since'> & {
  type: 'open';
  id: number;
  /** The first page starts here when there is no cursor (epoch ms; a Date does not clone as one). */
  sinceMs?: number;
};

export type ToThread =
  | OpenStream
  | { type: 'take'; id: number }
  | { type: 'stop'; id: number }
  /** Builds the agent's client ahead of its first read (parsing the WSDL takes a while). */
  | { type: 'connect'; id: number; agent: AgentClientOptions };

/** One page as readChangesPage returns it. */
export type ThreadPage = ChainPage;

export type FromThread =
  | { type: 'page'; id: number; page: ThreadPage }
  | { type: 'error'; id: number; error: WireError }
  /** The agent's client asked for by `connect` `id` is built (or could not be). */
  | { type: 'connected'; id: number; error?: WireError }
  /** A pino line from the thread's logger, logged again by the main thread's. */
  | { type: 'log'; line: string }
  /** An HTTP call the thread made, counted by the main thread's metrics. */
  | { type: 'call'; call: ExternalCall };

/** An error as it crosses the thread boundary: its class by name and what rebuilds it. */
export interface WireError {
  name: string;
  message: string;
  stack?: string;
  host?: string;
  reason?: string;
  code?: string;
  detail?: string;
}

export function toWire(error: unknown): WireError {
  const e = error instanceof Error ? error : new Error(String(error));
  const fields = e as Error & Partial<Record<'host' | 'reason' | 'code' | 'detail', unknown>>;
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    name: e.name,
    message: e.message,
    stack: e.stack,
    host: text(fields.host),
    reason: text(fields.reason),
    code: text(fields.code),
    detail: text(fields.detail),
  };
}

/**
 * The same class on this side of the boundary, so the engine's `instanceof` checks (a transport
 * error retries the run, an auth error says to fix the token) hold whichever thread read the
 * page. The message and stack are the original's; a transport error's low-level cause does not
 * cross (it is not cloneable), its reason does.
 */
export function fromWire(wire: WireError): Error {
  const host = wire.host ?? '';
  let error: Error;
  switch (wire.name) {
    case 'AgentAuthError':
      error = new AgentAuthError(host);
      break;
    case 'AgentTransportError':
      error = new AgentTransportError(host, wire.reason ?? 'unknown error');
      break;
    case 'AgentFaultError':
      error = new AgentFaultError(
        host,
        (wire.code ?? 'Unknown') as AgentFaultCode,
        wire.detail ?? '',
      );
      break;
    case 'AgentResponseError':
      error = new AgentResponseError(host, '');
      break;
    case 'FeedOrderError':
      error = Reflect.construct(Error, [wire.message], FeedOrderError) as Error;
      error.name = wire.name;
      break;
    case 'FeedWatermarkError':
      error = new FeedWatermarkError('');
      break;
    default:
      error = new Error(wire.message);
      error.name = wire.name;
  }
  error.message = wire.message;
  if (wire.stack) error.stack = wire.stack;
  return error;
}
