import type { Schedule } from './api.js';

/**
 * The schedule form's draft and its check before saving: the same rules the backend enforces
 * (every 30 s or more; HH:MM times; an IANA time zone), so an invalid schedule never leaves the
 * form. Returns translation keys with their values, for the message on the field.
 */
export interface ScheduleDraft {
  kind: 'interval' | 'times';
  every: string;
  unit: 'seconds' | 'minutes' | 'hours';
  times: string;
  timeZone: string;
}

export type ScheduleProblem = {
  field: 'every' | 'times' | 'timeZone';
  key: string;
  vars?: Record<string, string>;
};

const UNIT_SECONDS = { seconds: 1, minutes: 60, hours: 3600 } as const;

export function draftOfSchedule(s: Schedule, fallbackZone: string): ScheduleDraft {
  if (s.kind === 'interval') {
    const unit = s.seconds % 3600 === 0 ? 'hours' : s.seconds % 60 === 0 ? 'minutes' : 'seconds';
    return {
      kind: 'interval',
      every: String(s.seconds / UNIT_SECONDS[unit]),
      unit,
      times: '08:00, 17:00',
      timeZone: fallbackZone,
    };
  }
  return {
    kind: 'times',
    every: '15',
    unit: 'minutes',
    times: s.times.join(', '),
    timeZone: s.timeZone,
  };
}

export function isTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export function scheduleOf(d: ScheduleDraft): { schedule?: Schedule; problem?: ScheduleProblem } {
  if (d.kind === 'interval') {
    const n = Number(d.every.trim());
    if (!d.every.trim() || !Number.isFinite(n) || n <= 0) {
      return { problem: { field: 'every', key: 'settings.schedule.everyNumber' } };
    }
    const seconds = Math.round(n * UNIT_SECONDS[d.unit]);
    if (seconds < 30) return { problem: { field: 'every', key: 'settings.schedule.tooOften' } };
    return { schedule: { kind: 'interval', seconds } };
  }
  const times = d.times
    .split(/[,\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  if (times.length === 0) return { problem: { field: 'times', key: 'settings.schedule.noTimes' } };
  const bad = times.find((x) => !/^([01]\d|2[0-3]):[0-5]\d$/.test(x));
  if (bad)
    return { problem: { field: 'times', key: 'settings.schedule.badTime', vars: { time: bad } } };
  if (times.length > 24)
    return { problem: { field: 'times', key: 'settings.schedule.tooManyTimes' } };
  if (!isTimeZone(d.timeZone.trim())) {
    return {
      problem: { field: 'timeZone', key: 'settings.schedule.badZone', vars: { zone: d.timeZone } },
    };
  }
  return {
    schedule: { kind: 'times', times: [...new Set(times)].sort(), timeZone: d.timeZone.trim() },
  };
}
