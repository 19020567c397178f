import { Router } from 'express';
import type { NotificationChannels } from '../../zoho/notification-channels.js';
import { HttpProblem } from '../problem.js';

/**
 * Where Zoho posts channel notifications. The tenant is in the path, and the channel id and its
 * token must match what that tenant enabled; anything else is refused without saying why.
 */
export function zohoNotificationRoutes(channels: NotificationChannels): Router {
  const router = Router();
  router.post('/zoho/notifications/:tenantId', async (req, res) => {
    const outcome = await channels.receive(String(req.params.tenantId), req.body);
    if (outcome.accepted) {
      res.status(200).json({ received: outcome.notice.ids.length });
      return;
    }
    if (outcome.reason === 'malformed') throw new HttpProblem(400, 'Malformed notification');
    throw new HttpProblem(403, 'Notification refused');
  });
  return router;
}
