import { DateTime } from 'luxon';
import { NEVER_STAMPED } from '../../agent/sage-row.js';
import { sageToInstant } from './sage-time.js';

export interface SageLocalStamp {
  date: string;
  time: string;
}

const HOURS_AHEAD_CHECKED = 3;

/**
 * Where a poll starts re-reading: `overlapSeconds` of real time before the watermark, in Sage's
 * local wall clock. Sage stamps local time without an offset, so after a DST fall-back the wall
 * clock repeats an hour and rows written later carry earlier stamps than the watermark. When a
 * fall-back lies within a few hours after the start, the start moves back by the size of the
 * shift, so the repeated hour is re-read (and the content hashes drop what was already seen).
 * An ambiguous watermark is placed at its first occurrence, which also errs towards re-reading.
 */
export function readStartFor(
  position: SageLocalStamp,
  overlapSeconds: number,
  zone: string,
): SageLocalStamp {
  if (position.date === NEVER_STAMPED) return { date: NEVER_STAMPED, time: '0' };
  let instant: Date;
  try {
    instant = sageToInstant(position.date, position.time, zone);
  } catch {
    // A stamp that cannot be placed (a malformed time): re-read its whole day rather than stall.
    return { date: position.date, time: '0' };
  }
  const from = DateTime.fromJSDate(instant, { zone }).minus({ seconds: overlapSeconds });
  let lowestOffset = from.offset;
  for (let minutes = 30; minutes <= HOURS_AHEAD_CHECKED * 60; minutes += 30) {
    lowestOffset = Math.min(lowestOffset, from.plus({ minutes }).offset);
  }
  const shiftMinutes = from.offset - lowestOffset;
  const wall = DateTime.fromObject(
    {
      year: from.year,
      month: from.month,
      day: from.day,
      hour: from.hour,
      minute: from.minute,
      second: from.second,
    },
    { zone: 'UTC' },
  ).minus({ minutes: shiftMinutes });
  const seconds = wall.hour * 3600 + wall.minute * 60 + wall.second;
  return { date: wall.toFormat('yyyyLLdd'), time: (seconds / 3600).toFixed(5) };
}
