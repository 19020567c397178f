import { describe, expect, it } from 'vitest';
import { readStartFor } from './feed-window.js';

describe('where a poll starts re-reading', () => {
  it('goes back the overlap in local wall-clock time on an ordinary day', () => {
    expect(readStartFor({ date: '20260601', time: '14.50000' }, 900, 'America/Chicago')).toEqual({
      date: '20260601',
      time: '14.25000',
    });
    expect(readStartFor({ date: '20260601', time: '0.10000' }, 900, 'UTC')).toEqual({
      date: '20260531',
      time: '23.85000',
    });
  });

  it('widens by the DST shift when a fall-back follows the start (New York, 2026-11-01)', () => {
    // 01:50 local (first occurrence, EDT) - 15 min = 01:35 EDT; the clock then repeats 01:00-02:00.
    expect(readStartFor({ date: '20261101', time: '1.83333' }, 900, 'America/New_York')).toEqual({
      date: '20261101',
      time: '0.58333',
    });
    // Late evening before the change: 23:30 - 15 min = 23:15, and 02:00 EDT is within 3 hours.
    expect(readStartFor({ date: '20261031', time: '23.50000' }, 900, 'America/New_York')).toEqual({
      date: '20261031',
      time: '22.25000',
    });
    // After the repeated hour there is nothing to widen.
    expect(readStartFor({ date: '20261101', time: '3.00000' }, 900, 'America/New_York')).toEqual({
      date: '20261101',
      time: '2.75000',
    });
  });

  it('does not widen at a spring-forward (the clock skips, nothing repeats)', () => {
    expect(readStartFor({ date: '20260308', time: '1.75000' }, 900, 'America/New_York')).toEqual({
      date: '20260308',
      time: '1.50000',
    });
  });

  it('re-reads the whole day of a stamp it cannot place, and starts unstamped rows at the top', () => {
    expect(readStartFor({ date: '20260601', time: 'x' }, 900, 'UTC')).toEqual({
      date: '20260601',
      time: '0',
    });
    expect(readStartFor({ date: '00000000', time: '' }, 900, 'UTC')).toEqual({
      date: '00000000',
      time: '0',
    });
  });
});
