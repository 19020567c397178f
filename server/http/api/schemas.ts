import { z } from 'zod';
import { DEAL_STAGE_TRIGGERS, type DealStageTrigger } from '../../sync/model/index.js';
import { NOTIFY_MODES } from '../../db/repositories/notifications.js';
import { filterOperator } from '../../sync/mapping/filters.js';
import { transformSpec } from '../../sync/mapping/transforms.js';
import {
  CONFLICT_POLICIES,
  DELETE_POLICIES,
  DIRECTIONS,
  MODULES,
  RECORD_ACTIONS,
} from '../../sync/vocabulary.js';

/** Request schemas of /api/v1, shared by the routes and the OpenAPI document. All are strict. */

const isIanaZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone.includes('/') || zone === 'UTC';
  } catch {
    return false;
  }
};
export const ianaTimeZone = z
  .string()
  .refine(isIanaZone, { message: 'not an IANA time zone (like America/Chicago)' });

export const scheduleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('interval'), seconds: z.number().int().min(30) }).strict(),
  z
    .object({
      kind: z.literal('times'),
      times: z
        .array(z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'times are HH:MM'))
        .min(1)
        .max(24),
      timeZone: ianaTimeZone,
    })
    .strict(),
]);

export const moduleSettingsBody = z
  .object({
    direction: z.enum(DIRECTIONS).optional(),
    schedule: scheduleSchema.optional(),
    conflictPolicy: z.enum(CONFLICT_POLICIES).optional(),
    conflictToleranceSeconds: z.number().int().min(0).max(86_400).optional(),
    deletePolicy: z.enum(DELETE_POLICIES).optional(),
    deleteBrakePercent: z.number().min(0).max(100).optional(),
    filterMatch: z.enum(['all', 'any']).optional(),
    /** Per-record opt-in (ADR 0062); only modules with an opt-in checkbox take it. */
    optIn: z.boolean().optional(),
    /** Sales_Orders only: the Deal stage each Sage order status moves its Deal to (ADR 0066). */
    dealStages: z
      .object({
        enabled: z.boolean(),
        stages: z
          .object(
            Object.fromEntries(
              DEAL_STAGE_TRIGGERS.map((t) => [t, z.string().trim().min(1).max(120).optional()]),
            ) as Record<DealStageTrigger, z.ZodOptional<z.ZodString>>,
          )
          .strict(),
      })
      .strict()
      .optional(),
  })
  .strict();

const fieldName = z
  .string()
  .trim()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9_]+(,[A-Za-z0-9_]+)*$/, 'field API names, comma-separated');

export const mappingRow = z
  .object({
    zohoField: fieldName,
    sageField: fieldName,
    direction: z.enum(['both', 'sage_to_zoho', 'zoho_to_sage']),
    transform: transformSpec.optional(),
    emptyOverwrites: z.boolean().default(false),
    owner: z.enum(['zoho', 'sage']).optional(),
  })
  .strict();
export const mappingsBody = z
  .object({
    mappings: z
      .array(mappingRow)
      .max(200)
      // A pair is stored once (a unique index): a second row for it is the admin's slip.
      .superRefine((rows, ctx) => {
        const first = new Map<string, number>();
        rows.forEach((m, i) => {
          const pair = `${m.zohoField} ↔ ${m.sageField}`;
          const seen = first.get(pair);
          if (seen === undefined) first.set(pair, i);
          else
            ctx.addIssue({
              code: 'custom',
              path: [i],
              message: `${pair} is mapped twice (also row ${seen})`,
            });
        });
      }),
  })
  .strict();

export const filterRow = z
  .object({
    side: z.enum(['zoho', 'sage']),
    field: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_]+$/, 'a field API name'),
    operator: filterOperator,
    value: z
      .union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])
      .default(null),
  })
  .strict();
export const filtersBody = z.object({ filters: z.array(filterRow).max(50) }).strict();

export const sageConnectionBody = z
  .object({
    endpointUrl: z.url({ protocol: /^https?$/ }),
    companyCode: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9]{3}$/, 'three letters or digits'),
    username: z.string().trim().min(1).max(30),
    /** Write-only; omitted keeps the stored one. */
    password: z.string().min(1).max(100).optional(),
    timeZone: ianaTimeZone,
    lengthProfile: z.enum(['2018', '2023']).default('2023'),
    agentUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Write-only; omitted keeps the stored one. */
    agentToken: z.string().min(8).max(500).optional(),
    /** The eBWS seats granted to the product; null takes SAGE_EBWS_SESSIONS, omitted keeps. */
    ebwsSessions: z.number().int().min(1).max(64).nullable().optional(),
    /** AR division for customers created from Zoho (two digits; checked by the route, 422); omitted keeps. */
    defaultDivision: z.string().trim().optional(),
  })
  .strict();

const flowDirection = z.enum(['sage_to_zoho', 'zoho_to_sage', 'both']);

export const runBody = z
  .object({
    modules: z.array(z.enum(MODULES)).min(1).max(MODULES.length),
    direction: flowDirection.optional(),
    dryRun: z.boolean().default(false),
    since: z.iso.datetime({ offset: true }).optional(),
    /** Continue where this cancelled or failed run stopped (one module, the same module). */
    continueFrom: z.uuid().optional(),
  })
  .strict();

export const runsQuery = z
  .object({
    module: z.enum(MODULES).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

/**
 * A keyset page of a list (run events, review lists): `limit` 1-1000 (default 500), `after` the id
 * the previous page's `nextAfter` named.
 */
const keysetPage = {
  limit: z.coerce.number().int().min(1).max(1000).default(500),
  after: z.coerce.number().int().min(0).optional(),
};

export const eventsQuery = z
  .object({ action: z.enum(RECORD_ACTIONS).optional(), ...keysetPage })
  .strict();

export const recordSyncBody = z
  .object({ zohoId: z.string().regex(/^\d{1,30}$/, 'a Zoho record id (digits)') })
  .strict();

export const conflictsQuery = z
  .object({ module: z.enum(MODULES).optional(), ...keysetPage })
  .strict();
export const resolveBody = z.object({ winner: z.enum(['zoho', 'sage']) }).strict();

export const matchesQuery = z
  .object({
    module: z.enum(MODULES),
    status: z.enum(['open', 'confirmed', 'rejected']).optional(),
    ...keysetPage,
  })
  .strict();

export const emptyBody = z.object({}).strict();

export const notificationSettingsBody = z
  .object({
    mode: z.enum(NOTIFY_MODES).optional(),
    emails: z.array(z.email()).max(20).optional(),
    /** null removes the webhook. */
    webhookUrl: z
      .url({ protocol: /^https?$/ })
      .max(2000)
      .nullable()
      .optional(),
    webhookSecret: z.string().min(16).max(200).optional(),
  })
  .strict();

export const deliveriesQuery = z
  .object({
    status: z.enum(['pending', 'delivered', 'failed']).optional(),
    runId: z.uuid().optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();
