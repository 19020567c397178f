import type { ModuleName } from '../vocabulary.js';

/**
 * The reason a Zoho record waits on a parent that exists only in Zoho and whose module flows from
 * Sage only: it names the parent, and what makes the record go (ADR 0080).
 */
export function sageFirst(module: ModuleName, id: string, name: string | undefined): string {
  const what = `${SINGULAR[module] ?? module} ${name ? `"${name}" ` : ''}(Zoho id ${id})`;
  return (
    `${what} exists only in Zoho: ${module} sync from Sage 100 to Zoho only, so it must ` +
    `exist in Sage first (create it in Sage 100, or put its Sage code in the Zoho record's ` +
    `Sage Key); held, and sent once ${module} links it`
  );
}

const SINGULAR: Partial<Record<ModuleName, string>> = {
  Products: 'product',
  Vendors: 'vendor',
  GL_Accounts: 'GL account',
};

/** The display name Zoho returns with a lookup value (`{ id, name }`), when it has one. */
export const lookupName = (value: unknown): string | undefined => {
  if (typeof value !== 'object' || value === null || !('name' in value)) return undefined;
  const name = (value as { name: unknown }).name;
  return typeof name === 'string' && name.trim() ? name.trim() : undefined;
};
