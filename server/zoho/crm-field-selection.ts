import { CATALOG } from '../sync/catalog/index.js';
import { compileMappings } from '../sync/mapping/compile.js';
import { zohoReadFields } from '../sync/mapping/read-fields.js';
import type { ModuleName } from '../sync/vocabulary.js';
import { ZohoRequestError } from './errors.js';
import { MAX_FIELDS } from './records-api.js';

/** The fields read before the engine selects the tenant's: the catalog's default mapping's. */
export function defaultZohoFields(module: ModuleName): string[] {
  return zohoReadFields(CATALOG[module], compileMappings(module, CATALOG[module].defaultMappings));
}

/** Field metadata (`GET /settings/fields`): lets the engine leave out mappings to missing fields. */
export interface FieldMetadata {
  getFields(module: string): Promise<Array<{ api_name: string }>>;
}

/**
 * Which Zoho fields a gateway reads per module: those the engine selected (or the default
 * mapping's) that the org has. Zoho refuses unknown names in `fields`, so the org's field names
 * are asked once per module and kept for the gateway's life (one run batch); a failed ask is
 * forgotten so the next read asks again.
 */
export class CrmFieldSelection {
  constructor(private readonly metadata?: FieldMetadata) {}

  private readonly known = new Map<ModuleName, Promise<string[] | undefined>>();
  private readonly selected = new Map<ModuleName, string[]>();

  select(module: ModuleName, fields: string[]): void {
    this.selected.set(module, [...new Set(fields)]);
  }

  /** The org's field names for a module, or undefined when the gateway has no metadata. */
  async fieldNames(module: ModuleName): Promise<string[] | undefined> {
    const metadata = this.metadata;
    if (!metadata) return undefined;
    let names = this.known.get(module);
    if (!names) {
      names = metadata.getFields(module).then((fields) => fields.map((f) => f.api_name));
      names.catch(() => this.known.delete(module));
      this.known.set(module, names);
    }
    return names;
  }

  /** The fields to read: the selected ones the org has. */
  async fields(module: ModuleName): Promise<string[]> {
    const wanted = this.selected.get(module) ?? defaultZohoFields(module);
    const known = await this.fieldNames(module);
    const fields = known ? wanted.filter((f) => known.includes(f)) : wanted;
    // Cutting the list would leave some mappings reading nothing while the run says it synced.
    if (fields.length > MAX_FIELDS) {
      throw new ZohoRequestError(
        `${module}: the mapping and filters name ${fields.length} Zoho fields; Zoho reads at most ${MAX_FIELDS} a call, so map fewer`,
      );
    }
    return fields;
  }
}
