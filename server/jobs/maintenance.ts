import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import type { Notifier } from '../notify/notifier.js';
import type { NotificationChannels } from '../zoho/notification-channels.js';
import type { MaintenanceTask } from './work.js';

export interface MaintenanceDeps {
  repos: Repositories;
  /** Undefined when Zoho is not configured: there are no channels to keep. */
  channels?: Pick<NotificationChannels, 'renewExpiring' | 'ensure' | 'canReceive'>;
  /** Audit events older than this many days are deleted. */
  eventRetentionDays: number;
  /** Run notifications: their retries and the daily digest. */
  notifier?: Pick<Notifier, 'retryDue' | 'digest'>;
  logger: Logger;
}

/** The credit ledger only needs the last 24 hours; two days are kept for the usage page. */
const CREDIT_KEEP_MS = 48 * 3600_000;

/**
 * Runs one maintenance task for every tenant it concerns. A tenant that fails is logged and the
 * others still get theirs; the count of tenants that failed is returned.
 */
export async function runMaintenance(
  deps: MaintenanceDeps,
  task: MaintenanceTask,
  now: Date,
): Promise<{ done: number; failed: number }> {
  const { repos, logger } = deps;
  if (task === 'purge_oauth_states') {
    const purged = await repos.zohoOAuthStates.purgeExpired(now.toISOString());
    logger.info({ task, purged }, 'expired Zoho sign-in states purged');
    return { done: 1, failed: 0 };
  }
  if (task === 'retry_notifications' || task === 'notify_digest') {
    if (!deps.notifier) return { done: 0, failed: 0 };
    const count =
      task === 'retry_notifications'
        ? await deps.notifier.retryDue()
        : await deps.notifier.digest();
    if (count > 0) logger.info({ task, count }, 'notifications done');
    return { done: 1, failed: 0 };
  }
  // Retention applies to every tenant's data; only active tenants keep their Zoho channels alive.
  const all = await repos.tenants.list();
  const tenants = task === 'renew_zoho_channels' ? all.filter((t) => t.status === 'active') : all;
  let done = 0;
  let failed = 0;
  for (const tenant of tenants) {
    try {
      const count = await perTenant(deps, task, tenant.id, now);
      if (count !== undefined)
        logger.info({ task, tenantId: tenant.id, count }, 'maintenance done');
      done++;
    } catch (err) {
      failed++;
      logger.error({ task, tenantId: tenant.id, err }, 'maintenance failed for tenant');
    }
  }
  return { done, failed };
}

async function perTenant(
  deps: MaintenanceDeps,
  task: Exclude<MaintenanceTask, 'purge_oauth_states' | 'retry_notifications' | 'notify_digest'>,
  tenantId: string,
  now: Date,
): Promise<number | undefined> {
  switch (task) {
    case 'renew_zoho_channels': {
      if (!deps.channels) return undefined;
      if (deps.channels.canReceive) {
        // Watch exactly the modules whose Zoho changes flow to Sage, as their settings say now.
        // Not GL accounts (whose Zoho edits are put back): a watch naming a module the org has
        // not created yet would refuse the whole channel; their scheduled run finds the edits.
        const settings = await deps.repos.moduleSettings.list(tenantId);
        const watched = settings
          .filter((m) => m.direction === 'both' || m.direction === 'zoho_to_sage')
          .map((m) => m.module);
        await deps.channels.ensure(tenantId, watched);
      }
      return deps.channels.renewExpiring(tenantId);
    }
    case 'prune_zoho_credits':
      return deps.repos.zohoCredits.prune(tenantId, new Date(now.getTime() - CREDIT_KEEP_MS));
    case 'prune_events': {
      // What SyncEngine.pruneEvents does, without opening the tenant's Sage and Zoho connections.
      const before = new Date(now.getTime() - deps.eventRetentionDays * 86_400_000);
      return deps.repos.events.pruneBefore(tenantId, before.toISOString());
    }
  }
}
