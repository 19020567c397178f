import type { ModuleSettingsRepository } from '../db/repositories/module-settings.js';
import type { Logger } from '../logging.js';
import { watchesZoho } from '../sync/read-only.js';
import { MODULES, type ModuleName } from '../sync/vocabulary.js';
import type { JobRunner } from './runner.js';

export interface ChangeNoticeLike {
  tenantId: string;
  module: string;
  ids: string[];
}

/**
 * Turns Zoho's change notifications into module runs, so a change made in Zoho reaches Sage in
 * seconds instead of at the next poll. A burst of notices for one module coalesces: while a run
 * is queued or running, further notices only ask for one more run after it. Polling still backs
 * this up, since Zoho does not promise delivery.
 */
interface InFlight {
  again: boolean;
  /** Record ids notified since the last run started. */
  notified: number;
  done: Promise<void>;
}

export class NotificationTrigger {
  /** Per tenant and module: the run loop in flight, and whether a notice came in meanwhile. */
  private readonly inFlight = new Map<string, InFlight>();

  constructor(
    private readonly deps: {
      jobs: Pick<JobRunner, 'triggerNow'>;
      moduleSettings: Pick<ModuleSettingsRepository, 'get'>;
      logger: Logger;
    },
  ) {}

  /** Returns once the notice is accepted; the run itself goes on in the background. */
  async handle(notice: ChangeNoticeLike): Promise<void> {
    if (!(MODULES as readonly string[]).includes(notice.module)) return;
    const module = notice.module as ModuleName;
    const settings = await this.deps.moduleSettings.get(notice.tenantId, module);
    // Zoho edits of a read-only module (GL accounts) are put back by the run they trigger.
    if (!settings || !watchesZoho(module, settings.direction)) return;
    const key = `${notice.tenantId}/${module}`;
    const current = this.inFlight.get(key);
    if (current) {
      current.again = true;
      current.notified += notice.ids.length;
      return;
    }
    const entry: InFlight = { again: false, notified: notice.ids.length, done: Promise.resolve() };
    this.inFlight.set(key, entry);
    entry.done = this.run(notice.tenantId, module, entry).finally(() => this.inFlight.delete(key));
  }

  /** Resolves when no triggered run is queued or running (for tests and shutdown). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) {
      await Promise.all([...this.inFlight.values()].map((e) => e.done));
    }
  }

  private async run(tenantId: string, module: ModuleName, entry: InFlight): Promise<void> {
    do {
      const zohoNotified = entry.notified;
      entry.again = false;
      entry.notified = 0;
      try {
        // The count lets the run flag itself if it then reads nothing from Zoho.
        await this.deps.jobs.triggerNow(tenantId, module, { zohoNotified });
      } catch (err) {
        this.deps.logger.warn({ err, tenantId, module }, 'run after a Zoho notification failed');
      }
    } while (entry.again);
  }
}
