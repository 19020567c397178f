import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config.js';

describe('sync configuration', () => {
  it('defaults event retention to 90 days and the page size to 100', () => {
    expect(parseConfig({}).sync).toEqual({ eventRetentionDays: 90, pageSize: 100 });
    expect(parseConfig({ SYNC_EVENT_RETENTION_DAYS: '30', SYNC_PAGE_SIZE: '50' }).sync).toEqual({
      eventRetentionDays: 30,
      pageSize: 50,
    });
  });

  it('names a bad value', () => {
    expect(() => parseConfig({ SYNC_EVENT_RETENTION_DAYS: '0' })).toThrow(ConfigError);
    expect(() => parseConfig({ SYNC_PAGE_SIZE: 'lots' })).toThrow(/SYNC_PAGE_SIZE/);
  });
});
