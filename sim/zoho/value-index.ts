import type { SimModuleState, SimRecord } from './store.js';

/**
 * A module's records by a field's value (as Zoho compares them for duplicates: as text, ignoring
 * case), so the duplicate check of an upsert or a unique field does not scan every record: with
 * 10,000 records a first sync scanned 10,000 x 10,000 values and the simulator, not the client,
 * set the pace. Built per field on first use, kept current by the simulator's own writes
 * (`unindex` before a record changes, `reindex` after), dropped (`forgetIndex`) when records
 * change any other way.
 */
export type ValueIndex = Map<string, Map<string, Set<SimRecord>>>;

const indexes = new WeakMap<SimModuleState, ValueIndex>();

const keyOf = (value: unknown) => String(value ?? '').toLowerCase();

function fieldIndex(module: SimModuleState, field: string): Map<string, Set<SimRecord>> {
  let index = indexes.get(module);
  if (!index) indexes.set(module, (index = new Map()));
  let byValue = index.get(field);
  if (!byValue) {
    byValue = new Map();
    for (const rec of module.records.values()) add(byValue, keyOf(rec.data[field]), rec);
    index.set(field, byValue);
  }
  return byValue;
}

function add(byValue: Map<string, Set<SimRecord>>, key: string, rec: SimRecord): void {
  const set = byValue.get(key);
  if (set) set.add(rec);
  else byValue.set(key, new Set([rec]));
}

/**
 * The first record (in creation order, as a scan would find it) whose `field` equals `value`
 * ignoring case, other than `except`.
 */
export function findByValue(
  module: SimModuleState,
  field: string,
  value: unknown,
  except?: SimRecord,
): SimRecord | undefined {
  const key = keyOf(value);
  let first: SimRecord | undefined;
  for (const rec of fieldIndex(module, field).get(key) ?? []) {
    // Checked against the record itself, so an index that missed a change never invents a match.
    if (rec === except || module.records.get(rec.id) !== rec || keyOf(rec.data[field]) !== key) {
      continue;
    }
    if (!first || rec.seq < first.seq) first = rec;
  }
  return first;
}

/** Before a record changes or goes: its values leave the built indexes. */
export function unindex(module: SimModuleState, rec: SimRecord): void {
  for (const [field, byValue] of indexes.get(module) ?? []) {
    const key = keyOf(rec.data[field]);
    const set = byValue.get(key);
    set?.delete(rec);
    if (set?.size === 0) byValue.delete(key);
  }
}

/** After a record was added or changed: its values join the built indexes. */
export function reindex(module: SimModuleState, rec: SimRecord): void {
  for (const [field, byValue] of indexes.get(module) ?? [])
    add(byValue, keyOf(rec.data[field]), rec);
}

/** Records changed outside `unindex`/`reindex`: the indexes are built again when next used. */
export function forgetIndex(module: SimModuleState): void {
  indexes.delete(module);
}
