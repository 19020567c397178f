import { DateTime } from 'luxon';

/**
 * Sage 100 keeps time as local wall-clock values of the Sage server's time zone:
 *   - dates as `YYYYMMDD` strings (DateUpdated, OrderDate, ...),
 *   - times of day as decimal hours in a string of up to 8 characters (`"14.50833"` = 14:30:30),
 *   - eBWS `DateTime*` members as xs:dateTime without an offset (.NET DateTime, Kind Unspecified).
 * These helpers turn them into UTC instants and back with the tenant's IANA time zone.
 *
 * DST: a local time in the fall-back hour happens twice; Sage stores no offset, so it cannot tell
 * which. We take the EARLIER instant (the first occurrence). For change detection that is the safe
 * side: a cursor never skips past a change. A local time inside the spring-forward gap does not
 * exist; it is read as the same wall-clock distance after the gap starts (luxon's rule).
 */

export class SageTimeFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SageTimeFormatError';
  }
}

export interface SageStamp {
  /** YYYYMMDD */
  date: string;
  /** decimal hours, e.g. "14.50833" */
  time: string;
}

/** Throws SageTimeFormatError unless `zone` is an IANA zone luxon knows. */
export function assertTimeZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new SageTimeFormatError(
      `unknown time zone "${zone}" (expected an IANA name such as America/Chicago)`,
    );
  }
}

/** Zones found valid: every record's time is placed in one, and asking luxon works out an offset. */
const validZones = new Set<string>();

export function isValidTimeZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  const valid = DateTime.now().setZone(zone).isValid;
  if (valid) validZones.add(zone);
  return valid;
}

const SAGE_DATE = /^(\d{4})(\d{2})(\d{2})$/;

/** Parses `YYYYMMDD` into its parts; throws on anything else (including impossible dates). */
export function parseSageDate(value: string): { year: number; month: number; day: number } {
  const m = SAGE_DATE.exec(value.trim());
  if (!m) throw new SageTimeFormatError(`"${value}" is not a Sage date (YYYYMMDD)`);
  const parts = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  if (!isCalendarDate(parts.year, parts.month, parts.day)) {
    throw new SageTimeFormatError(`"${value}" is not a calendar date`);
  }
  return parts;
}

/** Whether the day exists (the proleptic Gregorian calendar, as luxon's): 2023-02-29 does not. */
function isCalendarDate(year: number, month: number, day: number): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const at = utcOf({ year, month, day, hour: 0, minute: 0, second: 0 });
  return at.getUTCMonth() === month - 1 && at.getUTCDate() === day;
}

/** The wall clock read as UTC (any year: Date.UTC would move years 0-99 to the 1900s). */
function utcOf(parts: WallClock): Date {
  const at = new Date(
    Date.UTC(2000, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second),
  );
  at.setUTCFullYear(parts.year);
  return at;
}

/** Decimal hours ("14.50833") to whole seconds since local midnight, rounded to the nearest second. */
export function decimalHoursToSeconds(value: string | number): number {
  const hours = typeof value === 'number' ? value : Number(String(value).trim() || '0');
  if (!Number.isFinite(hours) || hours < 0 || hours >= 24.0001) {
    throw new SageTimeFormatError(`"${value}" is not a Sage time (decimal hours 0-24)`);
  }
  return Math.min(Math.round(hours * 3600), 86_399);
}

/** Seconds since local midnight to Sage's decimal-hours string (5 decimals, at most 8 characters). */
export function secondsToDecimalHours(seconds: number): string {
  return (seconds / 3600).toFixed(5);
}

function localWallClock(date: string, time: string | number | undefined) {
  const d = parseSageDate(date);
  const secs = time === undefined || time === '' ? 0 : decimalHoursToSeconds(time);
  return {
    ...d,
    hour: Math.floor(secs / 3600),
    minute: Math.floor((secs % 3600) / 60),
    second: secs % 60,
  };
}

type WallClock = Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;

/** Per zone and day, the zone's one UTC offset that whole day (minutes), or null when it changes. */
const dayOffsets = new Map<string, number | null>();
const DAY_OFFSETS_KEPT = 20_000;

/**
 * `parts` as a UTC instant: on a day whose offset does not change (all but the two DST days a
 * year) by arithmetic on that day's offset, worked out once per zone and day; on a DST day by
 * `resolveLocal`. Every record of a feed page is placed this way, and asking luxon for each one's
 * offset cost ~0.2 ms a record.
 */
function placeLocal(parts: WallClock, zone: string): Date {
  const key = `${zone}|${parts.year}-${parts.month}-${parts.day}`;
  let offset = dayOffsets.get(key);
  if (offset === undefined) {
    const day = { year: parts.year, month: parts.month, day: parts.day };
    const start = DateTime.fromObject({ ...day, hour: 0 }, { zone });
    const end = DateTime.fromObject({ ...day, hour: 23, minute: 59, second: 59 }, { zone });
    offset = start.isValid && end.isValid && start.offset === end.offset ? start.offset : null;
    if (dayOffsets.size >= DAY_OFFSETS_KEPT) dayOffsets.clear();
    dayOffsets.set(key, offset);
  }
  if (offset === null) return resolveLocal(parts, zone).toJSDate();
  return new Date(utcOf(parts).getTime() - offset * 60_000);
}

/** Picks the earlier of two instants when a local time is ambiguous (DST fall-back). */
function resolveLocal(parts: Record<string, number>, zone: string): DateTime {
  const dt = DateTime.fromObject(parts, { zone });
  if (!dt.isValid)
    throw new SageTimeFormatError(`cannot place ${JSON.stringify(parts)} in ${zone}`);
  // luxon may pick either occurrence; try the instant one hour earlier and keep it if it shows the
  // same wall clock (that is the first occurrence of an ambiguous time).
  const earlier = dt.minus({ hours: 1 });
  if (
    earlier.hour === dt.hour &&
    earlier.minute === dt.minute &&
    earlier.second === dt.second &&
    earlier.day === dt.day
  ) {
    return earlier;
  }
  return dt;
}

/** A Sage date (+ optional decimal-hours time) in `zone` to the UTC instant. */
export function sageToInstant(date: string, time: string | number | undefined, zone: string): Date {
  assertTimeZone(zone);
  return placeLocal(localWallClock(date, time), zone);
}

/** A UTC instant to Sage's date and decimal-hours time, as the wall clock in `zone` shows it. */
export function instantToSage(instant: Date, zone: string): SageStamp {
  assertTimeZone(zone);
  const local = DateTime.fromJSDate(instant, { zone });
  const seconds = local.hour * 3600 + local.minute * 60 + local.second;
  return { date: local.toFormat('yyyyLLdd'), time: secondsToDecimalHours(seconds) };
}

/** A UTC instant to a Sage date only (YYYYMMDD in `zone`). */
export function instantToSageDate(instant: Date, zone: string): string {
  return instantToSage(instant, zone).date;
}

const EBWS_DATETIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/**
 * An eBWS `DateTime*` value to the UTC instant. Without an offset (what WCF emits for Sage's
 * unspecified-kind DateTime) it is Sage local time in `zone`; with Z or an offset it is absolute.
 */
export function ebwsDateTimeToInstant(value: string, zone: string): Date {
  const m = EBWS_DATETIME.exec(value.trim());
  if (!m) throw new SageTimeFormatError(`"${value}" is not an xs:dateTime`);
  if (m[8]) {
    const dt = DateTime.fromISO(value.trim(), { setZone: true });
    if (!dt.isValid) throw new SageTimeFormatError(`"${value}" is not an xs:dateTime`);
    return dt.toJSDate();
  }
  assertTimeZone(zone);
  const parts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: Number(m[4]),
    minute: Number(m[5]),
    second: Number(m[6]),
  };
  const { year, month, day, hour, minute, second } = parts;
  if (!isCalendarDate(year, month, day) || hour > 23 || minute > 59 || second > 59)
    throw new SageTimeFormatError(`cannot place ${JSON.stringify(parts)} in ${zone}`);
  return placeLocal(parts, zone);
}

/** A UTC instant to an eBWS DateTime: Sage local wall clock in `zone`, no offset. */
export function instantToEbwsDateTime(instant: Date, zone: string): string {
  assertTimeZone(zone);
  return DateTime.fromJSDate(instant, { zone }).toFormat("yyyy-LL-dd'T'HH:mm:ss");
}
