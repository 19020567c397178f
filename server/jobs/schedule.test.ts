import { describe, expect, it } from 'vitest';
import type { Schedule } from '../sync/vocabulary.js';
import {
  InvalidScheduleError,
  latestSlot,
  MIN_INTERVAL_SECONDS,
  nextSlot,
  slotPeriodSeconds,
} from './schedule.js';

const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

describe('interval schedules', () => {
  const every15 = { kind: 'interval', seconds: 900 } as const;

  it('slots are whole multiples of the interval since the epoch', () => {
    expect(iso(latestSlot(every15, at('2026-11-21T12:07:30Z')))).toBe('2026-11-21T12:00:00.000Z');
    expect(iso(latestSlot(every15, at('2026-11-21T12:15:00Z')))).toBe('2026-11-21T12:15:00.000Z');
    expect(iso(nextSlot(every15, at('2026-11-21T12:07:30Z')))).toBe('2026-11-21T12:15:00.000Z');
    expect(iso(nextSlot(every15, at('2026-11-21T12:15:00Z')))).toBe('2026-11-21T12:30:00.000Z');
  });

  it('never polls more often than every 30 seconds', () => {
    const tooFast = { kind: 'interval', seconds: 5 } satisfies Schedule;
    expect(MIN_INTERVAL_SECONDS).toBe(30);
    expect(iso(latestSlot(tooFast, at('2026-11-21T12:00:45Z')))).toBe('2026-11-21T12:00:30.000Z');
    expect(iso(nextSlot(tooFast, at('2026-11-21T12:00:45Z')))).toBe('2026-11-21T12:01:00.000Z');
    expect(slotPeriodSeconds(tooFast)).toBe(30);
    expect(slotPeriodSeconds({ kind: 'interval', seconds: 0 })).toBe(30);
  });
});

describe('fixed local times', () => {
  it('follows New York across the spring-forward day (02:30 does not exist there)', () => {
    const ny = {
      kind: 'times',
      times: ['09:00', '02:30'],
      timeZone: 'America/New_York',
    } satisfies Schedule;
    const slots: string[] = [];
    let t = at('2026-03-07T14:00:00Z'); // 09:00 EST on Saturday
    for (let i = 0; i < 4; i++) slots.push(iso((t = nextSlot(ny, t))));
    expect(slots).toEqual([
      '2026-03-08T07:30:00.000Z', // 02:30 falls in the gap: runs at 03:30 EDT
      '2026-03-08T13:00:00.000Z', // 09:00 EDT
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-09T13:00:00.000Z',
    ]);
    expect(iso(latestSlot(ny, at('2026-03-08T12:59:59Z')))).toBe('2026-03-08T07:30:00.000Z');
  });

  it('follows Berlin across the fall-back day: a twice-occurring time runs once', () => {
    const berlin = {
      kind: 'times',
      times: ['02:30', '08:00'],
      timeZone: 'Europe/Berlin',
    } satisfies Schedule;
    const slots: string[] = [];
    let t = at('2026-10-24T06:00:00Z'); // 08:00 CEST on Saturday
    for (let i = 0; i < 4; i++) slots.push(iso((t = nextSlot(berlin, t))));
    expect(slots).toEqual([
      '2026-10-25T01:30:00.000Z', // 02:30 CET, once, though the clock shows 02:30 twice
      '2026-10-25T07:00:00.000Z', // 08:00 CET
      '2026-10-26T01:30:00.000Z',
      '2026-10-26T07:00:00.000Z',
    ]);
    expect(iso(latestSlot(berlin, at('2026-10-25T01:29:59Z')))).toBe('2026-10-24T06:00:00.000Z');
  });

  it('finds the latest slot on an earlier day', () => {
    const daily = {
      kind: 'times',
      times: ['23:00'],
      timeZone: 'America/Chicago',
    } satisfies Schedule;
    // 22:00 Chicago on the 21st: the last run was 23:00 on the 20th (05:00Z on the 21st).
    expect(iso(latestSlot(daily, at('2026-11-22T04:00:00Z')))).toBe('2026-11-21T05:00:00.000Z');
  });

  it('rejects malformed times and unknown zones with a typed error', () => {
    const bad =
      (times: string[], timeZone = 'UTC') =>
      () =>
        latestSlot({ kind: 'times', times, timeZone }, at('2026-11-21T12:00:00Z'));
    expect(bad(['24:00'])).toThrow(InvalidScheduleError);
    expect(bad(['9:00'])).toThrow(/"9:00" is not HH:MM/);
    expect(bad([])).toThrow(InvalidScheduleError);
    expect(bad(['09:00'], 'Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
