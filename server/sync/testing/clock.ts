/** A clock for fakes: every write moves it one second, so versions of successive edits differ. */
export class FakeClock {
  constructor(private ms = Date.parse('2026-11-21T12:00:00.000Z')) {}

  now(): Date {
    return new Date(this.ms);
  }

  tick(seconds = 1): string {
    this.ms += seconds * 1000;
    return new Date(this.ms).toISOString();
  }
}
