import { z } from 'zod';
import { MODULES } from '../../sync/vocabulary.js';
import { filterRow } from './schemas.js';

/** Request schemas of the settings tab's own routes (strict, like the rest of /api/v1). */

export const previewBody = z
  .object({
    zohoId: z
      .string()
      .regex(/^\d{1,30}$/, 'a Zoho record id (digits)')
      .optional(),
    sageKey: z.string().trim().min(1).max(64).optional(),
  })
  .strict()
  .refine((b) => (b.zohoId === undefined) !== (b.sageKey === undefined), {
    message: 'give either zohoId or sageKey',
    path: ['zohoId'],
  });

export const filterCountBody = z
  .object({
    filters: z.array(filterRow).max(50),
    filterMatch: z.enum(['all', 'any']).default('all'),
  })
  .strict();

export const activityQuery = z
  .object({
    days: z.coerce.number().int().min(1).max(90).default(14),
    module: z.enum(MODULES).optional(),
  })
  .strict();

export const confirmAboveBody = z
  .object({
    module: z.enum(MODULES),
    minScore: z.number().int().min(1).max(100),
  })
  .strict();

export const resolveFieldsBody = z
  .object({
    /** The side to keep for each contested field, keyed by the conflict's field label. */
    fields: z.record(z.string().min(1).max(200), z.enum(['zoho', 'sage'])),
  })
  .strict();
