import { DateTime } from 'luxon';

export interface SageClockReading {
  /** YYYYMMDD in the Sage server's time zone. */
  Date: string;
  /** Decimal hours, the way Sage writes TimeUpdated. */
  Time: string;
}

/**
 * What Sage would stamp right now: the local date and decimal hours in the zone the Sage server
 * runs in. The backend caps its watermark with this reading, so a row stamped by a workstation
 * whose clock runs ahead cannot push the feed past the present.
 */
export function readSageClock(now: Date, timeZone: string): SageClockReading {
  const local = DateTime.fromJSDate(now, { zone: timeZone });
  const hours = local.hour + local.minute / 60 + (local.second + local.millisecond / 1000) / 3600;
  return { Date: local.toFormat('yyyyLLdd'), Time: hours.toFixed(5) };
}
