import { z } from 'zod';

/** Zoho's answers, parsed at the boundary. Unknown keys pass through; what we use is checked. */

export const tokenResponse = z.union([
  z.object({
    access_token: z.string().min(1),
    refresh_token: z.string().min(1).optional(),
    api_domain: z.string().url(),
    expires_in: z.number().int().positive(),
    scope: z.string().optional(),
    token_type: z.string().optional(),
  }),
  z.object({ error: z.string(), error_description: z.string().optional() }),
]);
export type TokenResponse = z.infer<typeof tokenResponse>;

export const errorEnvelope = z.object({
  code: z.string(),
  message: z.string().default(''),
  details: z.record(z.string(), z.unknown()).default({}),
  status: z.string().optional(),
});

export const zohoRecord = z.object({ id: z.string() }).catchall(z.unknown());
export type ZohoRecord = z.infer<typeof zohoRecord>;

export const pageInfo = z
  .object({
    per_page: z.number().optional(),
    count: z.number().optional(),
    page: z.number().optional(),
    more_records: z.boolean().default(false),
    next_page_token: z.string().nullish(),
    page_token_expiry: z.string().nullish(),
  })
  .default({ more_records: false });

export const recordsResponse = z.object({ data: z.array(zohoRecord), info: pageInfo });
/** `GET /{module}/actions/count`. */
export const countResponse = z.object({ count: z.number().int().min(0) });

/**
 * An object whose values are read where they are used: checked as an object, not copied key by
 * key as z.record does (six times the cost of the rest of a write entry, 100 entries a call).
 */
const plainObject = z.custom<Record<string, unknown>>(
  (v) => typeof v === 'object' && v !== null && !Array.isArray(v),
  { message: 'expected an object' },
);

export const writeEntry = z.object({
  code: z.string(),
  status: z.enum(['success', 'error']),
  message: z.string().default(''),
  details: plainObject.default({}),
  action: z.enum(['insert', 'update']).optional(),
  duplicate_field: z.string().nullish(),
});
export const writeResponse = z.object({ data: z.array(writeEntry) });

export const deletedResponse = z.object({
  data: z.array(
    z.object({
      id: z.string(),
      display_name: z.string().nullish(),
      type: z.string(),
      deleted_time: z.string(),
      deleted_by: z.object({ id: z.string(), name: z.string() }).nullish(),
    }),
  ),
  info: pageInfo,
});

export const coqlResponse = z.object({
  data: z.array(z.record(z.string(), z.unknown())),
  info: z.object({ count: z.number(), more_records: z.boolean() }),
});

export const fieldMeta = z
  .object({
    id: z.string(),
    api_name: z.string(),
    field_label: z.string(),
    data_type: z.string(),
    length: z.number().nullish(),
    custom_field: z.boolean().default(false),
    system_mandatory: z.boolean().default(false),
    read_only: z.boolean().default(false),
    /**
     * Zoho sends `{}` for every field that is not unique, and `{ casesensitive: ... }` (a boolean
     * or the string "true"/"false"; `case_sensitive` in the create request) for one that is.
     */
    unique: z
      .object({
        casesensitive: z.union([z.boolean(), z.string()]).optional(),
        case_sensitive: z.union([z.boolean(), z.string()]).optional(),
      })
      .catchall(z.unknown())
      .nullish(),
  })
  .catchall(z.unknown());
export type FieldMeta = z.infer<typeof fieldMeta>;

/** Whether Zoho enforces unique values on a field: `unique` names its case rule, `{}` does not. */
export const isUniqueField = (meta: Pick<FieldMeta, 'unique'>): boolean =>
  !!meta.unique && Object.keys(meta.unique).length > 0;
export const fieldsResponse = z.object({ fields: z.array(fieldMeta) });
export const fieldCreateResponse = z.object({ fields: z.array(writeEntry.omit({ action: true })) });

export const modulesResponse = z.object({
  modules: z.array(
    z
      .object({
        api_name: z.string(),
        plural_label: z.string().optional(),
        generated_type: z.string().optional(),
        api_supported: z.boolean().optional(),
      })
      .catchall(z.unknown()),
  ),
});

export const orgResponse = z.object({
  org: z
    .array(
      z
        .object({
          id: z.string(),
          company_name: z.string().nullish(),
          time_zone: z.string().nullish(),
          currency: z.string().nullish(),
          license_details: z
            .object({
              paid: z.boolean().nullish(),
              paid_type: z.string().nullish(),
              trial_type: z.string().nullish(),
              trial_expiry: z.string().nullish(),
            })
            .partial()
            .nullish(),
        })
        .catchall(z.unknown()),
    )
    .min(1),
});
export type ZohoOrg = z.infer<typeof orgResponse>['org'][number];

export const zohoUser = z
  .object({
    id: z.string(),
    zuid: z.string().nullish(),
    email: z.string(),
    full_name: z.string().nullish(),
    status: z.string().nullish(),
    profile: z.object({ id: z.string(), name: z.string() }),
    role: z.object({ id: z.string(), name: z.string() }).nullish(),
  })
  .catchall(z.unknown());
export type ZohoUser = z.infer<typeof zohoUser>;
export const usersResponse = z.object({ users: z.array(zohoUser) });

export const watchResponse = z.object({
  watch: z.array(
    writeEntry.omit({ action: true, duplicate_field: true }).extend({
      details: z
        .object({
          events: z
            .array(
              z.object({
                channel_id: z.union([z.string(), z.number()]),
                channel_expiry: z.string(),
              }),
            )
            .optional(),
        })
        .catchall(z.unknown())
        .default({}),
    }),
  ),
});

/** The body Zoho posts to a notification channel's URL. */
export const notificationBody = z.object({
  channel_id: z.union([z.string(), z.number()]).transform(String),
  token: z.string().nullish(),
  module: z.string(),
  operation: z.string(),
  ids: z.array(z.union([z.string(), z.number()]).transform(String)),
  server_time: z.union([z.number(), z.string()]).optional(),
});
export type NotificationBody = z.infer<typeof notificationBody>;
