import { z } from 'zod';

/**
 * The Sage change feed's watermark: where the next poll resumes, plus the rows already delivered
 * inside the overlap window (key → content hash and stamp), so a re-read drops them. It is stored
 * as an opaque string in the `cursors` table; only this module reads or writes its format.
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

export interface FeedWatermark {
  /** Undefined before the first row was read: the next poll starts from the beginning. */
  position?: FeedPosition;
  /** Keyed by keyText(key). */
  seen: Map<string, SeenRow>;
  /**
   * Set while a poll has more pages: the last row read, so the next page continues right after
   * it instead of re-reading the overlap window.
   */
  continueAfter?: FeedPosition;
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
const stored = z.object({
  v: z.literal(1),
  p: positionTuple.optional(),
  c: positionTuple.optional(),
  s: z.record(z.string(), z.tuple([z.string(), z.string().regex(/^\d{8}$/), z.string()])),
});

export const EMPTY_WATERMARK: FeedWatermark = { seen: new Map() };

export function parseWatermark(text: string | undefined): FeedWatermark {
  if (text === undefined || text === '') return { seen: new Map() };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new FeedWatermarkError('not JSON');
  }
  const result = stored.safeParse(json);
  if (!result.success) throw new FeedWatermarkError(result.error.issues[0]?.message ?? 'bad shape');
  const { p, c, s } = result.data;
  return {
    position: p && { date: p[0], time: p[1], key: p[2] },
    continueAfter: c && { date: c[0], time: c[1], key: c[2] },
    seen: new Map(Object.entries(s).map(([k, [hash, date, time]]) => [k, { hash, date, time }])),
  };
}

export function serialiseWatermark(watermark: FeedWatermark): string {
  const p = watermark.position;
  const c = watermark.continueAfter;
  return JSON.stringify({
    v: 1,
    ...(p ? { p: [p.date, p.time, p.key] } : {}),
    ...(c ? { c: [c.date, c.time, c.key] } : {}),
    s: Object.fromEntries([...watermark.seen].map(([k, r]) => [k, [r.hash, r.date, r.time]])),
  });
}
