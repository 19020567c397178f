import { CATALOG, sageKeyFields } from '../sync/catalog/index.js';
import type { GatewayRecord } from '../sync/gateways.js';
import type { ModuleName } from '../sync/vocabulary.js';
import type { AgentClient } from './agent-client.js';
import type { SageRecord as AgentRow } from './agent-schemas.js';
import { sageToInstant } from './sage-time.js';
import { ENTITY, LINES } from './sage-modules.js';

/**
 * Sage records as the engine sees them, read through the agent: Sage's table rows with text
 * trimmed, keyed by the catalog's key parts joined with '-', versioned by the feed's change
 * instant or else DateUpdated/TimeUpdated in the company's time zone. Every read path (feed,
 * listing, by key) goes through here, so what the engine hashes after a write is what the feed
 * shows.
 */

/** An agent row as a GatewayRecord (no lines yet: `withLines`). */
export function toGatewayRecord(
  module: ModuleName,
  row: AgentRow,
  timeZone: string,
  updatedAt?: string | null,
): GatewayRecord {
  const parts = CATALOG[module].sageKey;
  const id = parts.map((p) => String(row[p.field] ?? '').trim()).join('-');
  let version = updatedAt ?? undefined;
  if (!version && row.DateUpdated && row.DateUpdated !== '00000000') {
    try {
      version = sageToInstant(row.DateUpdated, row.TimeUpdated ?? '0', timeZone).toISOString();
    } catch {
      version = undefined;
    }
  }
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) fields[k] = typeof v === 'string' ? v.trim() : v;
  return { id, version: version ?? new Date(0).toISOString(), fields };
}

/** Adds each order's or invoice's lines, in Sage's line order; other modules pass unchanged. */
export async function withLines(
  agent: AgentClient,
  module: ModuleName,
  records: GatewayRecord[],
): Promise<GatewayRecord[]> {
  const spec = LINES[module];
  if (!spec) return records;
  for (const r of records) {
    const parent =
      module === 'Invoices'
        ? [String(r.fields.InvoiceNo), String(r.fields.HeaderSeqNo)]
        : [String(r.fields.SalesOrderNo)];
    const rows = await agent.getChildren(spec.relation, parent);
    rows.sort((a, b) => String(a[spec.order] ?? '').localeCompare(String(b[spec.order] ?? '')));
    r.lines = rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === 'string' ? v.trim() : v]),
      ),
    );
  }
  return records;
}

/** Records by Sage key, 100 keys per agent call; keys not found are absent. */
export async function readByKeys(
  agent: AgentClient,
  module: ModuleName,
  keys: string[],
  timeZone: string,
): Promise<Map<string, GatewayRecord>> {
  const parts = CATALOG[module].sageKey;
  const wanted = [...new Set(keys)];
  const out = new Map<string, GatewayRecord>();
  for (let i = 0; i < wanted.length; i += 100) {
    const batch = wanted.slice(i, i + 100).map((k) => {
      const fields = sageKeyFields(parts, k);
      return parts.map((p) => fields[p.field] ?? '');
    });
    const rows = await agent.getRecords(ENTITY[module], batch);
    const records = await withLines(
      agent,
      module,
      rows.map((r) => toGatewayRecord(module, r, timeZone)),
    );
    for (const r of records) out.set(r.id, r);
  }
  return out;
}
