import type { ZohoTry } from './errors.js';
import type { writeResponse } from './schemas.js';

/** Per-record results of a write, in the order the records were given. */

export interface WriteSuccess {
  ok: true;
  /** Position in the records passed in. */
  index: number;
  id: string;
  action: 'insert' | 'update' | 'delete';
  modifiedTime?: string;
  /** For upserts: the field that matched an existing record. */
  duplicateField?: string;
  /** The tries of the call that carried the record (429s and 5xx retried, then the answer). */
  tries?: ZohoTry[];
}

export interface FieldError {
  code: string;
  message: string;
  field?: string;
  jsonPath?: string;
  /** DUPLICATE_DATA: the existing record holding the value. */
  duplicateId?: string;
}

export interface WriteFailure {
  ok: false;
  index: number;
  /** DUPLICATE_DATA, MANDATORY_NOT_FOUND, INVALID_DATA, MULTIPLE_OR_MULTI_ERRORS, ... */
  code: string;
  /** Zoho's message; for several errors on one record, each field's error in turn. */
  message: string;
  /** The field Zoho blamed (details.api_name), when it named one; the first of several. */
  field?: string;
  jsonPath?: string;
  /** DUPLICATE_DATA: the existing record holding the value (details.duplicate_record.id). */
  duplicateId?: string;
  /** Every field error of the record: one, or each of MULTIPLE_OR_MULTI_ERRORS' nested errors. */
  errors: FieldError[];
  details: Record<string, unknown>;
  /** The tries of the call that carried the record. */
  tries?: ZohoTry[];
}

export type WriteOutcome = WriteSuccess | WriteFailure;

export function toOutcome(
  entry: ReturnType<typeof writeResponse.parse>['data'][number],
  index: number,
): WriteOutcome {
  const details = entry.details;
  if (entry.status === 'success' && typeof details.id === 'string') {
    return {
      ok: true,
      index,
      id: details.id,
      action: entry.action ?? (entry.message === 'record added' ? 'insert' : 'update'),
      modifiedTime: typeof details.Modified_Time === 'string' ? details.Modified_Time : undefined,
      duplicateField: entry.duplicate_field ?? undefined,
    };
  }
  const errors = fieldErrors(entry.code, entry.message, details);
  const first = errors[0];
  return {
    ok: false,
    index,
    code: entry.code,
    message:
      errors.length > 1
        ? errors.map((e) => `${e.field ?? 'record'}: ${e.code} ${e.message}`).join('; ')
        : entry.message,
    field: first?.field,
    jsonPath: first?.jsonPath,
    duplicateId: first?.duplicateId,
    errors,
    details,
  };
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

function fieldError(code: string, message: string, details: Record<string, unknown>): FieldError {
  const dup = details.duplicate_record;
  return {
    code,
    message,
    field: str(details.api_name),
    jsonPath: str(details.json_path),
    duplicateId:
      code === 'DUPLICATE_DATA'
        ? (str((dup as { id?: unknown } | undefined)?.id) ?? str(details.id))
        : undefined,
  };
}

/** One record's errors: MULTIPLE_OR_MULTI_ERRORS nests one entry per field in `details.errors`. */
function fieldErrors(
  code: string,
  message: string,
  details: Record<string, unknown>,
): FieldError[] {
  if (code === 'MULTIPLE_OR_MULTI_ERRORS' && Array.isArray(details.errors)) {
    return details.errors.flatMap((e: unknown) => {
      if (typeof e !== 'object' || e === null) return [];
      const n = e as { code?: unknown; message?: unknown; details?: unknown };
      const d =
        typeof n.details === 'object' && n.details !== null
          ? (n.details as Record<string, unknown>)
          : {};
      return [fieldError(str(n.code) ?? code, str(n.message) ?? '', d)];
    });
  }
  return [fieldError(code, message, details)];
}
