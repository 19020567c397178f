import { ZohoApiError, ZohoRequestError } from './errors.js';
import { parseReply, zohoDateTime } from './parse.js';
import { watchResponse } from './schemas.js';
import type { Send } from './records-api.js';

/** Zoho notification channels (`/crm/v8/actions/watch`): enable, renew, disable. */

export interface ChannelSpec {
  /** Numeric, chosen by us, unique per org. */
  channelId: string;
  /** e.g. `Accounts.all`, `Contacts.edit`. */
  events: string[];
  notifyUrl: string;
  /** Echoed in every callback so the callback can be checked; at most 50 characters. */
  token: string;
  expiresAt: Date;
}

/** Zoho keeps a channel at most a day. */
export const MAX_CHANNEL_LIFETIME_MS = 24 * 3600_000;

export class ZohoWatchApi {
  constructor(private readonly send: Send) {}

  /** Returns the expiry Zoho granted. */
  enable(spec: ChannelSpec): Promise<string> {
    return this.subscribe('POST', spec);
  }

  renew(spec: ChannelSpec): Promise<string> {
    return this.subscribe('PATCH', spec);
  }

  async disable(channelIds: string[]): Promise<void> {
    if (channelIds.length === 0) return;
    const reply = await this.send({
      method: 'DELETE',
      path: '/crm/v8/actions/watch',
      query: { channel_ids: channelIds.join(',') },
    });
    const parsed = parseReply(watchResponse, reply.body, 'DELETE actions/watch');
    const failed = parsed.watch.find((w) => w.status !== 'success');
    // A channel Zoho no longer has is already what we want.
    if (failed && failed.code !== 'INVALID_DATA') {
      throw new ZohoApiError(reply.status, failed.code, failed.message, failed.details);
    }
  }

  private async subscribe(method: 'POST' | 'PATCH', spec: ChannelSpec): Promise<string> {
    if (!/^\d{1,19}$/.test(spec.channelId)) throw new ZohoRequestError('a channel id is a number');
    if (spec.token.length > 50)
      throw new ZohoRequestError('a channel token has at most 50 characters');
    const reply = await this.send({
      method,
      path: '/crm/v8/actions/watch',
      body: {
        watch: [
          {
            channel_id: spec.channelId,
            events: spec.events,
            notify_url: spec.notifyUrl,
            token: spec.token,
            channel_expiry: zohoDateTime(spec.expiresAt),
            return_affected_field_values: false,
          },
        ],
      },
    });
    const parsed = parseReply(watchResponse, reply.body, `${method} actions/watch`);
    const result = parsed.watch[0];
    if (!result || result.status !== 'success') {
      throw new ZohoApiError(
        reply.status,
        result?.code ?? 'UNKNOWN',
        result?.message ?? 'no result',
        result?.details ?? {},
      );
    }
    return result.details.events?.[0]?.channel_expiry ?? zohoDateTime(spec.expiresAt);
  }
}
