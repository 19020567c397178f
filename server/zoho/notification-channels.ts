import crypto from 'node:crypto';
import type { ZohoNotificationChannelRepository } from '../db/repositories/zoho-notification-channels.js';
import type { Logger } from '../logging.js';
import type { ZohoCrmClient } from './client.js';
import { ZohoApiError, ZohoRequestError } from './errors.js';
import { notificationBody, type NotificationBody } from './schemas.js';

/**
 * Zoho notification channels per tenant: enabled for the modules the tenant syncs, renewed before
 * Zoho's one-day expiry, and checked on every callback by the token they were created with.
 * Notifications only say which ids changed; the engine reads the records and still polls, since
 * Zoho does not promise delivery.
 */

export interface ChangeNotice {
  tenantId: string;
  module: string;
  operation: string;
  ids: string[];
}

export type NotificationOutcome =
  | { accepted: true; notice: ChangeNotice }
  | { accepted: false; reason: 'malformed' | 'unknown-channel' | 'bad-token' | 'unwatched-module' };

/** Channels are asked for 23 hours, and renewed when less than 2 hours remain. */
export const CHANNEL_LIFETIME_MS = 23 * 3600_000;
export const RENEW_WITHIN_MS = 2 * 3600_000;

export interface NotificationChannelDeps {
  client: ZohoCrmClient;
  channels: ZohoNotificationChannelRepository;
  /** The backend's public base URL; channels cannot be enabled without one. */
  publicUrl?: string;
  logger: Logger;
  now?: () => number;
}

export class NotificationChannels {
  private readonly listeners: Array<(notice: ChangeNotice) => void> = [];
  private readonly now: () => number;

  constructor(private readonly deps: NotificationChannelDeps) {
    this.now = deps.now ?? Date.now;
  }

  /** The engine subscribes here to hear of changed record ids. */
  onChange(listener: (notice: ChangeNotice) => void): void {
    this.listeners.push(listener);
  }

  /** Zoho can only notify a backend it can reach: one with a public URL. */
  get canReceive(): boolean {
    return Boolean(this.deps.publicUrl);
  }

  /**
   * Makes the tenant's channels watch exactly these modules: keeps a channel that already does,
   * otherwise replaces what there is (none when no module is left to watch).
   */
  async ensure(
    tenantId: string,
    modules: string[],
  ): Promise<'current' | 'enabled' | 'disabled' | 'none'> {
    const wanted = modules.map((m) => `${m}.all`).sort();
    const current = await this.deps.channels.list(tenantId);
    const same = (events: string[]) => [...events].sort().join(',') === wanted.join(',');
    if (current.length === 1 && same(current[0]!.events)) return 'current';
    if (current.length > 0) await this.disableAll(tenantId);
    if (wanted.length === 0) return current.length > 0 ? 'disabled' : 'none';
    await this.enable(tenantId, modules);
    return 'enabled';
  }

  notifyUrl(tenantId: string): string {
    if (!this.deps.publicUrl)
      throw new ZohoRequestError('PUBLIC_URL is not set: Zoho cannot reach this backend');
    return `${this.deps.publicUrl.replace(/\/+$/, '')}/zoho/notifications/${encodeURIComponent(tenantId)}`;
  }

  /** One channel watching every event of the given modules. */
  async enable(tenantId: string, modules: string[]): Promise<string> {
    const channelId = String(crypto.randomInt(1_000_000_000, 2 ** 47));
    const token = crypto.randomBytes(32).toString('base64url').slice(0, 43);
    const events = modules.map((m) => `${m}.all`);
    const notifyUrl = this.notifyUrl(tenantId);
    const expiresAt = new Date(this.now() + CHANNEL_LIFETIME_MS);
    const granted = await this.deps.client
      .forTenant(tenantId)
      .watch.enable({ channelId, events, notifyUrl, token, expiresAt });
    await this.deps.channels.save({
      tenantId,
      channelId,
      events,
      notifyUrl,
      token,
      expiresAt: new Date(granted).toISOString(),
    });
    return channelId;
  }

  /** Extends the tenant's channels that would lapse soon; re-creates one Zoho has forgotten. */
  async renewExpiring(tenantId: string): Promise<number> {
    const due = await this.deps.channels.listExpiringBefore(
      tenantId,
      new Date(this.now() + RENEW_WITHIN_MS).toISOString(),
    );
    const watch = this.deps.client.forTenant(tenantId).watch;
    for (const channel of due) {
      const spec = { ...channel, expiresAt: new Date(this.now() + CHANNEL_LIFETIME_MS) };
      let granted: string;
      try {
        granted = await watch.renew(spec);
      } catch (err) {
        if (!(err instanceof ZohoApiError) || err.code !== 'INVALID_DATA') throw err;
        // Zoho dropped the channel (it expired): subscribe it again under the same id.
        granted = await watch.enable(spec);
      }
      await this.deps.channels.save({ ...channel, expiresAt: new Date(granted).toISOString() });
    }
    return due.length;
  }

  async disableAll(tenantId: string): Promise<void> {
    const channels = await this.deps.channels.list(tenantId);
    if (channels.length === 0) return;
    await this.deps.client.forTenant(tenantId).watch.disable(channels.map((c) => c.channelId));
    for (const c of channels) await this.deps.channels.delete(tenantId, c.channelId);
  }

  /** Checks a callback against the tenant's channel and its token, then tells the listeners. */
  async receive(tenantId: string, body: unknown): Promise<NotificationOutcome> {
    const parsed = notificationBody.safeParse(body);
    if (!parsed.success) return { accepted: false, reason: 'malformed' };
    const msg: NotificationBody = parsed.data;
    const channel = await this.deps.channels.get(tenantId, msg.channel_id);
    if (!channel) return { accepted: false, reason: 'unknown-channel' };
    const given = Buffer.from(msg.token ?? '');
    const expected = Buffer.from(channel.token);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
      this.deps.logger.warn(
        { tenantId, channelId: msg.channel_id },
        'zoho notification with a wrong token',
      );
      return { accepted: false, reason: 'bad-token' };
    }
    // The token proves the channel, not the module: only the modules it watches are believed.
    if (!channel.events.includes(`${msg.module}.all`)) {
      this.deps.logger.warn(
        { tenantId, channelId: msg.channel_id, module: msg.module },
        'zoho notification for a module the channel does not watch',
      );
      return { accepted: false, reason: 'unwatched-module' };
    }
    const notice: ChangeNotice = {
      tenantId,
      module: msg.module,
      operation: msg.operation,
      ids: msg.ids,
    };
    for (const listener of this.listeners) {
      try {
        listener(notice);
      } catch (err) {
        this.deps.logger.error({ err, tenantId }, 'notification listener failed');
      }
    }
    return { accepted: true, notice };
  }
}
