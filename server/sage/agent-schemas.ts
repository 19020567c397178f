import { z } from 'zod';

/**
 * zod schemas for the agent's SOAP answers, as node-soap parses them. node-soap gives a repeated
 * element as an object when it occurs once, and an element with no content as undefined or "",
 * so these normalise both.
 */

const many = <T extends z.ZodType>(item: T) =>
  z.preprocess(
    (v) => (v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v]),
    z.array(item),
  );

/** An xs:string element: absent or empty elements become "". */
const text = z.preprocess((v) => (v === undefined || v === null ? '' : v), z.string());

const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v), z.boolean());
const int = z.coerce.number().int();

export type SageRecord = Record<string, string | null>;

const field = z.object({ Name: z.string().min(1), Value: z.unknown().optional() });

const record = z.object({ Field: many(field) }).transform((r): SageRecord => {
  const out: SageRecord = {};
  // A Field without Value is a null column; <Value/> is the empty string.
  for (const f of r.Field)
    out[f.Name] = f.Value === undefined ? null : typeof f.Value === 'string' ? f.Value : '';
  return out;
});

export const recordsSchema = z
  // No records: node-soap gives null, the fast reader (agent-xml.ts) an empty string.
  .preprocess(
    (v) => (v === undefined || v === null || v === '' ? {} : v),
    z.object({ Record: many(record) }),
  )
  .transform((r) => r.Record);

export const sageClockSchema = z
  .object({ Date: z.string().regex(/^\d{8}$/), Time: z.string().min(1) })
  .transform((c) => ({ date: c.Date, time: c.Time }));

export const versionSchema = z
  .object({ AgentVersion: z.string(), ContractVersion: z.string() })
  .transform((v) => ({ agentVersion: v.AgentVersion, contractVersion: v.ContractVersion }));

export const healthSchema = z
  .object({
    AgentVersion: z.string(),
    ContractVersion: z.string(),
    DataSource: z.string(),
    Healthy: bool,
    Message: text,
    MaxPageSize: int,
    SageNow: sageClockSchema,
  })
  .transform((h) => ({
    agentVersion: h.AgentVersion,
    contractVersion: h.ContractVersion,
    dataSource: h.DataSource,
    healthy: h.Healthy,
    message: h.Message,
    maxPageSize: h.MaxPageSize,
    sageNow: h.SageNow,
  }));
export type AgentHealth = z.output<typeof healthSchema>;

export const changesSchema = z
  .object({
    Records: recordsSchema,
    HasMore: bool,
    SageNow: sageClockSchema,
    /** Rows after the position asked from, when counted (an older agent never says). */
    Remaining: z.coerce.number().int().min(0).optional(),
  })
  .transform((c) => ({
    records: c.Records,
    hasMore: c.HasMore,
    sageNow: c.SageNow,
    ...(c.Remaining !== undefined ? { remaining: c.Remaining } : {}),
  }));
export type AgentChangePage = z.output<typeof changesSchema>;

/** Key parts: each Part is kept, an empty one as "" (a row's key column may be blank). */
const keyParts = z
  .preprocess(
    (v) => (v === undefined || v === null || v === '' ? {} : v),
    z.object({ Part: z.unknown() }),
  )
  .transform((k) => (k.Part === undefined ? [] : Array.isArray(k.Part) ? k.Part : [k.Part]))
  .pipe(z.array(text));

/**
 * GetChanges' PageEnd (ADR 0081), written by the agent before the page's rows: whether rows
 * follow and the last row's position. An older agent omits it.
 */
export const pageEndSchema = z
  .object({
    HasMore: bool,
    Last: z
      .object({ Date: z.string().regex(/^\d{8}$/), Time: text, Key: keyParts.optional() })
      .optional(),
  })
  .transform((e) => ({
    hasMore: e.HasMore,
    ...(e.Last ? { last: { date: e.Last.Date, time: e.Last.Time, key: e.Last.Key ?? [] } } : {}),
  }));
export type AgentPageEnd = z.output<typeof pageEndSchema>;

export const listRecordsSchema = z
  .object({ Records: recordsSchema, HasMore: bool })
  .transform((r) => ({ records: r.Records, hasMore: r.HasMore }));

export const recordsResponseSchema = z
  .object({ Records: recordsSchema })
  .transform((r) => r.Records);

export const creditStatusSchema = z
  .object({
    ARDivisionNo: z.string(),
    CustomerNo: z.string(),
    CreditHold: text,
    CreditLimit: z.string(),
    CurrentBalance: z.string(),
    AgingCategory1: z.string(),
    AgingCategory2: z.string(),
    AgingCategory3: z.string(),
    AgingCategory4: z.string(),
    OpenOrderAmt: z.string(),
    OpenInvoiceCount: int,
    OpenInvoiceBalance: z.string(),
    AvailableCredit: z.string(),
    OverCreditLimit: bool,
  })
  .transform((c) => ({
    arDivisionNo: c.ARDivisionNo,
    customerNo: c.CustomerNo,
    creditHold: c.CreditHold === 'Y',
    creditLimit: c.CreditLimit,
    currentBalance: c.CurrentBalance,
    aging: [c.AgingCategory1, c.AgingCategory2, c.AgingCategory3, c.AgingCategory4] as const,
    openOrderAmt: c.OpenOrderAmt,
    openInvoiceCount: c.OpenInvoiceCount,
    openInvoiceBalance: c.OpenInvoiceBalance,
    availableCredit: c.AvailableCredit,
    overCreditLimit: c.OverCreditLimit,
  }));
/** Money values are Sage's decimal strings with two decimals ("1500.00"). */
export type CreditStatus = z.output<typeof creditStatusSchema>;

export const faultSchema = z.object({
  faultcode: z.string().optional(),
  faultstring: z.string().optional(),
  detail: z
    .object({ AgentFault: z.object({ Code: z.string(), Message: text }).optional() })
    .optional(),
});
