import type { LineDefinition } from '../sync/catalog/types.js';
import type { LineFields } from '../sync/gateways.js';
import { LinesByItem } from '../sync/lines-by-item.js';
import { lookupId } from '../sync/mapping/transforms.js';

/**
 * A record's new line list as Zoho's subform rows. Zoho's v8 updateRecords appends a row sent
 * without an id to the rows the record has, updates a row sent with its id, and deletes a row
 * sent as `{ id, _delete: null }` (zoho/crm-oas `v8.0/record/operations/updateRecords`): the
 * whole list sent again without ids would double the order's lines. So each new line takes the
 * id of the record's row for the same product (the nth line of a product the nth row of it), a
 * line with no such row goes as a new row, and every row no line took is deleted by id.
 * Without the current rows (a create) the lines go as they are.
 */
export function subformRows(
  def: LineDefinition,
  lines: LineFields[],
  current: LineFields[] | undefined,
): Array<Record<string, unknown>> {
  const rows = (current ?? []).filter((r) => typeof r.id === 'string');
  if (rows.length === 0) return lines;
  const productOf = itemOf(def);
  const byProduct = new LinesByItem(rows, productOf);
  const taken = new Set<unknown>();
  const out: Array<Record<string, unknown>> = lines.map((line) => {
    const row = byProduct.take(productOf(line));
    if (!row) return withoutId(line);
    taken.add(row.id);
    return { ...withoutId(line), id: row.id };
  });
  for (const row of rows) if (!taken.has(row.id)) out.push({ id: row.id, _delete: null });
  return out;
}

/** The line field naming the product (the line mappings' lookup), by its id. */
function itemOf(def: LineDefinition): (line: LineFields) => string {
  const item = def.mappings.find(
    (m) => (m.transform as { kind?: string } | undefined)?.kind === 'lookup',
  )?.zohoField;
  return (line) => (item ? (lookupId(line[item]) ?? '') : '');
}

/** A line as the engine mapped it never carries a row id of its own; only a taken row's goes. */
function withoutId(line: LineFields): Record<string, unknown> {
  if (!('id' in line)) return line;
  const { id: _id, ...rest } = line;
  return rest;
}
