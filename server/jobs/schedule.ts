import { DateTime } from 'luxon';
import type { Schedule } from '../sync/vocabulary.js';

/** No module polls more often than this, whatever is stored: Zoho credits and Sage load. */
export const MIN_INTERVAL_SECONDS = 30;

export class InvalidScheduleError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidScheduleError';
  }
}

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The interval actually used: at least MIN_INTERVAL_SECONDS, whole seconds. */
export const effectiveIntervalSeconds = (seconds: number): number =>
  Math.max(MIN_INTERVAL_SECONDS, Math.floor(Number.isFinite(seconds) ? seconds : 0));

/** Throws InvalidScheduleError for times that are not HH:MM or a zone luxon does not know. */
export function checkSchedule(schedule: Schedule): void {
  if (schedule.kind === 'interval') return;
  if (schedule.times.length === 0) throw new InvalidScheduleError('no times of day given');
  const bad = schedule.times.find((t) => !TIME.test(t));
  if (bad !== undefined) throw new InvalidScheduleError(`time "${bad}" is not HH:MM`);
  if (!DateTime.now().setZone(schedule.timeZone).isValid) {
    throw new InvalidScheduleError(`unknown time zone "${schedule.timeZone}"`);
  }
}

/**
 * The local times of `schedule` on the days around `at`, as instants. A time that does not exist
 * on a spring-forward day moves forward by the gap (02:30 becomes 03:30); a time that happens
 * twice on a fall-back day resolves to one instant (luxon takes the standard-time one), so every
 * listed time runs once a day.
 */
function timesAround(
  schedule: Extract<Schedule, { kind: 'times' }>,
  at: Date,
  days: number[],
): Date[] {
  checkSchedule(schedule);
  const local = DateTime.fromJSDate(at, { zone: schedule.timeZone }).startOf('day');
  const out: Date[] = [];
  for (const offset of days) {
    const day = local.plus({ days: offset });
    for (const t of schedule.times) {
      const [, hh, mm] = TIME.exec(t)!;
      const slot = DateTime.fromObject(
        { year: day.year, month: day.month, day: day.day, hour: Number(hh), minute: Number(mm) },
        { zone: schedule.timeZone },
      );
      out.push(slot.toJSDate());
    }
  }
  return out;
}

/**
 * The latest slot at or before `now`. Interval slots are whole multiples of the interval since the
 * Unix epoch, so every process computes the same slots without talking to each other.
 */
export function latestSlot(schedule: Schedule, now: Date): Date {
  if (schedule.kind === 'interval') {
    const ms = effectiveIntervalSeconds(schedule.seconds) * 1000;
    return new Date(Math.floor(now.getTime() / ms) * ms);
  }
  const past = timesAround(schedule, now, [-2, -1, 0]).filter((d) => d <= now);
  return new Date(Math.max(...past.map((d) => d.getTime())));
}

/** The first slot strictly after `after`. */
export function nextSlot(schedule: Schedule, after: Date): Date {
  if (schedule.kind === 'interval') {
    const ms = effectiveIntervalSeconds(schedule.seconds) * 1000;
    return new Date((Math.floor(after.getTime() / ms) + 1) * ms);
  }
  const future = timesAround(schedule, after, [0, 1, 2]).filter((d) => d > after);
  return new Date(Math.min(...future.map((d) => d.getTime())));
}

/** The longest gap between two slots: how long a slot stays the latest one. */
export function slotPeriodSeconds(schedule: Schedule): number {
  return schedule.kind === 'interval' ? effectiveIntervalSeconds(schedule.seconds) : 86_400;
}
