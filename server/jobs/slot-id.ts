import crypto from 'node:crypto';

/**
 * A UUID derived from a schedule key and slot: every process sending the same slot's job sends
 * the same id, and pg-boss keeps only the first (its insert is ON CONFLICT DO NOTHING).
 */
export function slotJobId(key: string, slot: Date): string {
  const h = crypto.createHash('sha256').update(`${key}|${slot.toISOString()}`).digest();
  h[6] = (h[6]! & 0x0f) | 0x50; // version 5 (name-based)
  h[8] = (h[8]! & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A 32-bit advisory-lock key for a name (Postgres advisory locks take two int4 keys). */
export function lockKey(name: string): number {
  return crypto.createHash('sha256').update(name).digest().readInt32BE(0);
}
