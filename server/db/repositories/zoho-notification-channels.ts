import type { SecretBox } from '../../security/secret-box.js';
import type { Db } from '../knex.js';
import { fromJson, nowIso, toJson } from '../rows.js';
import { TABLES } from '../tables.js';

export interface NotificationChannel {
  tenantId: string;
  channelId: string;
  events: string[];
  notifyUrl: string;
  /** The shared token Zoho echoes in every callback (sealed at rest). */
  token: string;
  expiresAt: string;
}

interface ChannelRow {
  tenant_id: string;
  channel_id: string;
  events: string;
  notify_url: string;
  token_secret: string;
  expires_at: string;
  created_at: string;
  updated_at: string;
}

/** Zoho notification channels this product enabled, per tenant. */
export class ZohoNotificationChannelRepository {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  async save(channel: NotificationChannel): Promise<void> {
    const now = nowIso();
    const row: ChannelRow = {
      tenant_id: channel.tenantId,
      channel_id: channel.channelId,
      events: toJson(channel.events),
      notify_url: channel.notifyUrl,
      token_secret: this.box.seal(channel.token),
      expires_at: channel.expiresAt,
      created_at: now,
      updated_at: now,
    };
    await this.db(TABLES.zohoNotificationChannels)
      .insert(row)
      .onConflict(['tenant_id', 'channel_id'])
      .merge(['events', 'notify_url', 'token_secret', 'expires_at', 'updated_at']);
  }

  async get(tenantId: string, channelId: string): Promise<NotificationChannel | undefined> {
    const row = await this.db<ChannelRow>(TABLES.zohoNotificationChannels)
      .where({ tenant_id: tenantId, channel_id: channelId })
      .first();
    return row && this.fromRow(row);
  }

  async list(tenantId: string): Promise<NotificationChannel[]> {
    const rows = await this.db<ChannelRow>(TABLES.zohoNotificationChannels)
      .where({ tenant_id: tenantId })
      .orderBy('channel_id');
    return rows.map((r) => this.fromRow(r));
  }

  /** The tenant's channels that expire before `time`: the ones a renewal job must extend. */
  async listExpiringBefore(tenantId: string, time: string): Promise<NotificationChannel[]> {
    const rows = await this.db<ChannelRow>(TABLES.zohoNotificationChannels)
      .where({ tenant_id: tenantId })
      .andWhere('expires_at', '<', time)
      .orderBy('expires_at');
    return rows.map((r) => this.fromRow(r));
  }

  async delete(tenantId: string, channelId: string): Promise<void> {
    await this.db(TABLES.zohoNotificationChannels)
      .where({ tenant_id: tenantId, channel_id: channelId })
      .delete();
  }

  private fromRow(r: ChannelRow): NotificationChannel {
    return {
      tenantId: r.tenant_id,
      channelId: r.channel_id,
      events: fromJson<string[]>(r.events, []),
      notifyUrl: r.notify_url,
      token: this.box.open(r.token_secret),
      expiresAt: r.expires_at,
    };
  }
}
