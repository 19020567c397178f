import { nextAutoNumber, type SimField } from './modules.js';
import type { SimModuleState, SimOrg, SimRecord, SimStore, SimUser } from './store.js';
import { zohoTime } from './store.js';
import { writeSubform, type SubformRow } from './subform-writes.js';
import { findByValue, reindex, unindex } from './value-index.js';

/**
 * Insert, update and upsert as Zoho answers them: one entry per record, SUCCESS or an error code
 * (MANDATORY_NOT_FOUND, INVALID_DATA, DUPLICATE_DATA) with the field's api_name and json_path.
 */

export type WriteOp = 'insert' | 'update' | 'upsert';

export interface WriteResult {
  entries: Array<Record<string, unknown>>;
  created: string[];
  edited: string[];
}

/** Zoho's default duplicate check fields per module (before user-defined unique fields). */
const SYSTEM_DUPLICATE_CHECK: Record<string, string[]> = {
  Accounts: ['Account_Name'],
  Contacts: ['Email'],
  Products: ['Product_Name'],
  Vendors: ['Vendor_Name'],
};

class FieldError {
  constructor(
    readonly code:
      'INVALID_DATA' | 'MANDATORY_NOT_FOUND' | 'DUPLICATE_DATA' | 'MULTIPLE_OR_MULTI_ERRORS',
    readonly message: string,
    readonly details: Record<string, unknown>,
  ) {}
}

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';
const TEXT_TYPES = new Set([
  'text',
  'textarea',
  'email',
  'phone',
  'website',
  'picklist',
  'autonumber',
]);
const NUMBER_TYPES = new Set(['integer', 'double', 'currency']);

export interface WriteContext {
  store: SimStore;
  org: SimOrg;
  module: SimModuleState;
  user: SimUser;
}

/** `prior`: the record's value before this write (a subform's rows, which a write edits). */
function normalizeValue(
  ctx: WriteContext,
  field: SimField,
  value: unknown,
  path: string,
  prior?: unknown,
): unknown {
  const invalid = (extra: Record<string, unknown> = {}) =>
    new FieldError('INVALID_DATA', 'invalid data', {
      api_name: field.api_name,
      json_path: path,
      ...extra,
    });
  // A checkbox has no empty state in Zoho: clearing it unticks it.
  if (value === null) return field.data_type === 'boolean' ? false : null;
  if (TEXT_TYPES.has(field.data_type)) {
    if (typeof value !== 'string') throw invalid({ expected_data_type: field.data_type });
    if (field.length !== undefined && value.length > field.length) {
      throw invalid({ maximum_length: field.length });
    }
    if (field.data_type === 'email' && value !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value)) {
      throw invalid({ expected_data_type: 'email' });
    }
    return value;
  }
  if (NUMBER_TYPES.has(field.data_type)) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw invalid({ expected_data_type: field.data_type });
    }
    if (field.data_type === 'integer' && !Number.isInteger(value)) throw invalid();
    return value;
  }
  switch (field.data_type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw invalid({ expected_data_type: 'boolean' });
      return value;
    case 'date':
      if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalid();
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalid();
      return value;
    case 'lookup': {
      const id =
        typeof value === 'string'
          ? value
          : typeof value === 'object' && value && typeof (value as { id?: unknown }).id === 'string'
            ? (value as { id: string }).id
            : undefined;
      const target = field.lookup_module && ctx.org.modules.get(field.lookup_module);
      const rec = id && target ? target.records.get(id) : undefined;
      if (!rec || !target) throw invalid({ id });
      return { id, name: String(rec.data[target.def.name_field] ?? '') };
    }
    case 'subform':
      if (!Array.isArray(value)) throw invalid({ expected_data_type: 'subform' });
      return writeSubform(value, Array.isArray(prior) ? (prior as SubformRow[]) : [], {
        newId: () => ctx.store.nextId(),
        fields: (line, i, adding) => subformFields(ctx, field, line, `${path}[${i}]`, adding),
        invalid: (i, details = {}) =>
          new FieldError('INVALID_DATA', 'invalid data', {
            api_name: field.api_name,
            json_path: `${path}[${i}]`,
            ...details,
          }),
      });
    default:
      return value;
  }
}

/** A subform row's own fields; a new row's mandatory ones must be there, an edited row keeps its own. */
function subformFields(
  ctx: WriteContext,
  field: SimField,
  line: SubformRow,
  rowPath: string,
  adding: boolean,
): SubformRow {
  const out: SubformRow = {};
  for (const sub of field.subform_fields ?? []) {
    const v = line[sub.api_name];
    const subPath = `${rowPath}.${sub.api_name}`;
    if (sub.mandatory && isEmpty(v) && (adding || v !== undefined)) {
      throw new FieldError('MANDATORY_NOT_FOUND', 'required field not found', {
        api_name: sub.api_name,
        json_path: subPath,
      });
    }
    if (v !== undefined) out[sub.api_name] = normalizeValue(ctx, sub, v, subPath);
  }
  return out;
}

function applyFields(
  ctx: WriteContext,
  input: Record<string, unknown>,
  index: number,
  creating: boolean,
  existing?: SimRecord,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  // Zoho checks every field and reports them all: one error as itself, several nested in
  // MULTIPLE_OR_MULTI_ERRORS.
  const errors: FieldError[] = [];
  for (const field of ctx.module.def.fields) {
    const path = `$.data[${index}].${field.api_name}`;
    const value = input[field.api_name];
    try {
      if (creating && field.mandatory && isEmpty(value)) {
        throw new FieldError('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: field.api_name,
          json_path: path,
        });
      }
      if (value === undefined || field.read_only || field.data_type === 'ownerlookup') continue;
      if (!creating && field.mandatory && isEmpty(value)) {
        throw new FieldError('MANDATORY_NOT_FOUND', 'required field not found', {
          api_name: field.api_name,
          json_path: path,
        });
      }
      changes[field.api_name] = normalizeValue(
        ctx,
        field,
        value,
        path,
        existing?.data[field.api_name],
      );
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      errors.push(err);
    }
  }
  const total = grandTotal(ctx, changes);
  if (total !== undefined) changes.Grand_Total = total;
  for (const field of ctx.module.def.fields.filter((f) => f.unique)) {
    const value = changes[field.api_name];
    if (isEmpty(value)) continue;
    const clash = findByValue(ctx.module, field.api_name, value, existing);
    if (clash) errors.push(duplicate(ctx, clash, field.api_name, index));
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) {
    throw new FieldError('MULTIPLE_OR_MULTI_ERRORS', 'Multiple errors in the request', {
      errors: errors.map((e) => ({
        code: e.code,
        details: e.details,
        message: e.message,
        status: 'error',
      })),
    });
  }
  return changes;
}

/**
 * Zoho computes an inventory record's read-only `Grand_Total` from its line items whenever they
 * are written: quantity × list price less discount per line (tax and adjustment left out here).
 */
function grandTotal(ctx: WriteContext, changes: Record<string, unknown>): number | undefined {
  if (!ctx.module.def.fields.some((f) => f.api_name === 'Grand_Total')) return undefined;
  const lines = ctx.module.def.fields.find((f) => f.data_type === 'subform');
  const rows = lines ? changes[lines.api_name] : undefined;
  if (!Array.isArray(rows)) return undefined;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  const sum = rows.reduce<number>((acc, row: Record<string, unknown>) => {
    return acc + num(row?.Quantity) * num(row?.List_Price) - num(row?.Discount);
  }, 0);
  return Math.round(sum * 100) / 100;
}

/** DUPLICATE_DATA as Zoho details it: the field, and the record (with owner) that has the value. */
function duplicate(ctx: WriteContext, clash: SimRecord, field: string, index: number): FieldError {
  const owner = clash.data.Owner as { id?: string; name?: string } | undefined;
  const ownerUser = owner?.id ? ctx.org.users.get(owner.id) : undefined;
  return new FieldError('DUPLICATE_DATA', 'duplicate data', {
    api_name: field,
    duplicate_record: {
      Owner: {
        name: ownerUser?.full_name ?? owner?.name ?? '',
        id: owner?.id ?? '',
        zuid: ownerUser?.zuid ?? '',
      },
      module: { api_name: ctx.module.def.api_name, id: ctx.module.def.id },
      id: clash.id,
    },
    json_path: `$.data[${index}].${field}`,
    id: clash.id,
    more_records: false,
  });
}

function findDuplicate(
  ctx: WriteContext,
  input: Record<string, unknown>,
  checkFields: string[],
): { record: SimRecord; field: string } | undefined {
  for (const name of checkFields) {
    const value = input[name];
    if (isEmpty(value) || typeof value === 'object') continue;
    const record = findByValue(ctx.module, name, value);
    if (record) return { record, field: name };
  }
  return undefined;
}

function success(ctx: WriteContext, rec: SimRecord, action: 'insert' | 'update', upsert?: string) {
  const by = { name: ctx.user.full_name, id: ctx.user.id };
  return {
    code: 'SUCCESS',
    details: {
      Modified_Time: zohoTime(rec.modifiedMs, ctx.org.time_zone),
      Modified_By: by,
      Created_Time: zohoTime(rec.createdMs, ctx.org.time_zone),
      id: rec.id,
      Created_By: by,
    },
    message: action === 'insert' ? 'record added' : 'record updated',
    status: 'success',
    ...(upsert !== undefined ? { action, duplicate_field: upsert || null } : {}),
  };
}

export function createRecord(
  ctx: WriteContext,
  data: Record<string, unknown>,
  modifiedMs = ctx.store.now(),
): SimRecord {
  const rec: SimRecord = {
    id: ctx.store.nextId(),
    seq: ctx.store.nextRecordSeq(),
    createdMs: modifiedMs,
    modifiedMs,
    data: { ...data, Owner: { name: ctx.user.full_name, id: ctx.user.id, email: ctx.user.email } },
  };
  for (const field of ctx.module.def.fields) {
    if (field.auto_number) rec.data[field.api_name] = nextAutoNumber(field);
  }
  untickUnset(ctx.module.def.fields, rec);
  ctx.module.records.set(rec.id, rec);
  reindex(ctx.module, rec);
  return rec;
}

/**
 * Zoho reads an unticked checkbox as `false`, never null: on a new record, and on the records a
 * module already holds when a checkbox field is added to it.
 */
export function untickUnset(fields: readonly SimField[], rec: SimRecord): void {
  for (const field of fields) {
    if (field.data_type === 'boolean' && (rec.data[field.api_name] ?? null) === null) {
      rec.data[field.api_name] = false;
    }
  }
}

export function writeRecords(
  ctx: WriteContext,
  op: WriteOp,
  records: unknown[],
  duplicateCheckFields?: string[],
): WriteResult {
  const result: WriteResult = { entries: [], created: [], edited: [] };
  const checkFields = duplicateCheckFields ?? [
    ...(SYSTEM_DUPLICATE_CHECK[ctx.module.def.api_name] ?? []),
    ...ctx.module.def.fields.filter((f) => f.unique).map((f) => f.api_name),
  ];
  records.forEach((raw, index) => {
    try {
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        throw new FieldError('INVALID_DATA', 'invalid data', { json_path: `$.data[${index}]` });
      }
      const input = raw as Record<string, unknown>;
      let existing: SimRecord | undefined;
      let dupField: string | undefined;
      if (op === 'update') {
        existing = typeof input.id === 'string' ? ctx.module.records.get(input.id) : undefined;
        if (!existing) {
          throw new FieldError('INVALID_DATA', 'the related id given seems to be invalid', {
            api_name: 'id',
            json_path: `$.data[${index}].id`,
            id: input.id ?? null,
          });
        }
      } else if (op === 'upsert') {
        const dup = findDuplicate(ctx, input, checkFields);
        existing = dup?.record;
        dupField = dup?.field;
      }
      const changes = applyFields(ctx, input, index, !existing, existing);
      if (existing) {
        unindex(ctx.module, existing);
        Object.assign(existing.data, changes);
        reindex(ctx.module, existing);
        existing.modifiedMs = ctx.store.now();
        result.edited.push(existing.id);
        result.entries.push(
          success(ctx, existing, 'update', op === 'upsert' ? (dupField ?? '') : undefined),
        );
      } else {
        const rec = createRecord(ctx, changes);
        result.created.push(rec.id);
        result.entries.push(success(ctx, rec, 'insert', op === 'upsert' ? '' : undefined));
      }
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      result.entries.push({
        code: err.code,
        details: err.details,
        message: err.message,
        status: 'error',
      });
    }
  });
  return result;
}
