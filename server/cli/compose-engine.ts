import type { Config } from '../config.js';
import type { Repositories } from '../db/repositories/index.js';
import type { Logger } from '../logging.js';
import {
  createTenantEngine as createEngine,
  TenantNotConnectedError,
  type TenantEngine,
} from '../sync-composition.js';
import { UsageError } from './args.js';

export type { TenantEngine } from '../sync-composition.js';

/** The CLI's view of `createTenantEngine`: a tenant that is not connected is a usage error. */
export async function createTenantEngine(
  config: Pick<Config, 'zoho' | 'sageFeed' | 'sageEbws' | 'sync'>,
  repos: Repositories,
  tenantId: string,
  logger: Logger,
): Promise<TenantEngine> {
  try {
    return await createEngine(config, repos, tenantId, logger);
  } catch (err) {
    if (err instanceof TenantNotConnectedError) throw new UsageError(err.message);
    throw err;
  }
}
