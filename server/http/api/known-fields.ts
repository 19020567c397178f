import { CATALOG } from '../../sync/catalog/index.js';
import { fieldList } from '../../sync/mapping/values.js';
import type { ModuleName } from '../../sync/vocabulary.js';

/**
 * The field names a mapping or filter may use. Sage's side is fixed by Sage 100's tables, so the
 * catalog knows it; Zoho's side is the org's own field list (custom fields included) when Zoho can
 * be asked, else the catalog's.
 */
export function catalogSageFields(module: ModuleName): Set<string> {
  const def = CATALOG[module];
  return new Set([
    ...def.defaultMappings.flatMap((m) => fieldList(m.sageField)),
    ...Object.keys(def.sageLengths['2018']),
    ...Object.keys(def.sageLengths['2023']),
    ...def.sageKey.map((p) => p.field),
    ...def.sageMandatory,
  ]);
}

export function catalogZohoFields(module: ModuleName): Set<string> {
  const def = CATALOG[module];
  return new Set([
    ...def.defaultMappings.flatMap((m) => fieldList(m.zohoField)),
    ...Object.keys(def.zohoLengths),
    ...Object.keys(def.zohoPicklists),
    ...def.zohoMandatory,
    def.zohoKeyField,
  ]);
}

/** Reads the Zoho org's field names of a module; undefined when Zoho cannot be asked. */
export type ZohoFieldLister = (
  tenantId: string,
  module: ModuleName,
) => Promise<string[] | undefined>;

export interface KnownFields {
  zoho: Set<string>;
  sage: Set<string>;
  /** Where the Zoho names came from, so the admin knows how far the check went. */
  zohoSource: 'zoho' | 'catalog';
}

export async function knownFields(
  module: ModuleName,
  tenantId: string,
  listZoho: ZohoFieldLister | undefined,
): Promise<KnownFields> {
  let fromZoho: string[] | undefined;
  try {
    fromZoho = await listZoho?.(tenantId, module);
  } catch {
    fromZoho = undefined; // Zoho unreachable: the catalog still catches typos in standard fields
  }
  return {
    zoho: fromZoho ? new Set(fromZoho) : catalogZohoFields(module),
    sage: catalogSageFields(module),
    zohoSource: fromZoho ? 'zoho' : 'catalog',
  };
}
