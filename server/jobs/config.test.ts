import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../config.js';

describe('jobs configuration', () => {
  it('is on by default, off in tests unless turned on, with documented defaults', () => {
    expect(parseConfig({}).jobs).toEqual({
      enabled: true,
      tickSeconds: 15,
      reconcileHours: 24,
      concurrency: 4,
      pgBossSchema: 'pgboss',
      expireSeconds: 7200,
      busyRetrySeconds: 15,
      takeoverSeconds: 30,
    });
    expect(parseConfig({ NODE_ENV: 'test' }).jobs.enabled).toBe(false);
    expect(parseConfig({ NODE_ENV: 'test', JOBS_ENABLED: 'true' }).jobs.enabled).toBe(true);
    expect(parseConfig({ JOBS_ENABLED: 'false' }).jobs.enabled).toBe(false);
    expect(parseConfig({ JOBS_RECONCILE_HOURS: '0' }).jobs.reconcileHours).toBe(0);
  });

  it('names every bad jobs variable', () => {
    const bad = () =>
      parseConfig({
        JOBS_ENABLED: 'yes',
        JOBS_TICK_SECONDS: '0',
        JOBS_RECONCILE_HOURS: '200',
        JOBS_PGBOSS_SCHEMA: 'Bad-Schema',
        JOBS_EXPIRE_SECONDS: '90000',
      });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (err) {
      const names = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(names).toEqual([
        'JOBS_ENABLED',
        'JOBS_TICK_SECONDS',
        'JOBS_RECONCILE_HOURS',
        'JOBS_PGBOSS_SCHEMA',
        'JOBS_EXPIRE_SECONDS',
      ]);
    }
  });
});
