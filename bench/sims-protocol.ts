import type { SageRow, SageTableName } from '../sim/sage100/store.js';

/**
 * What bench/split-rig.ts and the simulators' process (bench/sims-process.ts) say to each other
 * over the IPC channel, and the credentials both use. Its own module: importing a value from
 * sims-process.ts would run that file, and start a second set of simulators in the parent that
 * keep its process from ever exiting.
 */
export type SimsRequest =
  | { op: 'insert'; table: SageTableName; rows: SageRow[] }
  | { op: 'latency'; zohoMs?: number; ebwsMs?: number; agentMs?: number }
  | { op: 'advance'; seconds: number }
  | { op: 'stats' }
  | { op: 'close' }
  // The Zoho → Sage benchmark's: accounts made and edited as CRM users would, eBWS calls by name.
  | { op: 'seedZoho'; module: string; records: Array<Record<string, unknown>> }
  | {
      op: 'editZoho';
      module: string;
      edits: Array<{ id: string; changes: Record<string, unknown> }>;
    }
  | { op: 'zohoRecords'; module: string }
  | { op: 'ebwsCalls' };

/** eBWS operations the Sage simulator received so far, by name ("UpdateCustomer": 1000). */
export type EbwsCallCounts = Record<string, number>;

export interface SimsReady {
  sageUrl: string;
  agentUrl: string;
  zohoUrl: string;
  orgId: string;
  dc: string;
  /** The org's edition, as the connect flow stores it (it sets the client's concurrency). */
  edition: string;
  refreshToken: string;
}

export interface SimsStats {
  zohoCalls: number;
  agentCalls: number;
  /** The simulators' own time over their calls, in ms, the latency left out (ADR 0075). */
  agentWorkMs?: number;
  zohoWorkMs?: number;
  /** process.cpuUsage() of this process: user and system µs since it started. */
  cpu: NodeJS.CpuUsage;
}

export const CLIENT = { id: '1000.BENCHCLIENT', secret: 'bench-client-secret' };
export const AGENT_TOKEN = 'bench-sims-agent-token-0123456789abcdef';
export const REDIRECT = 'http://127.0.0.1:9/oauth/zoho/callback';
