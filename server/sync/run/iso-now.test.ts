import { afterEach, expect, it, vi } from 'vitest';
import { isoNow } from './deps.js';

afterEach(() => {
  vi.useRealTimers();
});

it("gives the wall clock's ISO text, made anew each millisecond, or the engine's own clock", () => {
  vi.useFakeTimers();
  vi.setSystemTime(Date.parse('2026-12-02T03:00:00.123Z'));
  const first = isoNow({});
  expect(first).toBe('2026-12-02T03:00:00.123Z');
  expect(isoNow({})).toBe(first);
  vi.setSystemTime(Date.parse('2026-12-02T03:00:00.124Z'));
  expect(isoNow({})).toBe('2026-12-02T03:00:00.124Z');
  expect(isoNow({ now: () => new Date('2026-01-01T00:00:00.000Z') })).toBe(
    '2026-01-01T00:00:00.000Z',
  );
});
