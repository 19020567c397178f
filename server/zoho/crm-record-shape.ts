import type { GatewayRecord } from '../sync/gateways.js';
import { CATALOG } from '../sync/catalog/index.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { ZohoRecord } from './schemas.js';

/**
 * A Zoho record as the engine's GatewayRecord. Records keep Zoho's API names (the engine's mapping
 * does the rest); the subform of orders and invoices becomes `lines`, and Modified_Time the
 * version, so every read path (changes, listing, by id, by key) shapes records the same way.
 */
export function toGatewayRecord(module: ModuleName, r: ZohoRecord): GatewayRecord {
  const { id, ...rest } = r;
  const lineField = CATALOG[module].lines?.zohoField;
  const lines =
    lineField && Array.isArray(rest[lineField])
      ? (rest[lineField] as Array<Record<string, unknown>>)
      : undefined;
  const modified = typeof rest.Modified_Time === 'string' ? rest.Modified_Time : undefined;
  return {
    id,
    version: modified ? new Date(modified).toISOString() : new Date(0).toISOString(),
    fields: rest,
    lines,
  };
}
