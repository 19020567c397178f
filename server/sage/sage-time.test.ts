import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  decimalHoursToSeconds,
  ebwsDateTimeToInstant,
  instantToEbwsDateTime,
  instantToSage,
  parseSageDate,
  sageToInstant,
  SageTimeFormatError,
} from './sage-time.js';

describe('Sage date and time conversion', () => {
  it('reads decimal hours to the nearest second', () => {
    expect(decimalHoursToSeconds('14.50833')).toBe(14 * 3600 + 30 * 60 + 30);
    expect(decimalHoursToSeconds('9.125')).toBe(9 * 3600 + 7 * 60 + 30);
    expect(decimalHoursToSeconds('')).toBe(0);
  });

  it('converts Chicago local time to UTC in winter and summer', () => {
    expect(sageToInstant('20261121', '14.50833', 'America/Chicago').toISOString()).toBe(
      '2026-11-21T20:30:30.000Z',
    );
    expect(sageToInstant('20260715', '14.50833', 'America/Chicago').toISOString()).toBe(
      '2026-07-15T19:30:30.000Z',
    );
  });

  it('converts in a second zone (Los Angeles) and back', () => {
    const instant = sageToInstant('20260310', '8.00000', 'America/Los_Angeles');
    expect(instant.toISOString()).toBe('2026-03-10T15:00:00.000Z'); // PDT, after 8 March
    expect(instantToSage(instant, 'America/Los_Angeles')).toEqual({
      date: '20260310',
      time: '8.00000',
    });
    expect(instantToSage(instant, 'America/New_York')).toEqual({
      date: '20260310',
      time: '11.00000',
    });
  });

  it('places the ambiguous fall-back hour at its first occurrence, and formats both occurrences alike', () => {
    // 1 Nov 2026 01:30 happens twice in Chicago: 06:30Z (CDT) and 07:30Z (CST).
    expect(sageToInstant('20261101', '1.50000', 'America/Chicago').toISOString()).toBe(
      '2026-11-01T06:30:00.000Z',
    );
    expect(instantToSage(new Date('2026-11-01T06:30:00Z'), 'America/Chicago').time).toBe('1.50000');
    expect(instantToSage(new Date('2026-11-01T07:30:00Z'), 'America/Chicago').time).toBe('1.50000');
    // An hour after the fall-back hour is unambiguous CST.
    expect(sageToInstant('20261101', '2.50000', 'America/Chicago').toISOString()).toBe(
      '2026-11-01T08:30:00.000Z',
    );
  });

  it('reads eBWS DateTime members as Sage local time unless they carry an offset', () => {
    expect(ebwsDateTimeToInstant('2026-11-21T14:30:30', 'America/Chicago').toISOString()).toBe(
      '2026-11-21T20:30:30.000Z',
    );
    expect(ebwsDateTimeToInstant('2026-11-21T14:30:30Z', 'America/Chicago').toISOString()).toBe(
      '2026-11-21T14:30:30.000Z',
    );
    expect(instantToEbwsDateTime(new Date('2026-07-01T12:00:00Z'), 'America/Chicago')).toBe(
      '2026-07-01T07:00:00',
    );
  });

  it('places the night hours and the day of two years of days as luxon does, DST days and odd offsets included', () => {
    // The reference: luxon for each wall clock, the earlier instant of an ambiguous one.
    const reference = (wall: Record<string, number>, zone: string) => {
      const dt = DateTime.fromObject(wall, { zone });
      const earlier = dt.minus({ hours: 1 });
      const same = earlier.toFormat('yyyyLLddHHmmss') === dt.toFormat('yyyyLLddHHmmss');
      return (same ? earlier : dt).toJSDate().toISOString();
    };
    const zones = ['America/Chicago', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
    // Around the hours clocks change (1-3 am local), and either end of the day.
    const times: Array<[number, number, number]> = [
      [0, 0, 0],
      [1, 30, 15],
      [2, 15, 0],
      [2, 45, 30],
      [3, 0, 0],
      [12, 0, 0],
      [23, 59, 59],
    ];
    const wrong: string[] = [];
    let placed = 0;
    for (const zone of zones) {
      for (let day = Date.UTC(2026, 0, 1); day < Date.UTC(2028, 0, 1); day += 86_400_000) {
        const d = new Date(day);
        const iso = d.toISOString().slice(0, 10);
        const date = iso.replaceAll('-', '');
        for (const [hour, minute, second] of times) {
          const wall = {
            year: d.getUTCFullYear(),
            month: d.getUTCMonth() + 1,
            day: d.getUTCDate(),
            hour,
            minute,
            second,
          };
          const want = reference(wall, zone);
          const time = ((hour * 3600 + minute * 60 + second) / 3600).toFixed(5);
          const clock = [hour, minute, second].map((n) => String(n).padStart(2, '0')).join(':');
          const fromSage = sageToInstant(date, time, zone).toISOString();
          const fromEbws = ebwsDateTimeToInstant(`${iso}T${clock}`, zone).toISOString();
          if (fromSage !== want || fromEbws !== want)
            wrong.push(`${zone} ${iso} ${clock}: ${fromSage} ${fromEbws}, not ${want}`);
          placed++;
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(placed).toBe(4 * 730 * times.length);
  });

  it('rejects malformed dates, times and zones with SageTimeFormatError', () => {
    expect(() => ebwsDateTimeToInstant('2026-02-30T10:00:00', 'America/Chicago')).toThrow(
      SageTimeFormatError,
    );
    expect(() => ebwsDateTimeToInstant('2026-02-03T24:00:00', 'America/Chicago')).toThrow(
      SageTimeFormatError,
    );
    expect(() => parseSageDate('20240229')).not.toThrow();
    expect(() => parseSageDate('20230229')).toThrow(/not a calendar date/);
    expect(() => parseSageDate('00000101')).toThrow(/not a calendar date/);
    expect(() => parseSageDate('2026-11-21')).toThrow(SageTimeFormatError);
    expect(() => parseSageDate('20260230')).toThrow(/not a calendar date/);
    expect(() => decimalHoursToSeconds('25.5')).toThrow(SageTimeFormatError);
    expect(() => sageToInstant('20260101', '1', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
