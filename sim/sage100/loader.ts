import fs from 'node:fs';
import { z } from 'zod';
import { isValidTimeZone } from '../../server/sage/sage-time.js';
import { DEFAULT_USER } from './generator.js';
import { SAGE_TABLES, SageStore, type SageTableName } from './store.js';

/**
 * Loads a Sage 100 installation from JSON (format documented in docs/simulators.md, Sage
 * section). Rows that carry DateUpdated keep their audit columns (bulk import); rows without them
 * are inserted and stamped with the store's clock, like a record keyed in today.
 */

const cell = z.union([z.string(), z.number()]);
const row = z.record(z.string(), cell);

const companySchema = z.object({
  CompanyCode: z.string().trim().min(1).max(3),
  CompanyName: z.string().default(''),
  WebServicesEnabled: z.enum(['Y', 'N']).default('Y'),
  timeZone: z
    .string()
    .default('America/Chicago')
    .refine(isValidTimeZone, 'expected an IANA time zone such as America/Chicago'),
  NextCustomerNo: z.number().int().positive().default(1),
  NextSalesOrderNo: z.number().int().positive().default(1),
  tables: z.partialRecord(z.enum(SAGE_TABLES), z.array(row)).default({}),
});

const userSchema = z.object({
  UserLogon: z.string().trim().min(1),
  Password: z.string(),
  UserKey: z
    .string()
    .regex(/^\d{1,10}$/)
    .optional(),
  WebServicesEnabled: z.enum(['Y', 'N']).default('Y'),
  Companies: z.union([z.literal('*'), z.array(z.string())]).default('*'),
  DeniedTasks: z.array(z.string().regex(/^[A-Z]{2}_\w+:(View|Create|Modify|Remove)$/)).default([]),
});

export const sageDataSchema = z.object({
  companies: z.array(companySchema).min(1),
  users: z.array(userSchema).default([]),
});

export type SageDataFile = z.input<typeof sageDataSchema>;

export class SageDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SageDataError';
  }
}

/** Fills `store` from parsed JSON. Throws SageDataError naming the first bad path. */
export function loadSageData(store: SageStore, json: unknown): SageStore {
  const parsed = sageDataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new SageDataError(
      `invalid Sage data at ${issue?.path.join('.') || '(root)'}: ${issue?.message}`,
    );
  }
  for (const c of parsed.data.companies) {
    const { tables, ...settings } = c;
    const company = store.addCompany({
      ...settings,
      CompanyCode: settings.CompanyCode.toUpperCase(),
    });
    for (const [table, rows] of Object.entries(tables) as Array<
      [SageTableName, Array<Record<string, string | number>>]
    >) {
      try {
        company.transaction(() => {
          for (const r of rows) {
            if (r.DateUpdated !== undefined) company.bulkImport(table, [r]);
            else company.insert(table, r);
          }
        });
      } catch (err) {
        throw new SageDataError(
          `company ${company.code}, table ${table}: ${(err as Error).message}`,
        );
      }
    }
  }
  const users = parsed.data.users.length > 0 ? parsed.data.users : [DEFAULT_USER];
  users.forEach((u, i) =>
    store.addUser({ ...u, UserKey: (u.UserKey ?? String(i + 1)).padStart(10, '0') }),
  );
  return store;
}

export function loadSageDataFile(store: SageStore, file: string): SageStore {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new SageDataError(`cannot read ${file}: ${(err as Error).message}`);
  }
  return loadSageData(store, json);
}
