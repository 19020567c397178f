import { describe, expect, it } from 'vitest';
import { creditsResumeAt } from './credit-window.js';

const now = new Date('2026-12-01T19:40:00Z');

describe('when spent daily credits free up', () => {
  it('is null while the total is below the share', () => {
    expect(creditsResumeAt([{ hour: '2026-12-01T10', credits: 99 }], 99, 100, now)).toBeNull();
  });

  it('is when enough of the oldest hours have left the rolling 24 hours', () => {
    const hours = [
      { hour: '2026-12-01T09', credits: 30 },
      { hour: '2026-11-30T22', credits: 50 },
      { hour: '2026-12-01T18', credits: 40 },
    ];
    // 120 used of 100: the 22:00 hour leaving makes 70, below the share.
    expect(creditsResumeAt(hours, 120, 100, now)?.toISOString()).toBe('2026-12-01T22:00:00.000Z');
    // 120 of 50: 22:00 leaves (70), then 09:00 (40 < 50) the next morning.
    expect(creditsResumeAt(hours, 120, 50, now)?.toISOString()).toBe('2026-12-02T09:00:00.000Z');
  });

  it('counts credits not written yet as this hour, the last to leave', () => {
    const hours = [{ hour: '2026-12-01T08', credits: 10 }];
    expect(creditsResumeAt(hours, 200, 100, now)?.toISOString()).toBe('2026-12-02T19:00:00.000Z');
  });
});
