import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import { Notifier } from './notifier.js';
import { smtpSender } from './transports.js';

export { Notifier } from './notifier.js';
export { signBody, verifySignature, SIGNATURE_HEADER } from './signature.js';

/** The process's notifier, from the configuration (SMTP_URL, NOTIFY_*). */
export function createNotifier(
  config: Pick<Config, 'notify'>,
  repos: Repositories,
  logger: Logger,
): Notifier {
  const { notify } = config;
  return new Notifier({
    repos,
    logger: logger.child({ component: 'notify' }),
    email: smtpSender(notify.smtpUrl, notify.from),
    runLink: notify.runLink,
    maxAttempts: notify.webhook.maxAttempts,
    retryBaseMs: notify.webhook.retryBaseMs,
    webhookTimeoutMs: notify.webhook.timeoutMs,
    allowInternalWebhooks: notify.webhook.allowPrivate,
  });
}
