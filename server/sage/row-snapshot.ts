import type { GatewayRecord } from '../sync/gateways.js';
import type { MemberDef } from './contracts.js';
import type { SageField, SageRecord } from './records.js';

/**
 * The snapshot an update of `key` is merged over: the engine's read of that record (the agent's
 * row) as the eBWS record, or undefined (another record, or not the whole row) to read it first.
 */
export function updateSnapshot<T extends SageRecord>(
  key: string,
  current: GatewayRecord | undefined,
  members: MemberDef[],
): T | undefined {
  if (!current || current.id !== key) return undefined;
  return contractFromRow(current.fields, members) as T | undefined;
}

/**
 * The eBWS record an update's put is merged over, built from the row the on-premises agent read
 * (SELECT * over ODBC: every column of the table under the member's name, values in Sage's text
 * formats) instead of a GetCustomer call (ADR 0076). It holds what GetCustomer would answer for
 * the members a put sends: strings as stored, decimals as numbers, dates "YYYY-MM-DD" or null,
 * UDF_ columns as OtherFields. Read-only and server-stamped members are left out, as
 * `toRequestRecord` leaves them out of a put anyway.
 *
 * Undefined when the row cannot be the whole record (a key column missing, or a decimal or date
 * Sage could not have stored): the caller then reads the record through eBWS, since a put of a
 * partial record may blank what it omits (P4).
 */
export function contractFromRow(
  row: Record<string, unknown>,
  members: MemberDef[],
): SageRecord | undefined {
  const out: SageRecord = {};
  for (const m of members) {
    if (m.readOnly) continue;
    const v = row[m.name];
    switch (m.kind) {
      case 'string':
      case 'flag':
        if (v === undefined || v === null) {
          if (m.key) return undefined;
          break;
        }
        out[m.name] = String(v);
        break;
      case 'decimal': {
        const n = v === undefined || v === null || v === '' ? 0 : Number(v);
        if (!Number.isFinite(n)) return undefined;
        out[m.name] = n;
        break;
      }
      case 'date': {
        const date = sageDate(v);
        if (date === undefined) return undefined;
        out[m.name] = date;
        break;
      }
      case 'fields':
        out[m.name] = udfs(row);
        break;
      case 'dateTime':
      case 'lines':
      case 'payments':
        break;
    }
  }
  return out;
}

/** Sage's YYYYMMDD (blank or 00000000 when none) as the contract's date; undefined if neither. */
function sageDate(v: unknown): string | null | undefined {
  if (v === undefined || v === null) return null;
  const text = String(v).trim();
  if (text === '' || /^0+$/.test(text)) return null;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(text) ?? /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** The row's UDF_ columns, as eBWS lists them in OtherFields (sorted, as Sage answers them). */
function udfs(row: Record<string, unknown>): SageField[] {
  return Object.keys(row)
    .filter((k) => k.startsWith('UDF_'))
    .sort()
    .map((k) => ({ MasFieldName: k, Value: row[k] === null ? '' : String(row[k]) }));
}
