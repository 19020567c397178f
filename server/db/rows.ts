import type { Knex } from 'knex';
import { TABLES } from './tables.js';

/** Small helpers shared by repositories for the portable column conventions of the schema. */

export const nowIso = (): string => new Date().toISOString();

export const toJson = (value: unknown): string => JSON.stringify(value);

export function fromJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** SQLite returns booleans as 0/1, Postgres as true/false. */
export const toBool = (value: unknown): boolean => value === true || value === 1 || value === '1';

/** Postgres returns bigint columns as strings. */
export const toNumber = (value: unknown): number =>
  typeof value === 'number' ? value : Number(value);

/**
 * Serialises whole-list replaces of one tenant's rows (delete then insert) on Postgres: two
 * concurrent identical saves otherwise both delete nothing the other can see and then collide on
 * the primary key (a duplicate-key 500). SQLite writers are serialised already.
 */
export async function lockTenantRow(trx: Knex.Transaction, tenantId: string): Promise<void> {
  if ((trx.client as { dialect?: string }).dialect !== 'postgresql') return;
  await trx.raw('SELECT id FROM ?? WHERE id = ? FOR UPDATE', [TABLES.tenants, tenantId]);
}
