import { z } from 'zod';
import {
  decodeFingerprints,
  encodeFingerprints,
  groupIdOf,
  isFingerprintList,
} from '../../agent/stamp-groups.js';

/**
 * The Sage change feed's watermark: where the next poll resumes, plus what was already delivered
 * inside the overlap window, so a re-read drops it: every stamp's group (a count and key digest,
 * or a large group's key fingerprints) and, for the rows of small groups, key → content hash and
 * stamp. It is stored as an opaque string in the `cursors` table; only this module reads or writes
 * its format (version 1 had no groups; it is read as a watermark whose groups are unknown).
 */
export interface FeedPosition {
  /** DateUpdated, YYYYMMDD ("00000000" before every stamped row). */
  date: string;
  /** TimeUpdated, decimal hours as Sage wrote it. */
  time: string;
  key: string[];
}

export interface SeenRow {
  hash: string;
  date: string;
  time: string;
}

/** The rows delivered at one stamp (agent/stamp-groups.ts). */
export interface FeedGroup {
  date: string;
  time: string;
  count: number;
  /** XOR of the keys' digests (small groups; its rows are in `seen`). */
  digest: string;
  /** A large group's key fingerprints, instead of `seen` entries for its rows. */
  fingerprints?: Set<number>;
}

export interface FeedWatermark {
  /** Undefined before the first row was read: the next poll starts from the beginning. */
  position?: FeedPosition;
  /** Keyed by keyText(key). */
  seen: Map<string, SeenRow>;
  /** Keyed by groupIdOf(date, time). */
  groups: Map<string, FeedGroup>;
  /**
   * Set while a poll has more pages: the last row read, so the next page continues right after
   * it instead of re-reading the overlap window.
   */
  continueAfter?: FeedPosition;
  /** Set when continueAfter's group was first read in this poll (feed-groups.ts). */
  continueFresh?: true;
}

export class FeedWatermarkError extends Error {
  constructor(detail: string) {
    super(`not a Sage feed watermark: ${detail}`);
    this.name = 'FeedWatermarkError';
  }
}

/** Key parts joined by the ASCII unit separator, which no Sage key contains. */
export const keyText = (key: readonly string[]): string => key.join('\u001f');

const positionTuple = z.tuple([z.string().regex(/^\d{8}$/), z.string(), z.array(z.string())]);
const groupTuple = z.union([
  z.tuple([z.string().regex(/^\d{8}$/), z.string(), z.number().int().min(0), z.string()]),
  z.tuple([
    z.string().regex(/^\d{8}$/),
    z.string(),
    z.number().int().min(0),
    z.string(),
    z.string().refine(isFingerprintList, 'not key fingerprints'),
  ]),
]);
const stored = z.object({
  v: z.union([z.literal(1), z.literal(2)]),
  p: positionTuple.optional(),
  c: positionTuple.optional(),
  s: z.record(z.string(), z.tuple([z.string(), z.string().regex(/^\d{8}$/), z.string()])),
  g: z.array(groupTuple).optional(),
  f: z.literal(1).optional(),
});

export function parseWatermark(text: string | undefined): FeedWatermark {
  if (text === undefined || text === '') return { seen: new Map(), groups: new Map() };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FeedWatermarkError('not JSON');
  }
  const result = stored.safeParse(json);
  if (!result.success) throw new FeedWatermarkError(result.error.issues[0]?.message ?? 'bad shape');
  const { p, c, s, g, f } = result.data;
  const groups = new Map<string, FeedGroup>();
  for (const [date, time, count, digest, fingerprints] of g ?? []) {
    groups.set(groupIdOf(date, time), {
      date,
      time,
      count,
      digest,
      ...(fingerprints !== undefined ? { fingerprints: decodeFingerprints(fingerprints) } : {}),
    });
  }
  return {
    position: p && { date: p[0], time: p[1], key: p[2] },
    continueAfter: c && { date: c[0], time: c[1], key: c[2] },
    ...(c && f ? { continueFresh: true as const } : {}),
    seen: new Map(Object.entries(s).map(([k, [hash, date, time]]) => [k, { hash, date, time }])),
    groups,
  };
}

export function serialiseWatermark(watermark: FeedWatermark): string {
  const p = watermark.position;
  const c = watermark.continueAfter;
  return JSON.stringify({
    v: 2,
    ...(p ? { p: [p.date, p.time, p.key] } : {}),
    ...(c ? { c: [c.date, c.time, c.key] } : {}),
    ...(c && watermark.continueFresh ? { f: 1 } : {}),
    s: Object.fromEntries([...watermark.seen].map(([k, r]) => [k, [r.hash, r.date, r.time]])),
    g: [...watermark.groups.values()].map((group) =>
      group.fingerprints
        ? [
            group.date,
            group.time,
            group.count,
            group.digest,
            encodeFingerprints(group.fingerprints),
          ]
        : [group.date, group.time, group.count, group.digest],
    ),
  });
}
