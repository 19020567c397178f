import {
  CONTACT_MEMBERS,
  CUSTOMER_MEMBERS,
  SALES_ORDER_MEMBERS,
  type MemberDef,
} from './contracts.js';
import type { SageRecord } from './records.js';
import type { SageEntity } from './validate-record.js';

/** The header members of an eBWS contract (lines are SALES_ORDER_LINE_MEMBERS). */
export function membersOf(entity: SageEntity): MemberDef[] {
  return entity === 'Customer'
    ? CUSTOMER_MEMBERS
    : entity === 'CustomerContact'
      ? CONTACT_MEMBERS
      : SALES_ORDER_MEMBERS;
}

/**
 * Engine values to eBWS members: YYYYMMDD dates (the agent's row format, which the engine maps
 * and hashes) to eBWS's YYYY-MM-DD, numeric text to numbers, an empty decimal to 0, booleans to
 * Sage's Y/N. Members the contract does not type pass as they are.
 */
export function toContract(fields: Record<string, unknown>, members: MemberDef[]): SageRecord {
  const kinds = new Map(members.map((m) => [m.name, m.kind]));
  const out: SageRecord = {};
  for (const [name, value] of Object.entries(fields)) {
    const kind = kinds.get(name);
    if (value === undefined) continue;
    if (kind === 'date' && typeof value === 'string' && /^\d{8}$/.test(value)) {
      out[name] = `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`;
    } else if (kind === 'decimal' && typeof value === 'string' && value.trim() !== '') {
      out[name] = Number(value);
    } else if (kind === 'decimal' && (value === null || value === '')) {
      out[name] = 0;
    } else if (typeof value === 'boolean') {
      out[name] = value ? 'Y' : 'N';
    } else {
      out[name] = value as SageRecord[string];
    }
  }
  return out;
}
