import type { Repositories } from '../../db/repositories/index.js';
import type { JobRunner } from '../../jobs/runner.js';
import type { TenantLock } from '../../jobs/tenant-lock.js';
import type { Notifier } from '../../notify/notifier.js';
import type { Logger } from '../../logging.js';
import type { AgentClients } from '../../sage/agent-clients.js';
import type { RequireSession } from '../auth/require-session.js';
import type { TenantEngineOpener } from './engine-access.js';
import type { ZohoRecordsApi } from '../../zoho/records-api.js';
import type { ZohoMetadataApi } from '../../zoho/metadata-api.js';
import type { ZohoCreditCap } from '../../zoho/credit-cap.js';
import type { ZohoModuleAvailability } from '../../zoho/module-availability.js';
import type { ZohoFieldLister } from './known-fields.js';

/** What the /api/v1 routes are built from (see compose.ts for the production wiring). */
export interface ApiDeps {
  requireSession: RequireSession;
  repos: Repositories;
  openEngine: TenantEngineOpener;
  /** The Zoho org's field names, for checking mappings; absent when Zoho is not configured. */
  listZohoFields?: ZohoFieldLister;
  /** The tenant's Zoho metadata (org, users, fields with labels); absent without a Zoho client. */
  zohoMetadata?: (tenantId: string) => Pick<ZohoMetadataApi, 'getOrg' | 'getUser' | 'getFields'>;
  /** Which modules the tenant's Zoho org has (edition, GL module created); absent without Zoho. */
  moduleAvailability?: Pick<ZohoModuleAvailability, 'check' | 'edition' | 'forget'>;
  /** The tenant's daily Zoho credits against this product's share (GET /health). */
  creditCap?: Pick<ZohoCreditCap, 'standing'>;
  /** The tenant's Zoho records (a Deal's panel reads its orders and invoices); absent likewise. */
  zohoRecords?: (tenantId: string) => Pick<ZohoRecordsApi, 'getRecord' | 'coql'>;
  sage: {
    /** eBWS timeout of the connection test (the admin is waiting). */
    testTimeoutMs: number;
    agentTimeoutMs: number;
    /** Extra CAs trusted for Sage servers and agents with a private CA. */
    ca?: string;
    /** The process's per-tenant agent clients, so a status panel does not rebuild one. */
    agents?: AgentClients;
  };
  /** Carries out queued runs (the job runner; it works them even when scheduling is off). */
  jobs: Pick<JobRunner, 'submit'>;
  /** The tenants' lock the jobs hold: "Sync to Sage", event replays and decisions take it too. */
  lock: TenantLock;
  runs: {
    /** How long a call waits for a tenant's running sync before answering 409. */
    lockWaitMs: number;
    /** "Sync to Sage" answers by then; past it, 202 with the run to follow. */
    recordDeadlineMs: number;
    /** How often a run's event stream looks for progress. */
    streamPollMs: number;
  };
  /**
   * Where the CRM shows a record (`{module}` and `{id}` filled in by the widget), when it is not
   * Zoho's own web app: the local sandbox's CRM pages. Without it, Zoho's URL for the data centre.
   */
  zohoRecordUrlTemplate?: string;
  /** Sends the settings screen's test notification; absent when notifications are not wired. */
  notifier?: Pick<Notifier, 'sendTest'>;
  /** Webhook URLs may name loopback, private and metadata addresses (NOTIFY_ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivateWebhooks?: boolean;
  /** Told of runs finished in a request (notifications); never holds the answer up. */
  onRunFinished?: (tenantId: string, runId: string) => void;
  logger: Logger;
}
