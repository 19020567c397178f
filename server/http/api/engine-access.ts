import type { SyncEngine } from '../../sync/engine.js';

/** Opens a sync engine for one tenant (TenantEngines.open in production); closed after use. */
export type TenantEngineOpener = (
  tenantId: string,
) => Promise<{ engine: SyncEngine; close(): void }>;

/** Runs `work` with the tenant's engine and always closes it, even when the work fails. */
export async function withEngine<T>(
  open: TenantEngineOpener,
  tenantId: string,
  work: (engine: SyncEngine) => Promise<T>,
): Promise<T> {
  const { engine, close } = await open(tenantId);
  try {
    return await work(engine);
  } finally {
    close();
  }
}
