import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, defaultDestination } from './logging.js';

describe('log format', () => {
  it('is JSON when stdout is not a terminal, pretty when it is', () => {
    expect(defaultDestination({ isTTY: false })).toBeUndefined();
    expect(defaultDestination({})).toBeUndefined();
    const pretty = defaultDestination({ isTTY: true });
    expect(pretty).toBeDefined();
    expect(typeof (pretty as Writable).write).toBe('function');
  });

  it('writes one JSON object per line to a pipe, with secrets redacted', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _e, cb) {
        lines.push(String(chunk));
        cb();
      },
    });
    createLogger('info', sink).info({ password: 'hunter2', n: 1 }, 'hello');
    const line = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(line).toMatchObject({ msg: 'hello', n: 1, password: '[redacted]' });
  });
});
