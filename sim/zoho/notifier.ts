import type { SimOrg, SimStore } from './store.js';
import { zohoTime } from './store.js';

export type SimOperation = 'create' | 'edit' | 'delete';

export interface SimDelivery {
  channelId: string;
  url: string;
  status: number | 'failed' | 'refused';
  body: Record<string, unknown>;
}

const isLoopback = (url: string): boolean => {
  try {
    const host = new URL(url).hostname;
    return host === '127.0.0.1' || host === 'localhost' || host === '[::1]';
  } catch {
    return false;
  }
};

/**
 * Posts Zoho's notification payload to every live channel of the org that watches the event.
 * Deliveries go to loopback only: the simulator never sends traffic off the machine.
 */
export class SimNotifier {
  readonly deliveries: SimDelivery[] = [];
  private pending = new Set<Promise<void>>();

  constructor(private readonly store: SimStore) {}

  notify(org: SimOrg, module: string, operation: SimOperation, ids: string[]): void {
    if (ids.length === 0) return;
    for (const channel of org.channels.values()) {
      if (channel.expiresMs <= this.store.now()) continue;
      const watches = channel.events.some(
        (e) => e === `${module}.all` || e === `${module}.${operation}`,
      );
      if (!watches) continue;
      const body = {
        server_time: Date.now(),
        query_params: {},
        module,
        resource_uri: `https://www.zohoapis.com/crm/v8/${module}`,
        ids,
        operation,
        channel_id: channel.channel_id,
        token: channel.token ?? null,
        affected_fields: [],
        sent_at: zohoTime(this.store.now(), org.time_zone),
      };
      const delivery: SimDelivery = {
        channelId: channel.channel_id,
        url: channel.notify_url,
        status: 'refused',
        body,
      };
      this.deliveries.push(delivery);
      if (!isLoopback(channel.notify_url)) continue;
      const p = fetch(channel.notify_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
        .then((r) => {
          delivery.status = r.status;
        })
        .catch(() => {
          delivery.status = 'failed';
        })
        .finally(() => this.pending.delete(p));
      this.pending.add(p);
    }
  }

  /** Resolves when every delivery started so far has finished. */
  async settle(): Promise<void> {
    await Promise.all([...this.pending]);
  }
}
