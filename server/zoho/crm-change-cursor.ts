import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { GatewayRecord } from '../sync/gateways.js';
import { ZohoRequestError } from './errors.js';

/**
 * The Zoho change cursor: the last Modified_Time and deleted_time read (ISO instants), and what
 * was delivered at that last instant, so the next run does not deliver it again. Opaque to the
 * engine, which stores it as text between pages.
 */
const cursorSchema = z.object({
  m: z.string().optional(),
  d: z.string().optional(),
  /** The records already delivered at instant `m`: id → a tag of their content. */
  s: z.record(z.string(), z.string()).optional(),
});
export type ChangeCursor = z.infer<typeof cursorSchema>;

/** A short tag of a record's content: tells a same-second edit from a record already read. */
const contentTag = (r: GatewayRecord): string =>
  createHash('sha1')
    .update(JSON.stringify([r.fields, r.lines ?? null]))
    .digest('base64')
    .slice(0, 12);

export function parseCursor(text: string | undefined): ChangeCursor {
  if (!text) return {};
  try {
    return cursorSchema.parse(JSON.parse(text));
  } catch {
    throw new ZohoRequestError(`unreadable Zoho change cursor: ${text.slice(0, 80)}`);
  }
}

/**
 * The records of a modified-listing the engine has not had yet, and the cursor after them.
 * If-Modified-Since is inclusive (and to the second): the records at the cursor's instant come
 * again. Those the cursor lists with the same content are dropped, so a quiet run hands the
 * engine nothing to read details for; one edited again within that second differs in content
 * and is delivered. The deleted log's instant (`d`) is carried over unchanged.
 */
export function advanceModified(
  cursor: ChangeCursor,
  read: GatewayRecord[],
  since: string | undefined,
): { fresh: GatewayRecord[]; next: ChangeCursor } {
  const lastModified = read.reduce<string | undefined>(
    (max, r) => (!max || r.version > max ? r.version : max),
    cursor.m,
  );
  const seenBefore = cursor.s ?? {};
  const tags = new Map(read.map((r) => [r, contentTag(r)]));
  const fresh = read.filter(
    (r) => !(cursor.m && r.version === cursor.m && seenBefore[r.id] === tags.get(r)),
  );
  const seen: Record<string, string> = lastModified === cursor.m ? { ...seenBefore } : {};
  for (const r of read) if (r.version === lastModified) seen[r.id] = tags.get(r)!;
  const next: ChangeCursor = { m: lastModified ?? cursor.m ?? since, d: cursor.d };
  if (Object.keys(seen).length > 0) next.s = seen;
  return { fresh, next };
}

/**
 * The later of two deleted_time instants, as a UTC ISO string. Zoho stamps deleted_time in the
 * org's offset (+05:30, -07:00): instants are compared, never the strings, or the cursor would
 * move backwards for orgs east of UTC. An unreadable stamp leaves `latest` as it was.
 */
export function laterDeletion(latest: string | undefined, deletedTime: string): string | undefined {
  const at = Date.parse(deletedTime);
  if (!Number.isNaN(at) && (!latest || at > Date.parse(latest))) return new Date(at).toISOString();
  return latest;
}
