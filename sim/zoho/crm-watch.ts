import { type Request, type Response, Router } from 'express';
import { crmLocals } from './crm-guard.js';
import { zohoError } from './faults.js';
import type { SimStore } from './store.js';
import { moduleInEdition, zohoTime } from './store.js';

/** Notification channels (`/crm/v8/actions/watch`): subscribe, renew, list, unsubscribe. */

const MAX_CHANNEL_MS = 24 * 3600_000;
const DEFAULT_CHANNEL_MS = 3600_000;

export function watchRouter(store: SimStore): Router {
  const router = Router();
  const bad = (
    res: Response,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) => res.status(400).json(zohoError(code, message, details));

  // Notification channels ("watch").
  const watchResult = (
    channelId: string,
    events: string[],
    expiresMs: number,
    message: string,
    timeZone: string,
  ) => ({
    code: 'SUCCESS',
    details: {
      events: events.map((e) => ({
        channel_expiry: zohoTime(expiresMs, timeZone),
        resource_uri: `https://www.zohoapis.com/crm/v8/${e.split('.')[0]}`,
        resource_id: e.split('.')[0],
        resource_name: e.split('.')[0],
        channel_id: channelId,
      })),
    },
    message,
    status: 'success',
  });

  function subscribe(req: Request, res: Response, renew: boolean) {
    const { org } = crmLocals(res);
    const watch = (req.body as { watch?: unknown })?.watch;
    if (!Array.isArray(watch) || watch.length === 0) {
      bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'watch',
      });
      return;
    }
    const results = watch.map((raw: Record<string, unknown>, i) => {
      const channelId = String(raw?.channel_id ?? '');
      const existing = org.channels.get(channelId);
      if (!/^\d{1,19}$/.test(channelId))
        return zohoError('INVALID_DATA', 'invalid channel_id', {
          api_name: 'channel_id',
          json_path: `$.watch[${i}].channel_id`,
        });
      if (renew && !existing)
        return zohoError('INVALID_DATA', 'channel not found', {
          api_name: 'channel_id',
          json_path: `$.watch[${i}].channel_id`,
        });
      const events = Array.isArray(raw.events) ? raw.events.map(String) : (existing?.events ?? []);
      const badEvent = events.find((e) => {
        const [m, op] = e.split('.');
        return (
          !m ||
          !moduleInEdition(org, m, store.now()) ||
          !['all', 'create', 'edit', 'delete'].includes(op ?? '')
        );
      });
      if (events.length === 0 || badEvent)
        return zohoError('INVALID_DATA', 'invalid event', {
          api_name: 'events',
          json_path: `$.watch[${i}].events`,
        });
      const notifyUrl = typeof raw.notify_url === 'string' ? raw.notify_url : existing?.notify_url;
      if (!notifyUrl)
        return zohoError('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: 'notify_url',
          json_path: `$.watch[${i}].notify_url`,
        });
      const token = typeof raw.token === 'string' ? raw.token : existing?.token;
      if (token !== undefined && token.length > 50)
        return zohoError('INVALID_DATA', 'token too long', {
          api_name: 'token',
          maximum_length: 50,
        });
      const expiry =
        typeof raw.channel_expiry === 'string'
          ? Date.parse(raw.channel_expiry)
          : store.now() + DEFAULT_CHANNEL_MS;
      if (Number.isNaN(expiry) || expiry <= store.now() || expiry > store.now() + MAX_CHANNEL_MS) {
        return zohoError('INVALID_DATA', 'channel_expiry must be within a day', {
          api_name: 'channel_expiry',
        });
      }
      org.channels.set(channelId, {
        channel_id: channelId,
        events,
        notify_url: notifyUrl,
        token,
        expiresMs: expiry,
        return_affected_field_values: Boolean(raw.return_affected_field_values),
      });
      return watchResult(
        channelId,
        events,
        expiry,
        renew
          ? 'Successfully updated the subscribe details'
          : 'Successfully subscribed for actions-watch of the given module',
        org.time_zone,
      );
    });
    const ok = results.filter((r) => r.status === 'success').length;
    res.status(ok === results.length ? 200 : ok === 0 ? 400 : 207).json({ watch: results });
  }

  router.post('/crm/v8/actions/watch', (req, res) => subscribe(req, res, false));
  router.patch('/crm/v8/actions/watch', (req, res) => subscribe(req, res, true));
  router.put('/crm/v8/actions/watch', (req, res) => subscribe(req, res, true));

  router.get('/crm/v8/actions/watch', (_req, res) => {
    const channels = [...crmLocals(res).org.channels.values()].filter(
      (c) => c.expiresMs > store.now(),
    );
    if (channels.length === 0) {
      res.status(204).end();
      return;
    }
    res.json({
      watch: channels.map((c) => ({
        channel_id: c.channel_id,
        events: c.events,
        notify_url: c.notify_url,
        channel_expiry: zohoTime(c.expiresMs, crmLocals(res).org.time_zone),
      })),
    });
  });

  router.delete('/crm/v8/actions/watch', (req, res) => {
    const { org } = crmLocals(res);
    const ids = String(req.query.channel_ids ?? '')
      .split(',')
      .filter(Boolean);
    if (ids.length === 0) {
      bad(res, 'REQUIRED_PARAM_MISSING', 'One of the expected parameter is missing', {
        param_name: 'channel_ids',
      });
      return;
    }
    const results = ids.map((id) => {
      const c = org.channels.get(id);
      if (!c) return zohoError('INVALID_DATA', 'channel not found', { api_name: 'channel_id', id });
      org.channels.delete(id);
      return watchResult(
        id,
        c.events,
        c.expiresMs,
        'Successfully unsubscribed from actions-watch',
        org.time_zone,
      );
    });
    res.status(results.every((r) => r.status === 'success') ? 200 : 207).json({ watch: results });
  });

  return router;
}
