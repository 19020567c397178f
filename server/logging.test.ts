import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';

const capture = () => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { lines, logger: createLogger('info', stream) };
};

describe('log redaction', () => {
  it('keeps error codes visible and secrets (the OAuth code included) redacted', () => {
    const { lines, logger } = capture();
    logger.warn(
      {
        code: 'INVALID_DATA',
        err: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' },
        attempt: { error: { code: 'SO_RecordLocked' } },
        token: 'tok-secret-1',
        headers: { authorization: 'Bearer tok-secret-2' },
        query: { code: '1000.oauth-code-secret', state: 'abc' },
        body: { code: '1000.oauth-code-secret-2' },
        zoho: { refresh_token: 'tok-secret-3' },
      },
      'something failed',
    );
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a log line is untyped JSON
    const line = JSON.parse(lines[0] ?? '{}') as Record<string, any>;
    expect(line.code).toBe('INVALID_DATA');
    expect(line.err.code).toBe('ECONNREFUSED');
    expect(line.attempt.error.code).toBe('SO_RecordLocked');
    expect(line.query).toEqual({ code: '[redacted]', state: 'abc' });
    expect(line.body.code).toBe('[redacted]');
    expect([line.token, line.headers.authorization, line.zoho.refresh_token]).toEqual([
      '[redacted]',
      '[redacted]',
      '[redacted]',
    ]);
    expect(lines[0]).not.toMatch(/secret/);
  });
});
