import type { ModuleName } from '../sync/vocabulary.js';
import { LAST_SYNCED_FIELD, SYNC_STATUS_FIELD } from './extension-fields.js';

/**
 * The extension's sync stamp (`Sage_Sync_Status` Synced, `Sage_Last_Synced` now), carried in the
 * writes the product makes anyway (upserts from Sage, the key after Sage created a record), so
 * a rep sees on the record and in list views when the product last wrote it, at no extra
 * credit. Only the fields the org has: Zoho refuses a write naming an unknown field, and an org
 * whose fields cannot be read gets no stamp rather than a failed write.
 */
export async function syncStamp(
  fieldNames: (module: ModuleName) => Promise<string[] | undefined>,
  module: ModuleName,
  now: () => Date,
): Promise<Record<string, unknown>> {
  const known = await fieldNames(module).catch(() => undefined);
  if (!known) return {};
  const stamp: Record<string, unknown> = {};
  if (known.includes(SYNC_STATUS_FIELD)) stamp[SYNC_STATUS_FIELD] = 'Synced';
  if (known.includes(LAST_SYNCED_FIELD)) {
    // Zoho's datetime format: seconds, with an offset.
    stamp[LAST_SYNCED_FIELD] = `${now().toISOString().slice(0, 19)}+00:00`;
  }
  return stamp;
}
