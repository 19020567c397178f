import crypto from 'node:crypto';
import type { SageRecord } from './agent-schemas.js';

/** Audit columns that move whenever anyone saves the row, changed or not. */
const VOLATILE = new Set(['DateUpdated', 'TimeUpdated', 'UserUpdatedKey']);

/**
 * A short, stable hash of a row's content (every column but the update stamps), so a row saved
 * without a change, or re-read in the overlap window, is recognised as already delivered.
 * 96 bits: collisions between two versions of one key are not a practical concern.
 */
export function contentHash(record: SageRecord): string {
  const entries = Object.entries(record)
    .filter(([name]) => !VOLATILE.has(name))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return crypto
    .createHash('sha256')
    .update(JSON.stringify(entries))
    .digest('base64url')
    .slice(0, 16);
}
