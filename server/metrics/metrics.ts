import client from 'prom-client';
import type { Repositories } from '../db/repositories/index.js';
import { isFailing, type ModuleOutcome } from '../db/repositories/module-outcomes.js';
import type { Logger } from '../logging.js';
import { isFinalStatus } from '../sync/vocabulary.js';
import { TOKEN_REFUSED_CHANNEL } from '../zoho/oauth.js';
import { observeExternalCalls } from './external-calls.js';

/** Zoho's token-endpoint error codes, as labels. */
const KNOWN_REFUSALS = new Set([
  'invalid_code',
  'invalid_grant',
  'invalid_client',
  'invalid_client_secret',
  'Access Denied',
]);

export interface MetricsDeps {
  repos: Pick<Repositories, 'runs' | 'tenants' | 'zohoCredits' | 'deliveries' | 'moduleOutcomes'>;
  /** The last credits-remaining Zoho reported per tenant, when it did. */
  creditsRemaining?: (tenantId: string) => number | undefined;
  /**
   * Credits spent in the rolling 24 hours, those the client's ledger has not written yet included
   * (ADR 0071); without it, what the database holds.
   */
  creditsUsed?: (tenantId: string) => Promise<number>;
  logger: Logger;
}

/**
 * The process's Prometheus metrics (ADR 0051, docs/operations.md): runs by module, kind and
 * status with their duration, records by action, outgoing calls per system, Zoho credits and
 * token requests, the queue of runs waiting, and notification deliveries. Counters move as runs
 * finish in this process; gauges are read from storage at each scrape, so any process of a fleet
 * reports the shared queue and credits.
 */
export class Metrics {
  readonly registry = new client.Registry();
  private readonly runs: client.Counter<'module' | 'kind' | 'status'>;
  private readonly records: client.Counter<'module' | 'action'>;
  private readonly duration: client.Histogram<'module' | 'kind'>;
  private readonly stopObserving: () => void;

  constructor(private readonly deps: MetricsDeps) {
    const registers = [this.registry];
    client.collectDefaultMetrics({ register: this.registry, prefix: 'sync_process_' });
    this.runs = new client.Counter({
      name: 'sync_runs_total',
      help: 'Runs finished, by module, kind and final status',
      labelNames: ['module', 'kind', 'status'],
      registers,
    });
    this.records = new client.Counter({
      name: 'sync_records_total',
      help: 'Records decided by finished runs, by module and action',
      labelNames: ['module', 'action'],
      registers,
    });
    this.duration = new client.Histogram({
      name: 'sync_run_duration_seconds',
      help: 'Run duration from start to finish',
      labelNames: ['module', 'kind'],
      buckets: [0.5, 1, 5, 15, 60, 300, 900, 3600, 14_400],
      registers,
    });
    const calls = new client.Counter({
      name: 'sync_external_calls_total',
      help: 'Outgoing HTTP calls by system (zoho, ebws, agent) and outcome (error: network, 5xx, 429)',
      labelNames: ['system', 'outcome'],
      registers,
    });
    const latency = new client.Histogram({
      name: 'sync_external_call_duration_seconds',
      help: 'Outgoing HTTP call latency by system',
      labelNames: ['system'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    const tokenRequests = new client.Counter({
      name: 'sync_zoho_token_requests_total',
      help: 'Requests to Zoho for an access token (refreshes), by outcome',
      labelNames: ['outcome'],
      registers,
    });
    const tokenRefusals = new client.Counter({
      name: 'sync_zoho_token_refusals_total',
      help: 'Token requests Zoho refused, by its error (invalid_code: the grant was revoked or expired)',
      labelNames: ['reason'],
      registers,
    });
    const refused = (msg: unknown) => {
      const { reason } = msg as { reason: string };
      // Zoho's own codes; anything else is one label value, so the series stay few.
      tokenRefusals.inc({ reason: KNOWN_REFUSALS.has(reason) ? reason : 'other' });
    };
    TOKEN_REFUSED_CHANNEL.subscribe(refused);
    const stopCalls = observeExternalCalls({ calls, latency, tokenRequests });
    this.stopObserving = () => {
      TOKEN_REFUSED_CHANNEL.unsubscribe(refused);
      stopCalls();
    };

    const { repos } = deps;
    new client.Gauge({
      name: 'sync_run_queue_depth',
      help: 'Runs queued and not yet started, all tenants',
      registers,
      async collect() {
        this.set((await repos.runs.queueStats()).queued);
      },
    });
    new client.Gauge({
      name: 'sync_run_queue_oldest_age_seconds',
      help: 'How long the oldest queued run has waited (0 when none waits)',
      registers,
      async collect() {
        const { oldestQueuedAt } = await repos.runs.queueStats();
        this.set(
          oldestQueuedAt ? Math.max(0, (Date.now() - Date.parse(oldestQueuedAt)) / 1000) : 0,
        );
      },
    });
    const creditsRemaining = deps.creditsRemaining;
    new client.Gauge({
      name: 'sync_zoho_credits_used',
      help: 'Zoho API credits used in the last 24 hours, per tenant',
      labelNames: ['tenant'],
      registers,
      async collect() {
        this.reset();
        for (const t of await repos.tenants.list()) {
          const used = deps.creditsUsed ?? ((id) => repos.zohoCredits.usedInLast24h(id));
          this.set({ tenant: t.id }, await used(t.id));
        }
      },
    });
    new client.Gauge({
      name: 'sync_zoho_credits_remaining',
      help: 'Zoho API credits left, per tenant, as Zoho last reported (sent past 50 % use)',
      labelNames: ['tenant'],
      registers,
      async collect() {
        this.reset();
        if (!creditsRemaining) return;
        for (const t of await repos.tenants.list()) {
          const left = creditsRemaining(t.id);
          if (left !== undefined) this.set({ tenant: t.id }, left);
        }
      },
    });
    // Shared, per tenant and module: counters above are per process and carry no tenant, so an
    // alert on "no good run for two hours" or "failing now" needs these (docs/operations.md).
    const secondsOf = (iso: string) => Date.parse(iso) / 1000;
    const eachOutcome = async (set: (tenant: string, outcome: ModuleOutcome) => void) => {
      for (const t of await repos.tenants.list()) {
        for (const o of await repos.moduleOutcomes.ofTenant(t.id)) set(t.id, o);
      }
    };
    new client.Gauge({
      name: 'sync_module_last_success_timestamp_seconds',
      help: 'When the newest succeeded or partial run of a module ended (Unix time), per tenant',
      labelNames: ['tenant', 'module'],
      registers,
      async collect() {
        this.reset();
        await eachOutcome((tenant, o) => {
          if (o.lastSuccessAt) this.set({ tenant, module: o.module }, secondsOf(o.lastSuccessAt));
        });
      },
    });
    new client.Gauge({
      name: 'sync_module_failing',
      help: '1 when the newest finished run of a module failed (no good run since), else 0, per tenant',
      labelNames: ['tenant', 'module'],
      registers,
      async collect() {
        this.reset();
        await eachOutcome((tenant, o) => {
          this.set({ tenant, module: o.module }, isFailing(o) ? 1 : 0);
        });
      },
    });
    new client.Gauge({
      name: 'sync_notification_deliveries',
      help: 'Notification deliveries by channel and status, all tenants',
      labelNames: ['channel', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const r of await repos.deliveries.countByStatus()) {
          this.set({ channel: r.channel, status: r.status }, r.n);
        }
      },
    });
  }

  /** A run finished in this process: its status, records and duration. */
  runFinished(tenantId: string, runId: string): void {
    this.deps.repos.runs
      .get(tenantId, runId)
      .then((run) => {
        if (!run || !isFinalStatus(run.status)) return;
        this.runs.inc({ module: run.module, kind: run.kind, status: run.status });
        for (const [action, n] of Object.entries(run.counts)) {
          if (n > 0) this.records.inc({ module: run.module, action }, n);
        }
        if (run.finishedAt) {
          const seconds = (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000;
          this.duration.observe({ module: run.module, kind: run.kind }, Math.max(0, seconds));
        }
      })
      .catch((err: unknown) => this.deps.logger.warn({ err, runId }, 'run metrics not recorded'));
  }

  close(): void {
    this.stopObserving();
  }
}
