/**
 * A subform written as Zoho's v8 updateRecords describes it (zoho/crm-oas,
 * `v8.0/record/operations/updateRecords/operation.md`): a row that names an existing row's `id`
 * updates that row, and with `"_delete": null` deletes it; a row without an id is appended to
 * the rows already there; an empty array deletes every row. So a client that sends a record's
 * whole line list again without the rows' ids doubles its lines, as Zoho would.
 */
export type SubformRow = Record<string, unknown>;

export interface SubformOps<E> {
  newId(): string;
  /** The row's fields, checked and normalized; `adding`: a new row, whose mandatory fields must be there. */
  fields(row: SubformRow, index: number, adding: boolean): SubformRow;
  /** The error for a row that is no object, or names an id the record does not have. */
  invalid(index: number, details?: Record<string, unknown>): E;
}

export function writeSubform<E>(
  value: unknown[],
  existing: readonly SubformRow[],
  ops: SubformOps<E>,
): SubformRow[] {
  if (value.length === 0) return [];
  const rows = existing.map((r) => ({ ...r }));
  value.forEach((row, i) => {
    if (typeof row !== 'object' || row === null || Array.isArray(row)) throw ops.invalid(i);
    const line = row as SubformRow;
    if (line.id === undefined || line.id === null) {
      rows.push({ id: ops.newId(), ...ops.fields(line, i, true) });
      return;
    }
    const at = rows.findIndex((r) => r.id === String(line.id));
    if (at < 0) throw ops.invalid(i, { id: String(line.id) });
    if ('_delete' in line) rows.splice(at, 1);
    else rows[at] = { ...rows[at], ...ops.fields(line, i, false) };
  });
  return rows;
}
