import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('parseConfig', () => {
  it('applies defaults', () => {
    const config = parseConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.database).toEqual({ client: 'sqlite', filename: 'data/sync.db' });
    expect(config.logLevel).toBe('info');
    expect(config.secrets.key).toBeUndefined();
  });

  it('reads the feed in its own thread unless SAGE_FEED_THREAD is false (ADR 0078)', () => {
    expect(parseConfig({}).sageFeed.thread).toBe(true);
    expect(parseConfig({ SAGE_FEED_THREAD: 'false' }).sageFeed.thread).toBe(false);
    expect(() => parseConfig({ SAGE_FEED_THREAD: 'no' })).toThrow(ConfigError);
  });

  it('recognises postgres and sqlite URLs', () => {
    expect(parseConfig({ DATABASE_URL: 'postgres://u@127.0.0.1:5432/test' }).database).toEqual({
      client: 'postgres',
      connectionString: 'postgres://u@127.0.0.1:5432/test',
    });
    expect(parseConfig({ DATABASE_URL: 'sqlite:/tmp/x.db' }).database).toEqual({
      client: 'sqlite',
      filename: '/tmp/x.db',
    });
  });

  it('lists every bad variable in one error', () => {
    let error: unknown;
    try {
      parseConfig({
        PORT: 'abc',
        DATABASE_URL: 'nonsense',
        LOG_LEVEL: 'loud',
        SECRET_KEY: 'short',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.find((p) => p.startsWith('PORT:'))).toMatch(/number/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres URL/);
    expect(problems.find((p) => p.startsWith('LOG_LEVEL:'))).toMatch(/info/);
    expect(problems.find((p) => p.startsWith('SECRET_KEY:'))).toMatch(/32 random bytes/);
  });

  it('requires SECRET_KEY in production', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(
      /SECRET_KEY: required in production/,
    );
    const key = 'a'.repeat(64);
    expect(parseConfig({ NODE_ENV: 'production', SECRET_KEY: key }).secrets.key?.length).toBe(32);
  });

  it('parses previous keys for rotation', () => {
    const config = parseConfig({ SECRET_KEYS_PREVIOUS: `old:${'b'.repeat(64)}` });
    expect(config.secrets.previous.get('old')?.toString('hex')).toBe('b'.repeat(64));
  });
});
