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
}

export interface WriteFailure {
  ok: false;
  index: number;
  /** DUPLICATE_DATA, MANDATORY_NOT_FOUND, INVALID_DATA, ... */
  code: string;
  message: string;
  /** The field Zoho blamed (details.api_name), when it named one. */
  field?: string;
  jsonPath?: string;
  details: Record<string, unknown>;
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
  return {
    ok: false,
    index,
    code: entry.code,
    message: entry.message,
    field: typeof details.api_name === 'string' ? details.api_name : undefined,
    jsonPath: typeof details.json_path === 'string' ? details.json_path : undefined,
    details,
  };
}
