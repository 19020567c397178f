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

  it('rejects malformed dates, times and zones with SageTimeFormatError', () => {
    expect(() => parseSageDate('2026-11-21')).toThrow(SageTimeFormatError);
    expect(() => parseSageDate('20260230')).toThrow(/not a calendar date/);
    expect(() => decimalHoursToSeconds('25.5')).toThrow(SageTimeFormatError);
    expect(() => sageToInstant('20260101', '1', 'Mars/Olympus')).toThrow(/unknown time zone/);
  });
});
