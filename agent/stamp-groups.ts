import crypto from 'node:crypto';
import { hoursOf, NEVER_STAMPED } from './sage-row.js';

/**
 * Stamp groups: the rows that share one (DateUpdated, TimeUpdated) stamp. The feed tells the agent
 * which groups it already holds, and the agent leaves out what the feed has, so a poll that
 * re-reads its overlap window receives only what changed. Both ends compute ids, digests and
 * fingerprints with these functions (docs/adr/0070).
 *
 * A small group travels as a count and a digest of its keys: the agent leaves the group out while
 * its rows are exactly those, else sends it whole. A large group (many rows saved in one instant)
 * travels as 32-bit fingerprints of its keys: the agent sends only rows whose key is not among
 * them, so rows that left the group (saved again since) cost nothing.
 */
export interface KnownGroup {
  date: string;
  /** Decimal hours, compared as a number. */
  time: string;
  count: number;
  /** 16 hex digits: the XOR of keyDigest over the group's keys (order-free, grows row by row). */
  digest?: string;
  /** The group's key fingerprints (encodeFingerprints); when given, rows are matched one by one. */
  fingerprints?: string;
}

/** One id per stamp, whatever the spelling of the hours ("14.5" = "14.50000"). */
export function groupIdOf(
  date: string | null | undefined,
  time: string | null | undefined,
): string {
  return `${date || NEVER_STAMPED} ${hoursOf(time)}`;
}

export const EMPTY_DIGEST = '0000000000000000';

function keyHash(key: readonly string[]): Buffer {
  // The unit separator joins key parts: no Sage key contains it.
  return crypto.createHash('sha256').update(key.join('\u001f')).digest();
}

/** 64 bits of SHA-256 over the key parts, as 16 hex digits. */
export function keyDigest(key: readonly string[]): string {
  return keyHash(key).subarray(0, 8).toString('hex');
}

/** Adds (or, XOR being its own inverse, removes) one key's digest. */
export function xorDigest(a: string, b: string): string {
  return (BigInt(`0x${a}`) ^ BigInt(`0x${b}`)).toString(16).padStart(16, '0');
}

/**
 * Another 32 bits of the key's SHA-256. Two keys share one with odds of 1 in 4 billion, so a row
 * new to a group of n is mistaken for a known one with odds of n in 4 billion.
 */
export function keyFingerprint(key: readonly string[]): number {
  return keyHash(key).readUInt32BE(8);
}

/** Sorted big-endian 32-bit values in base64: 5.3 characters a row. */
export function encodeFingerprints(values: Iterable<number>): string {
  const sorted = Uint32Array.from(values).sort();
  const bytes = Buffer.alloc(sorted.length * 4);
  sorted.forEach((value, i) => bytes.writeUInt32BE(value, i * 4));
  return bytes.toString('base64');
}

export class FingerprintsError extends Error {
  constructor() {
    super('key fingerprints are not base64 of 4-byte values');
    this.name = 'FingerprintsError';
  }
}

export function decodeFingerprints(text: string): Set<number> {
  const bytes = Buffer.from(text, 'base64');
  if (bytes.length % 4 !== 0 || bytes.toString('base64') !== text) throw new FingerprintsError();
  const values = new Set<number>();
  for (let i = 0; i < bytes.length; i += 4) values.add(bytes.readUInt32BE(i));
  return values;
}

export function isFingerprintList(text: string): boolean {
  try {
    decodeFingerprints(text);
    return true;
  } catch {
    return false;
  }
}
