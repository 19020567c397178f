import type { SimAdmin } from '../../sim/zoho/admin.js';
import type { SimDataType } from '../../sim/zoho/modules.js';
import { CATALOG } from '../sync/catalog/index.js';
import { fieldList } from '../sync/mapping/values.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { EXTENSION_FIELDS, extensionFieldsFor } from '../zoho/extension-fields.js';

/**
 * The demo org as a customer's org looks once it is set up for the extension: besides Zoho's
 * standard fields (the simulator's) it has the custom fields the default mappings name (Credit
 * Limit, Payment Terms, ... on Accounts; docs/operations.md "Limitations"), which an admin creates
 * in Setup. Without them the default mapping of a module could not be saved as it is. Types
 * follow the mapping's transform: numbers are currency, Y/N flags booleans, code tables picklists.
 */

type Transform = { kind?: string } | undefined;

/**
 * The extension creates its own fields (Sage_Key, Sage_Inactive, ...) with their own types,
 * module ones included: Invoices' `Deal` is a lookup to Deals, not a text field made here.
 */
const extensionOwn = (module: ModuleName) =>
  new Set([...EXTENSION_FIELDS, ...extensionFieldsFor(module)].map((f) => f.apiName));

function typeOf(
  module: ModuleName,
  field: string,
  transform: Transform,
): { data_type: SimDataType; length?: number; pick_list_values?: string[] } {
  const def = CATALOG[module];
  const picklist = def.zohoPicklists[field];
  if (picklist) return { data_type: 'picklist', pick_list_values: picklist };
  switch (transform?.kind) {
    case 'number':
      return { data_type: 'currency' };
    case 'yesno':
    case 'flag':
      return { data_type: 'boolean' };
    case 'date':
      return { data_type: 'date' };
    case 'lookup':
      // A lookup needs its target module; the simulator's standard modules have theirs.
      return { data_type: 'text', length: 255 };
    default:
      return { data_type: 'text', length: def.zohoLengths[field] ?? 255 };
  }
}

/** Adds to the org every field the default mappings of its modules name and it lacks. */
export function addMappedFields(admin: SimAdmin, orgId: string): Record<string, string[]> {
  const added: Record<string, string[]> = {};
  for (const def of Object.values(CATALOG)) {
    let have: Set<string>;
    try {
      have = new Set(admin.fields(orgId, def.module).map((f) => f.api_name));
    } catch {
      continue; // a module the org does not have (GL Accounts is the admin's to create)
    }
    const wanted = def.defaultMappings.flatMap((m) =>
      fieldList(m.zohoField)
        .filter((f) => !have.has(f) && !extensionOwn(def.module).has(f))
        .map((f) => ({
          field_label: f.replace(/_/g, ' '),
          ...typeOf(def.module, f, m.transform as Transform),
        })),
    );
    const names = admin.addCustomFields(orgId, def.module, wanted);
    if (names.length) added[def.module] = names;
  }
  return added;
}
