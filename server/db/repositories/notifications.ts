import type { SecretBox } from '../../security/secret-box.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toJson } from '../rows.js';
import { TABLES } from '../tables.js';

export const NOTIFY_MODES = ['off', 'failures', 'every', 'digest'] as const;
export type NotifyMode = (typeof NOTIFY_MODES)[number];

export interface NotificationSettings {
  tenantId: string;
  mode: NotifyMode;
  emails: string[];
  webhookUrl?: string;
  /** The webhook's HMAC key (sealed at rest). */
  webhookSecret?: string;
  updatedAt: string;
}

export type DeliveryChannel = 'email' | 'webhook';
export type DeliveryKind = 'run' | 'digest' | 'test';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface Delivery {
  id: number;
  tenantId: string;
  channel: DeliveryChannel;
  kind: DeliveryKind;
  runId?: string;
  /** The addresses or the URL it goes to. */
  target: string;
  /** What is sent: the rendered message (email) or the JSON body (webhook). */
  payload: unknown;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt?: string;
  lastError?: string;
  responseStatus?: number;
  createdAt: string;
  deliveredAt?: string;
}

interface SettingsRow {
  tenant_id: string;
  mode: string;
  emails: string;
  webhook_url: string | null;
  webhook_secret: string | null;
  updated_at: string;
}

interface DeliveryRow {
  id: number;
  tenant_id: string;
  channel: string;
  kind: string;
  run_id: string | null;
  target: string;
  payload: string;
  status: string;
  attempts: number;
  next_attempt_at: string | null;
  last_error: string | null;
  response_status: number | null;
  created_at: string;
  delivered_at: string | null;
}

const deliveryOf = (r: DeliveryRow): Delivery => ({
  id: Number(r.id),
  tenantId: r.tenant_id,
  channel: r.channel as DeliveryChannel,
  kind: r.kind as DeliveryKind,
  runId: r.run_id ?? undefined,
  target: r.target,
  payload: fromJson<unknown>(r.payload, null),
  status: r.status as DeliveryStatus,
  attempts: r.attempts,
  nextAttemptAt: r.next_attempt_at ?? undefined,
  lastError: r.last_error ?? undefined,
  responseStatus: r.response_status ?? undefined,
  createdAt: r.created_at,
  deliveredAt: r.delivered_at ?? undefined,
});

export class NotificationSettingsRepository {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async get(tenantId: string): Promise<NotificationSettings | undefined> {
    const r = await this.db<SettingsRow>(TABLES.notificationSettings)
      .where({ tenant_id: tenantId })
      .first();
    if (!r) return undefined;
    return {
      tenantId: r.tenant_id,
      mode: r.mode as NotifyMode,
      emails: fromJson<string[]>(r.emails, []),
      webhookUrl: r.webhook_url ?? undefined,
      webhookSecret: r.webhook_secret ? this.box.open(r.webhook_secret) : undefined,
      updatedAt: r.updated_at,
    };
  }

  /** Saves the tenant's settings (an insert or a replace: identical concurrent saves both win). */
  async save(settings: Omit<NotificationSettings, 'updatedAt'>): Promise<void> {
    const row: SettingsRow = {
      tenant_id: settings.tenantId,
      mode: settings.mode,
      emails: toJson(settings.emails),
      webhook_url: settings.webhookUrl ?? null,
      webhook_secret: settings.webhookSecret ? this.box.seal(settings.webhookSecret) : null,
      updated_at: nowIso(),
    };
    await this.db(TABLES.notificationSettings).insert(row).onConflict('tenant_id').merge();
  }

  /** Tenants that get a daily digest (the digest task reads them across tenants). */
  async digestTenants(): Promise<string[]> {
    const rows = await this.db<SettingsRow>(TABLES.notificationSettings)
      .where({ mode: 'digest' })
      .select('tenant_id');
    return rows.map((r) => r.tenant_id);
  }
}

export class NotificationDeliveryRepository {
  constructor(private readonly db: Db) {}

  async add(
    input: Pick<Delivery, 'tenantId' | 'channel' | 'kind' | 'runId' | 'target' | 'payload'>,
  ): Promise<Delivery> {
    const at = nowIso();
    const [row] = await this.db<DeliveryRow>(TABLES.notificationDeliveries)
      .insert({
        tenant_id: input.tenantId,
        channel: input.channel,
        kind: input.kind,
        run_id: input.runId ?? null,
        target: input.target,
        payload: toJson(input.payload),
        status: 'pending',
        attempts: 0,
        next_attempt_at: at,
        created_at: at,
      })
      .returning('*');
    return deliveryOf(row as DeliveryRow);
  }

  async get(tenantId: string, id: number): Promise<Delivery | undefined> {
    const r = await this.db<DeliveryRow>(TABLES.notificationDeliveries)
      .where({ tenant_id: tenantId, id })
      .first();
    return r && deliveryOf(r);
  }

  async list(
    tenantId: string,
    options: { status?: DeliveryStatus; runId?: string; limit?: number } = {},
  ): Promise<Delivery[]> {
    const q = this.db<DeliveryRow>(TABLES.notificationDeliveries)
      .where({ tenant_id: tenantId })
      .orderBy('id', 'desc')
      .limit(options.limit ?? 50);
    if (options.status) q.andWhere({ status: options.status });
    if (options.runId) q.andWhere({ run_id: options.runId });
    return (await q).map(deliveryOf);
  }

  /**
   * Takes a due delivery for one attempt: moves its next attempt past `leaseUntil` only if no
   * one else took it meanwhile, so two processes never send the same attempt.
   */
  async claim(delivery: Delivery, leaseUntil: string): Promise<boolean> {
    const taken = await this.db(TABLES.notificationDeliveries)
      .where({
        id: delivery.id,
        tenant_id: delivery.tenantId,
        status: 'pending',
        attempts: delivery.attempts,
      })
      .update({ next_attempt_at: leaseUntil, attempts: delivery.attempts + 1 });
    return taken === 1;
  }

  async settle(
    delivery: Pick<Delivery, 'id' | 'tenantId'>,
    result: {
      status: DeliveryStatus;
      nextAttemptAt?: string;
      error?: string;
      responseStatus?: number;
    },
  ): Promise<void> {
    await this.db(TABLES.notificationDeliveries)
      .where({ id: delivery.id, tenant_id: delivery.tenantId })
      .update({
        status: result.status,
        next_attempt_at: result.nextAttemptAt ?? null,
        last_error: result.error ?? null,
        response_status: result.responseStatus ?? null,
        ...(result.status === 'delivered' ? { delivered_at: nowIso() } : {}),
      });
  }

  /** Pending deliveries of every tenant whose next attempt is due (the retry sweep). */
  async due(now: string, limit = 100): Promise<Delivery[]> {
    const rows = await this.db<DeliveryRow>(TABLES.notificationDeliveries)
      .where({ status: 'pending' })
      .andWhere('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit);
    return rows.map(deliveryOf);
  }

  /** Counts by channel and status, for /metrics. */
  async countByStatus(): Promise<Array<{ channel: string; status: string; n: number }>> {
    const rows = (await this.db(TABLES.notificationDeliveries)
      .select('channel', 'status')
      .count('id as n')
      .groupBy('channel', 'status')) as Array<{
      channel: string;
      status: string;
      n: number | string;
    }>;
    return rows.map((r) => ({ channel: r.channel, status: r.status, n: Number(r.n) }));
  }
}
