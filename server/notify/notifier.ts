import type { Repositories } from '../db/repositories/index.js';
import type {
  Delivery,
  DeliveryKind,
  NotificationSettings,
} from '../db/repositories/notifications.js';
import type { Run } from '../db/repositories/runs.js';
import type { Logger } from '../logging.js';
import { isFinalStatus } from '../sync/vocabulary.js';
import { digestEmail, runEmail, runPayload, type EmailMessage } from './message.js';
import { postWebhook, type AttemptResult, type EmailSender } from './transports.js';
import type { Lookup } from './webhook-address.js';

export interface NotifierOptions {
  repos: Pick<Repositories, 'notificationSettings' | 'deliveries' | 'runs' | 'tenants'>;
  logger: Logger;
  email: EmailSender;
  /** The link to a run; `{runId}` is replaced. */
  runLink: string;
  /** Attempts per delivery (email and webhook), and the first retry's delay (doubling after). */
  maxAttempts: number;
  retryBaseMs: number;
  webhookTimeoutMs: number;
  /** Webhooks may reach loopback, private and metadata addresses (the sandbox, tests). */
  allowInternalWebhooks: boolean;
  /** The webhooks' resolver; the system's by default. */
  lookup?: Lookup;
  now?: () => Date;
  /** Told of every settled attempt (metrics). */
  onAttempt?: (channel: Delivery['channel'], outcome: 'delivered' | 'retry' | 'failed') => void;
}

/** Runs worth telling the "failures only" audience about: failed, or ended with work undone. */
const FAILURES = new Set(['failed', 'partial']);
/** Longest wait between two attempts. */
const MAX_BACKOFF_MS = 6 * 3600_000;

/**
 * Tells each tenant's people how runs went: email and/or a signed webhook, for failures only,
 * every run, or a daily digest (ADR 0051). Every message is stored as a delivery first and then
 * attempted, retried with backoff while it may still get through; one that cannot be delivered
 * is logged and listed as failed. Nothing here ever throws into, or waits inside, a run.
 */
export class Notifier {
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(private readonly o: NotifierOptions) {}

  private now(): Date {
    return this.o.now?.() ?? new Date();
  }

  linkOf(runId: string): string {
    return this.o.runLink.replace('{runId}', encodeURIComponent(runId));
  }

  /** A run finished: notifies in the background, as the tenant's settings say. */
  runFinished(tenantId: string, runId: string): void {
    this.track(
      this.notifyRun(tenantId, runId).catch((err: unknown) =>
        this.o.logger.error({ tenantId, runId, err }, 'run notification not sent'),
      ),
    );
  }

  async notifyRun(tenantId: string, runId: string): Promise<Delivery[]> {
    const settings = await this.o.repos.notificationSettings.get(tenantId);
    if (!settings || settings.mode === 'off' || settings.mode === 'digest') return [];
    const run = await this.o.repos.runs.get(tenantId, runId);
    if (!run || run.dryRun || !isFinalStatus(run.status)) return [];
    let recovered = false;
    if (settings.mode === 'failures') {
      const previous = await this.previousOf(run);
      const wasFailing = previous?.status === 'failed';
      if (FAILURES.has(run.status)) {
        // A module failing at every slot the same way was told once: tell what changes. Not
        // partial runs: their failed records are new ones each time (the next run does not
        // retry them), so the same count is news.
        if (run.status === 'failed' && wasFailing && previous.reason === run.reason) {
          this.o.logger.info(
            { tenantId, runId, module: run.module, status: run.status, previousRunId: previous.id },
            'run notification not sent: the same as the previous run of the module',
          );
          return [];
        }
      } else if (run.status === 'succeeded' && wasFailing) recovered = true;
      else return [];
    }
    const org = await this.orgName(tenantId);
    const link = this.linkOf(run.id);
    return this.send(
      settings,
      'run',
      run.id,
      runEmail(run, org, link, recovered),
      runPayload(run, org, link, recovered),
    );
  }

  /** The module's finished run before `run`, of the same sort (a module run or "Sync to Sage"). */
  private async previousOf(run: Run): Promise<Run | undefined> {
    const recent = await this.o.repos.runs.listRecent(run.tenantId, {
      module: run.module,
      limit: 20,
    });
    return recent.find(
      (r) =>
        r.id !== run.id &&
        r.startedAt <= run.startedAt &&
        !r.dryRun &&
        (r.kind === 'record') === (run.kind === 'record') &&
        // Cancelled runs say nothing about whether the module syncs.
        (r.status === 'succeeded' || FAILURES.has(r.status)),
    );
  }

  /** A test message to every configured channel (the settings screen's "Send a test"). */
  async sendTest(tenantId: string): Promise<Delivery[]> {
    const settings = await this.o.repos.notificationSettings.get(tenantId);
    if (!settings) return [];
    const org = await this.orgName(tenantId);
    const message: EmailMessage = {
      subject: '[Sage 100 Sync] test notification',
      text: `${org}: notifications reach you here.`,
      html: `<p>${org.replace(/[<&>]/g, '')}: notifications reach you here.</p>`,
    };
    return this.send(settings, 'test', undefined, message, { type: 'test', organisation: org });
  }

  /** Yesterday's runs in one message, to tenants whose setting is the daily digest. */
  async digest(): Promise<number> {
    const to = this.now();
    const from = new Date(to.getTime() - 86_400_000);
    let sent = 0;
    for (const tenantId of await this.o.repos.notificationSettings.digestTenants()) {
      try {
        const settings = (await this.o.repos.notificationSettings.get(tenantId))!;
        const runs = (
          await this.o.repos.runs.listRecent(tenantId, { since: from.toISOString(), limit: 1000 })
        ).filter((r) => !r.dryRun && isFinalStatus(r.status));
        const org = await this.orgName(tenantId);
        const period = { from: from.toISOString(), to: to.toISOString() };
        const payload = {
          type: 'runs.digest',
          organisation: org,
          period,
          runs: runs.map((r) => runPayload(r, org, this.linkOf(r.id)).run),
        };
        await this.send(
          settings,
          'digest',
          undefined,
          digestEmail(runs, org, (id) => this.linkOf(id), period),
          payload,
        );
        sent++;
      } catch (err) {
        this.o.logger.error({ tenantId, err }, 'notification digest not sent');
      }
    }
    return sent;
  }

  /** Attempts every delivery whose retry is due (timers and the maintenance sweep call it). */
  async retryDue(dueBy?: Date): Promise<number> {
    // A retry's timer was set for the instant its delivery is due: a timer may fire a
    // millisecond before the wall clock reaches it, and that delivery must not be missed (nothing
    // else would try it before the next maintenance job).
    const now = this.now();
    const at = dueBy && dueBy > now ? dueBy : now;
    const due = await this.o.repos.deliveries.due(at.toISOString());
    for (const d of due) await this.attempt(d);
    return due.length;
  }

  /** Waits for attempts in flight (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.idle();
  }

  private async send(
    settings: NotificationSettings,
    kind: DeliveryKind,
    runId: string | undefined,
    email: EmailMessage,
    body: Record<string, unknown>,
  ): Promise<Delivery[]> {
    const { deliveries } = this.o.repos;
    const made: Delivery[] = [];
    const base = { tenantId: settings.tenantId, kind, runId };
    if (settings.emails.length > 0) {
      const target = settings.emails.join(', ');
      made.push(await deliveries.add({ ...base, channel: 'email', target, payload: email }));
    }
    if (settings.webhookUrl) {
      const target = settings.webhookUrl;
      made.push(await deliveries.add({ ...base, channel: 'webhook', target, payload: body }));
    }
    for (const d of made) await this.attempt(d);
    return Promise.all(made.map(async (d) => (await deliveries.get(d.tenantId, d.id)) ?? d));
  }

  private async attempt(d: Delivery): Promise<void> {
    const { deliveries } = this.o.repos;
    const started = this.now();
    const lease = new Date(started.getTime() + this.o.webhookTimeoutMs + 30_000).toISOString();
    if (!(await deliveries.claim(d, lease))) return; // another process has this attempt
    const attempts = d.attempts + 1;
    let result: AttemptResult;
    try {
      result = await this.deliver(d);
    } catch (err) {
      result = {
        ok: false,
        error: err instanceof Error ? err.message : String(err),
        retryable: true,
      };
    }
    const log = {
      tenantId: d.tenantId,
      deliveryId: d.id,
      channel: d.channel,
      runId: d.runId,
      attempts,
    };
    if (result.ok) {
      await deliveries.settle(d, { status: 'delivered', responseStatus: result.responseStatus });
      this.o.onAttempt?.(d.channel, 'delivered');
      return;
    }
    if (result.retryable && attempts < this.o.maxAttempts) {
      const delay = Math.min(this.o.retryBaseMs * 2 ** (attempts - 1), MAX_BACKOFF_MS);
      const nextAt = new Date(this.now().getTime() + delay);
      const next = nextAt.toISOString();
      await deliveries.settle(d, {
        status: 'pending',
        nextAttemptAt: next,
        error: result.error,
        responseStatus: result.responseStatus,
      });
      this.o.logger.warn(
        { ...log, error: result.error, retryAt: next },
        'notification not delivered yet: will retry',
      );
      this.o.onAttempt?.(d.channel, 'retry');
      this.retryIn(delay, nextAt);
      return;
    }
    await deliveries.settle(d, {
      status: 'failed',
      error: result.error,
      responseStatus: result.responseStatus,
    });
    this.o.logger.error({ ...log, error: result.error }, 'notification could not be delivered');
    this.o.onAttempt?.(d.channel, 'failed');
  }

  private async deliver(d: Delivery): Promise<AttemptResult> {
    if (d.channel === 'email') {
      return this.o.email.send(d.target.split(', '), d.payload as EmailMessage);
    }
    const settings = await this.o.repos.notificationSettings.get(d.tenantId);
    if (!settings?.webhookSecret) {
      return { ok: false, error: 'the webhook has no signing secret any more', retryable: false };
    }
    const body = { ...(d.payload as Record<string, unknown>), deliveryId: d.id };
    return postWebhook(d.target, settings.webhookSecret, body, d.id, {
      timeoutMs: this.o.webhookTimeoutMs,
      now: this.now(),
      allowInternal: this.o.allowInternalWebhooks,
      lookup: this.o.lookup,
    });
  }

  private retryIn(ms: number, dueBy: Date): void {
    if (this.closed) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.track(
        this.retryDue(dueBy).catch((err: unknown) =>
          this.o.logger.error({ err }, 'notification retries failed'),
        ),
      );
    }, ms);
    timer.unref();
    this.timers.add(timer);
  }

  private async orgName(tenantId: string): Promise<string> {
    return (await this.o.repos.tenants.get(tenantId))?.name ?? 'Your organisation';
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    void p.finally(() => this.inflight.delete(p));
  }
}
