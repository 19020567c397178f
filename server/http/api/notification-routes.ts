import crypto from 'node:crypto';
import { Router } from 'express';
import type { NotificationSettings } from '../../db/repositories/notifications.js';
import { sessionOf } from '../auth/require-session.js';
import { internalHostReason, resolvesInternal } from '../../notify/webhook-address.js';
import { HttpProblem } from '../problem.js';
import type { ApiDeps } from './deps.js';
import { deliveriesQuery, emptyBody, notificationSettingsBody } from './schemas.js';
import { withoutTenant } from './views.js';
import { parseInput } from './validate.js';

/** A webhook may not point into the backend's own network (request forgery); delivery checks again. */
async function refuseInternal(url: string): Promise<void> {
  const reason =
    internalHostReason(url) ??
    (await resolvesInternal(new URL(url).hostname.replace(/^\[|\]$/g, '')));
  if (!reason) return;
  const message = `the webhook may not be sent to ${reason}`;
  throw new HttpProblem(422, 'Webhook address not allowed', `webhookUrl: ${message}.`, {
    issues: [{ path: 'webhookUrl', message }],
  });
}

const settingsView = (s: NotificationSettings | undefined) => ({
  mode: s?.mode ?? 'off',
  emails: s?.emails ?? [],
  webhookUrl: s?.webhookUrl ?? null,
  webhookSecretSet: Boolean(s?.webhookSecret),
  updatedAt: s?.updatedAt ?? null,
});

/**
 * The settings tab's notification screen: who is told about runs and when, the deliveries with
 * their attempts and errors, and a test message. Admin only; the webhook secret is write-only
 * (shown once, when the backend generates it).
 */
export function notificationRoutes(deps: ApiDeps): Router {
  const router = Router();
  const { repos, requireSession } = deps;

  router.get('/notifications/settings', requireSession({ admin: true }), async (_req, res) => {
    const { tid } = sessionOf(res);
    res.json(settingsView(await repos.notificationSettings.get(tid)));
  });

  router.put('/notifications/settings', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const body = parseInput(notificationSettingsBody, req.body, 'body');
    const saved = await repos.notificationSettings.get(tid);
    const webhookUrl =
      body.webhookUrl === undefined ? saved?.webhookUrl : (body.webhookUrl ?? undefined);
    let webhookSecret = body.webhookSecret ?? saved?.webhookSecret;
    let generated: string | undefined;
    if (webhookUrl && !webhookSecret) {
      webhookSecret = generated = crypto.randomBytes(32).toString('hex');
    }
    if (!webhookUrl) webhookSecret = undefined;
    if (body.webhookUrl && !deps.allowPrivateWebhooks) await refuseInternal(body.webhookUrl);
    const emails = body.emails ?? saved?.emails ?? [];
    const mode = body.mode ?? saved?.mode ?? 'off';
    if (mode !== 'off' && emails.length === 0 && !webhookUrl) {
      throw new HttpProblem(
        422,
        'Nobody to notify',
        'Give at least one email address or a webhook URL, or set mode to "off".',
      );
    }
    await repos.notificationSettings.save({
      tenantId: tid,
      mode,
      emails,
      webhookUrl,
      webhookSecret,
    });
    const view = settingsView(await repos.notificationSettings.get(tid));
    res.json(generated ? { ...view, webhookSecret: generated } : view);
  });

  router.get('/notifications/deliveries', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    const query = parseInput(deliveriesQuery, req.query, 'query');
    const deliveries = await repos.deliveries.list(tid, query);
    res.json({ deliveries: deliveries.map(withoutTenant) });
  });

  router.post('/notifications/test', requireSession({ admin: true }), async (req, res) => {
    const { tid } = sessionOf(res);
    parseInput(emptyBody, req.body, 'body');
    if (!deps.notifier)
      throw new HttpProblem(503, 'Notifications off', 'This backend sends no notifications.');
    const deliveries = await deps.notifier.sendTest(tid);
    if (deliveries.length === 0) {
      throw new HttpProblem(
        409,
        'Nobody to notify',
        'Save an email address or a webhook URL first.',
      );
    }
    res.json({ deliveries: deliveries.map(withoutTenant) });
  });

  return router;
}
