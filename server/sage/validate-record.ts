import {
  CONTACT_MEMBERS,
  CUSTOMER_MEMBERS,
  maxLength,
  memberLabel,
  outOfRange,
  SALES_ORDER_LINE_MEMBERS,
  SALES_ORDER_MEMBERS,
  type LengthProfile,
  type MemberDef,
} from './contracts.js';
import type { SageRecord } from './records.js';
import { forbiddenXmlChar } from '../../agent/xml-chars.js';
import { unstorableChars, type SageCharset } from './charset.js';

/** Lengths count characters (code points), not UTF-16 units: an emoji is one. */
const codePoints = (value: string) => [...value].length;

/**
 * Checks a record before it is sent, with the same definitions Sage's validation is modelled on:
 * lengths under the tenant's length profile, valid values and numbers their decimal(p,s) holds. The engine uses it to skip a
 * record with a reason instead of sending what Sage would reject (zip codes and items can only
 * be checked by Sage itself, which answers CI_NOF).
 */

export type SageEntity = 'Customer' | 'CustomerContact' | 'SalesOrder';

export interface RecordProblem {
  field: string;
  /** Sage's wording, e.g. "The Customer Name is greater than 30 character(s)." */
  reason: string;
  /** Lines: the 0-based line index. */
  line?: number;
}

const MEMBERS: Record<SageEntity, MemberDef[]> = {
  Customer: CUSTOMER_MEMBERS,
  CustomerContact: CONTACT_MEMBERS,
  SalesOrder: SALES_ORDER_MEMBERS,
};

function check(
  record: SageRecord,
  members: MemberDef[],
  profile: LengthProfile,
  charset: SageCharset,
  line?: number,
): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const m of members) {
    const v = record[m.name];
    if (v === undefined || v === null || m.readOnly) continue;
    if (m.kind === 'decimal') {
      // A number its column cannot hold: Sage refuses the write, so it is not sent.
      const tooBig = v !== '' && Number.isFinite(Number(v)) ? outOfRange(m, Number(v)) : undefined;
      if (tooBig) problems.push({ field: m.name, reason: tooBig, line });
      continue;
    }
    if (m.kind !== 'string' && m.kind !== 'flag') continue;
    const value = String(v);
    const label = memberLabel(m.name);
    const max = maxLength(m, profile);
    const control = forbiddenXmlChar(value);
    const unstorable = control ? [] : unstorableChars(value, charset);
    if (control) {
      problems.push({
        field: m.name,
        reason: `The ${label} contains a control character (${control}) that XML cannot carry.`,
        line,
      });
    } else if (unstorable.length > 0) {
      // eBWS would store each as "?": the record is not sent rather than saved mangled.
      problems.push({
        field: m.name,
        reason:
          `The ${label} contains ${unstorable.map((c) => `"${c}"`).join(', ')}, which Sage 100 ` +
          `cannot store (its text is Windows-1252; it would be saved as "?").`,
        line,
      });
    } else if (max !== undefined && codePoints(value) > max) {
      problems.push({
        field: m.name,
        reason: `The ${label} is greater than ${max} character(s).`,
        line,
      });
    } else if (m.validValues && value !== '' && !m.validValues.includes(value)) {
      problems.push({
        field: m.name,
        reason: `The ${label} failed validation on ${m.validValues.join(',')}`,
        line,
      });
    }
  }
  return problems;
}

export function checkRecord(
  entity: SageEntity,
  record: SageRecord,
  profile: LengthProfile,
  charset: SageCharset = 'windows-1252',
): RecordProblem[] {
  const problems = check(record, MEMBERS[entity], profile, charset);
  if (entity === 'SalesOrder' && Array.isArray(record.Lines)) {
    (record.Lines as SageRecord[]).forEach((line, i) =>
      problems.push(...check(line, SALES_ORDER_LINE_MEMBERS, profile, charset, i)),
    );
  }
  return problems;
}

/** The longest value a member takes under a profile, for mapping transforms that trim to fit. */
export function memberMaxLength(
  entity: SageEntity | 'SalesOrderLine',
  member: string,
  profile: LengthProfile,
): number | undefined {
  const members = entity === 'SalesOrderLine' ? SALES_ORDER_LINE_MEMBERS : MEMBERS[entity];
  const def = members.find((m) => m.name === member);
  return def ? maxLength(def, profile) : undefined;
}
