import {
  maxLength,
  memberLabel,
  outOfRange,
  orderedMembers,
  type LengthProfile,
  type MemberDef,
} from '../../server/sage/contracts.js';
import {
  ebwsDateTimeToInstant,
  instantToSage,
  parseSageDate,
} from '../../server/sage/sage-time.js';
import { MasFaultError, SIM_FAULT_CODES } from './mas-fault.js';
import type { SageRow } from './store.js';

/**
 * Turns store rows (Sage table columns) into eBWS contract records and back, the way eBWS maps
 * its data contracts onto the business objects: dates become xs:dateTime at local midnight, the
 * audit pair becomes DateTimeCreated/DateTimeUpdated, UDF_ columns become OtherFields.
 */

/** .NET DateTime.MinValue, what GetContractInformation returns as NullDateTime [I]. */
export const NULL_DATE_TIME = '0001-01-01T00:00:00';

const dateToXml = (yyyymmdd: unknown): string => {
  const s = String(yyyymmdd ?? '');
  return /^\d{8}$/.test(s)
    ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6, 8)}T00:00:00`
    : NULL_DATE_TIME;
};

const stampToXml = (date: unknown, time: unknown): string => {
  const d = dateToXml(date);
  if (d === NULL_DATE_TIME) return d;
  // 23.99999 hours is 23:59:59.96: never rounded up to a 24:00:00 no xs:dateTime reader accepts.
  const seconds = Math.min(Math.round(Number(time ?? 0) * 3600), 86_399);
  const hh = String(Math.floor(seconds / 3600)).padStart(2, '0');
  const mm = String(Math.floor((seconds % 3600) / 60)).padStart(2, '0');
  const ss = String(seconds % 60).padStart(2, '0');
  return `${d.slice(0, 10)}T${hh}:${mm}:${ss}`;
};

export interface Children {
  Lines?: Array<Record<string, unknown>>;
}

/** A store row as the contract record eBWS returns, members in WCF order. */
export function toContract(
  row: SageRow,
  members: MemberDef[],
  children: Children = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const m of orderedMembers(members)) {
    const v = row[m.name];
    switch (m.kind) {
      case 'string':
      case 'flag':
        if (v !== undefined) out[m.name] = String(v);
        break;
      case 'decimal':
        out[m.name] = Number(v ?? 0) || 0;
        break;
      case 'date':
        out[m.name] = dateToXml(v);
        break;
      case 'dateTime':
        if (m.name === 'DateTimeCreated')
          out[m.name] = stampToXml(row.DateCreated, row.TimeCreated);
        else if (m.name === 'DateTimeUpdated')
          out[m.name] = stampToXml(row.DateUpdated, row.TimeUpdated);
        else out[m.name] = NULL_DATE_TIME;
        break;
      case 'fields': {
        const udfs = Object.keys(row)
          .filter((k) => k.startsWith('UDF_'))
          .sort()
          .map((k) => ({ MasFieldName: k, Value: String(row[k]) }));
        if (udfs.length > 0) out[m.name] = { Field: udfs };
        break;
      }
      case 'lines':
        if (children.Lines) out[m.name] = { SalesOrderLine: children.Lines };
        break;
      case 'payments':
        break;
    }
  }
  return out;
}

/** node-soap gives one child element as an object and several as an array (pitfall P9). */
export function asArray<T>(value: T | T[] | undefined | null): T[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * The members of an incoming record that WCF's DataContractSerializer would see: known members
 * in schema order. A member after one that sorts later, or an unknown one, is dropped silently.
 */
export function wcfVisible(input: unknown, members: MemberDef[]): Record<string, unknown> {
  const index = new Map(orderedMembers(members).map((m, i) => [m.name, i]));
  const out: Record<string, unknown> = {};
  let last = -1;
  for (const [name, value] of Object.entries((input ?? {}) as Record<string, unknown>)) {
    const i = index.get(name);
    if (i === undefined || i < last) continue;
    last = i;
    out[name] = value;
  }
  return out;
}

export interface ParseContext {
  busObject: string;
  profile: LengthProfile;
  timeZone: string;
  /** The record as stored now (update), for read-only comparisons; undefined on create. */
  existing?: Record<string, unknown>;
  /** Returns false when a looked-up value (zip code, item) does not exist. */
  lookup: (member: MemberDef, value: string) => boolean;
}

const isBlank = (v: unknown) => v === '' || v === 0 || v === '0' || v === NULL_DATE_TIME;

/**
 * The store columns an incoming contract record sets, validated as Sage does: lengths by the
 * length profile, valid values, read-only members, lookups (CI_NOF). Members WCF would not see
 * (out of schema order, unknown) are ignored, as DataContractSerializer ignores them.
 */
export function fromContract(
  input: Record<string, unknown>,
  members: MemberDef[],
  ctx: ParseContext,
): SageRow {
  const byName = new Map(members.map((m) => [m.name, m]));
  const changes: SageRow = {};
  for (const [name, raw] of Object.entries(wcfVisible(input, members))) {
    const m = byName.get(name) as MemberDef;
    if (raw === undefined || raw === null || m.kind === 'lines' || m.kind === 'payments') continue;
    if (typeof raw === 'object' && m.kind !== 'fields') continue;
    const label = memberLabel(m.name);
    if (m.readOnly) {
      const before = ctx.existing?.[m.name];
      const same = ctx.existing ? String(before ?? '') === String(raw) : isBlank(raw);
      if (!same) throw new MasFaultError(SIM_FAULT_CODES.readOnly, `The ${label} is read only.`);
      continue;
    }
    switch (m.kind) {
      case 'string':
      case 'flag': {
        const value = String(raw);
        const max = maxLength(m, ctx.profile);
        if (max !== undefined && [...value].length > max) {
          throw new MasFaultError(
            'CI_CharLength',
            `The ${label} is greater than ${max} character(s).`,
          );
        }
        if (m.validValues && !m.validValues.includes(value)) {
          throw new MasFaultError(
            SIM_FAULT_CODES.invalidValue,
            `The ${label} failed validation on ${m.validValues.join(',')}`,
          );
        }
        if (m.lookup && value !== '' && !ctx.lookup(m, value)) {
          throw new MasFaultError(
            'CI_NOF',
            `Could not set ${ctx.busObject} column ${m.name}$: The ${label} ${value} is not on file.`,
          );
        }
        changes[m.name] = value;
        break;
      }
      case 'decimal': {
        const value = Number(raw);
        if (!Number.isFinite(value)) {
          throw new MasFaultError(
            SIM_FAULT_CODES.invalidValue,
            `The ${label} is not a valid number.`,
          );
        }
        // Beyond the column's decimal(p,s) Sage refuses the value (it does not store it cut).
        const tooBig = outOfRange(m, value);
        if (tooBig) {
          throw new MasFaultError(
            SIM_FAULT_CODES.invalidValue,
            `Could not set ${ctx.busObject} column ${m.name}: ${tooBig}`,
          );
        }
        changes[m.name] = value;
        break;
      }
      case 'date':
        changes[m.name] = xmlToSageDate(String(raw), ctx.timeZone, label);
        break;
      case 'fields':
        for (const field of asArray((raw as { Field?: unknown }).Field)) {
          const f = field as { MasFieldName?: unknown; Value?: unknown };
          const col = String(f.MasFieldName ?? '');
          if (!/^UDF_[A-Z0-9_]{1,26}$/.test(col)) {
            throw new MasFaultError(
              'CI_NOF',
              `Could not set ${ctx.busObject} column ${col}: column not found.`,
            );
          }
          changes[col] = String(f.Value ?? '');
        }
        break;
      case 'dateTime':
        break; // only read-only audit members are dateTime
    }
  }
  return changes;
}

function xmlToSageDate(value: string, zone: string, label: string): string {
  if (value.startsWith('0001-01-01')) return '';
  try {
    if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) {
      return instantToSage(ebwsDateTimeToInstant(value, zone), zone).date;
    }
    const date = value.slice(0, 10).replaceAll('-', '');
    parseSageDate(date);
    return date;
  } catch {
    throw new MasFaultError(SIM_FAULT_CODES.invalidValue, `The ${label} is not a valid date.`);
  }
}
