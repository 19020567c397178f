import { z } from 'zod';
import { positionOf, type Position, type SageRow } from './sage-row.js';
import { isFingerprintList, type KnownGroup } from './stamp-groups.js';

/**
 * Conversions between the agent's SOAP messages (agent.wsdl) and its own types. node-soap hands a
 * repeated element over as an object when it occurs once and as an array otherwise, so every
 * repeated element is normalised here.
 */

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (value) =>
      value === undefined || value === null ? [] : Array.isArray(value) ? value : [value],
    z.array(item),
  );

const text = z.preprocess((v) => (v === undefined || v === null ? '' : v), z.coerce.string());

export const wireKey = z.object({ Part: many(text) }).transform((k) => k.Part);

export const wirePosition = z
  .object({ Date: z.string().regex(/^\d{8}$/), Time: text, Key: wireKey.optional() })
  .transform((p): Position => ({ date: p.Date, time: p.Time, key: p.Key ?? [] }));

export const wireKnownGroup = z
  .object({
    Date: z.string().regex(/^\d{8}$/),
    Time: text,
    Count: z.coerce.number().int().min(0),
    Digest: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional(),
    Fingerprints: z
      .string()
      .refine(isFingerprintList, 'not base64 of 4-byte key fingerprints')
      .optional(),
  })
  .transform((g): KnownGroup => ({
    date: g.Date,
    time: g.Time,
    count: g.Count,
    ...(g.Digest !== undefined ? { digest: g.Digest } : {}),
    ...(g.Fingerprints !== undefined ? { fingerprints: g.Fingerprints } : {}),
  }));

export const getChangesRequest = z.object({
  AgentToken: text,
  Entity: z.string(),
  After: wirePosition.optional(),
  PageSize: z.coerce.number().int(),
  /** Also count the rows left after `After` (optional in contract 1: older clients omit it). */
  CountRemaining: z
    .union([z.boolean(), z.enum(['true', 'false'])])
    .transform((v) => v === true || v === 'true')
    .optional(),
  /** Stamp groups the caller holds (optional in contract 1: older clients omit it). */
  Known: z
    .preprocess((v) => (v === '' ? {} : v), z.object({ Group: many(wireKnownGroup) }))
    .transform((k) => k.Group)
    .optional(),
});

export const listRecordsRequest = z.object({
  AgentToken: text,
  Entity: z.string(),
  AfterKey: wireKey.optional(),
  PageSize: z.coerce.number().int(),
});

export const getRecordsRequest = z.object({
  AgentToken: text,
  Entity: z.string(),
  Keys: z.preprocess((v) => v ?? {}, z.object({ Key: many(wireKey) })).transform((k) => k.Key),
});

export const getChildrenRequest = z.object({
  AgentToken: text,
  Relation: z.string(),
  ParentKey: wireKey,
});

export const getCreditStatusRequest = z.object({
  AgentToken: text,
  ARDivisionNo: text,
  CustomerNo: text,
});

export const tokenOnlyRequest = z.object({ AgentToken: text });

/**
 * Records as agent.wsdl's ArrayOfRecord, serialised here rather than by node-soap, whose object
 * serialiser (namespace lookups per element) took most of a 500-row feed page's time on the
 * agent (ADR 0075). `$xml` is node-soap's key for markup it inserts as given, so the envelope and
 * everything else in the answer stay node-soap's. The markup is the same as node-soap writes
 * (`<Record><Field><Name>..</Name><Value>..</Value></Field>..</Record>`, Value left out for a
 * null, the same characters escaped), except that a value that looks like a CDATA section is
 * escaped like any other, where node-soap would have sent it raw and lost its brackets.
 */
export interface WireRecords {
  $xml: string;
}

const XML_SPECIAL = /[&<>"'\t\r\n]/;
const XML_SPECIAL_GLOBAL = /[&<>"'\t\r\n]/g;
const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\t': '&#x9;',
  '\r': '&#xD;',
  '\n': '&#xA;',
};

/** As node-soap's xmlEscape (tabs and line ends as references, so they survive the parse). */
export function xmlText(value: string): string {
  return XML_SPECIAL.test(value)
    ? value.replace(XML_SPECIAL_GLOBAL, (c) => XML_ESCAPES[c]!)
    : value;
}

export function toWireRecords(rows: readonly SageRow[]): WireRecords {
  const parts: string[] = [];
  for (const row of rows) {
    parts.push('<Record>');
    for (const name in row) {
      const value = row[name];
      parts.push(
        value === null || value === undefined
          ? `<Field><Name>${xmlText(name)}</Name></Field>`
          : `<Field><Name>${xmlText(name)}</Name><Value>${xmlText(value)}</Value></Field>`,
      );
    }
    parts.push('</Record>');
  }
  return { $xml: parts.join('') };
}

/**
 * GetChanges' PageEnd (agent.wsdl, ADR 0081): whether rows follow and the last row's position,
 * as the client computes it from the row (positionOf), so both sides name the same place.
 */
export function toWirePageEnd(
  last: SageRow | undefined,
  keyColumns: readonly string[],
  hasMore: boolean,
): { HasMore: boolean; Last?: { Date: string; Time: string; Key: { Part: string[] } } } {
  if (!last) return { HasMore: hasMore };
  const position = positionOf(last, keyColumns);
  return {
    HasMore: hasMore,
    Last: { Date: position.date, Time: position.time, Key: { Part: position.key } },
  };
}
